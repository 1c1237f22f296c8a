// The --scheme document, compared in shape with the SDK fixtures.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseStringPromise } from 'xml2js';
import { ARGUMENT_NAMES, defaultSourcetype, INPUT_ARGUMENTS, schemeXml } from '../../src/splunk/scheme';
import { SPLUNK_REFERENCE } from '../paths';

type Element = Record<string, unknown[]> & { $?: Record<string, string> };

async function parseScheme(text: string): Promise<Element> {
  const document = (await parseStringPromise(text)) as { scheme: Element };
  return document.scheme;
}

const argsOf = (scheme: Element) => ((scheme.endpoint[0] as Element).args[0] as Element).arg as Element[];

describe('scheme', () => {
  it('has the elements of the SDK fixture, in its order, with our values', async () => {
    const fixture = await parseScheme(readFileSync(join(SPLUNK_REFERENCE, 'python-sdk/scheme_without_defaults_and_argument_title.xml'), 'utf8'));
    const scheme = await parseScheme(schemeXml());
    assert.deepEqual(Object.keys(scheme), Object.keys(fixture));
    assert.deepEqual(scheme.title, ['Cisco eStreamer']);
    assert.deepEqual(scheme.use_external_validation, ['true']);
    assert.deepEqual(scheme.use_single_instance, ['false']);
    assert.deepEqual(scheme.streaming_mode, ['xml']);
    assert.match(String(scheme.description[0]), /cisco:estreamer/);
  });

  it('declares every argument of the table, with the child elements the fixture uses', async () => {
    const fixtureArg = argsOf(await parseScheme(readFileSync(join(SPLUNK_REFERENCE, 'python-sdk/scheme_without_defaults_and_argument_title.xml'), 'utf8')))[1];
    const fixtureOrder = Object.keys(fixtureArg).filter((k) => k !== '$');
    const args = argsOf(await parseScheme(schemeXml()));
    assert.deepEqual(args.map((a) => a.$?.name), ARGUMENT_NAMES);
    for (const arg of args) {
      const name = arg.$!.name as keyof typeof INPUT_ARGUMENTS;
      const spec = INPUT_ARGUMENTS[name];
      assert.match(name, /^[0-9a-zA-Z][0-9a-zA-Z_-]*$/);
      const children = Object.keys(arg).filter((k) => k !== '$');
      assert.deepEqual(children, fixtureOrder.filter((k) => k !== 'validation' || 'validation' in spec), name);
      assert.deepEqual(arg.title, [spec.title]);
      assert.deepEqual(arg.description, [spec.description]);
      assert.deepEqual(arg.data_type, [spec.dataType]);
      assert.deepEqual(arg.required_on_create, [String(spec.required)]);
      assert.deepEqual(arg.required_on_edit, ['false']);
    }
  });

  it('requires only the FMC host and the PKCS#12 file, and leaves interval to splunkd', () => {
    assert.deepEqual(ARGUMENT_NAMES.filter((name) => INPUT_ARGUMENTS[name].required), ['fmc_host', 'pkcs12_file']);
    assert.ok(!ARGUMENT_NAMES.some((name) => ['interval', 'index', 'host', 'sourcetype', 'source', 'disabled'].includes(name)));
  });

  it('offers the security_cloud format and the security_intelligence category; security_cloud defaults to Security Cloud\'s sourcetype', async () => {
    const args = argsOf(await parseScheme(schemeXml()));
    const description = (name: string) => String(args.find((a) => a.$?.name === name)!.description[0]);
    assert.match(description('output_format'), /security_cloud .*cisco:sfw:estreamer/);
    assert.match(description('records'), /security_intelligence.*-security_intelligence/);
    assert.equal(defaultSourcetype('kv'), 'cisco:estreamer');
    assert.equal(defaultSourcetype('json'), 'cisco:estreamer');
    assert.equal(defaultSourcetype('security_cloud'), 'cisco:sfw:estreamer');
  });

  it('escapes text for XML', async () => {
    const scheme = await parseScheme(schemeXml());
    const port = argsOf(scheme).find((a) => a.$?.name === 'fmc_port')!;
    assert.deepEqual(port.validation, [`validate(is_port('fmc_port'), "fmc_port must be a TCP port number (1-65535)")`]);
  });
});
