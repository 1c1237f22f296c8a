// Input and validation definitions as splunkd and the SDK fixtures write them.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  decodeDefinition,
  isCompleteDefinition,
  parseInputDefinition,
  parseValidationDefinition,
} from '../../src/splunk/input-definition';
import { SPLUNK_REFERENCE } from '../paths';

const fixture = (path: string) => readFileSync(join(SPLUNK_REFERENCE, path));

/** The fixture re-encoded as UTF-16LE with a BOM: no fixture is, but splunkd could write it. */
function utf16le(bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(decodeDefinition(bytes), 'utf16le')]);
}

const TWO_STANZAS = [
  { name: 'aaa', params: { param1: 'value1', param2: 'value2', disabled: '0', index: 'default' } },
  {
    name: 'bbb',
    params: {
      param1: 'value11',
      param2: 'value22',
      disabled: '0',
      index: 'default',
      multiValue: ['value1', 'value2'],
      multiValue2: ['value3', 'value4'],
    },
  },
];

describe('input definition', () => {
  it('reads the JS SDK definition (declares utf-16, is UTF-8)', async () => {
    const definition = await parseInputDefinition(fixture('js-sdk-1.11.0/conf_with_2_inputs.xml'));
    assert.deepEqual(definition, {
      server_host: 'tiny',
      server_uri: 'https://127.0.0.1:8089',
      session_key: '123102983109283019283',
      checkpoint_dir: '/some/dir',
      stanzas: TWO_STANZAS,
    });
  });

  it('reads the Python SDK definition (UTF-16BE with BOM) with its app attributes', async () => {
    const bytes = fixture('python-sdk/conf_with_2_inputs.xml');
    assert.deepEqual([...bytes.subarray(0, 2)], [0xfe, 0xff]);
    const definition = await parseInputDefinition(bytes);
    assert.deepEqual(definition.stanzas, [
      { ...TWO_STANZAS[0], app: 'search' },
      { ...TWO_STANZAS[1], app: 'my_app' },
    ]);
    assert.equal(definition.session_key, '123102983109283019283');
  });

  it('reads UTF-16LE with a BOM', async () => {
    const definition = await parseInputDefinition(utf16le(fixture('python-sdk/conf_with_2_inputs.xml')));
    assert.equal(definition.stanzas[1].app, 'my_app');
    assert.deepEqual(definition.stanzas[1].params.multiValue, ['value1', 'value2']);
  });

  it('reads a definition with no stanza', async () => {
    for (const path of ['js-sdk-1.11.0/conf_with_0_inputs.xml', 'python-sdk/conf_with_0_inputs.xml']) {
      const definition = await parseInputDefinition(fixture(path));
      assert.deepEqual(definition.stanzas, [], path);
      assert.equal(definition.checkpoint_dir, '/some/dir');
    }
  });

  it('strips the scheme from stanza names (Go SDK sample)', async () => {
    const definition = await parseInputDefinition(fixture('go-sdk-examples/sampleconfig.xml'));
    assert.deepEqual(
      definition.stanzas.map((s) => [s.name, s.params.text]),
      [
        ['world', 'World!'],
        ['germany', 'Germany!'],
      ],
    );
  });

  it('rejects the invalid definition, naming the unexpected elements', async () => {
    for (const path of ['js-sdk-1.11.0/conf_with_invalid_inputs.xml', 'python-sdk/conf_with_invalid_inputs.xml']) {
      await assert.rejects(parseInputDefinition(fixture(path)), {
        name: 'DefinitionError',
        message: 'Invalid input definition: <stanza name="foobar://aaa"> contains unexpected <editor>, <nightmare>; only <param> and <param_list> are allowed',
      });
    }
  });

  it('rejects text that is not XML, and the wrong document', async () => {
    await assert.rejects(parseInputDefinition('<input><configuration>'), /not well-formed XML/);
    await assert.rejects(parseInputDefinition(fixture('js-sdk-1.11.0/validation.xml')), /expected <input> but the document is <items>/);
  });
});

describe('validation definition', () => {
  const EXPECTED_ITEM = {
    name: 'aaa',
    params: {
      param1: 'value1',
      param2: 'value2',
      disabled: '0',
      index: 'default',
      multiValue: ['value1', 'value2'],
      multiValue2: ['value3', 'value4'],
    },
  };

  it('reads the JS and Python SDK validation documents (bare item name)', async () => {
    for (const path of ['js-sdk-1.11.0/validation.xml', 'python-sdk/validation.xml']) {
      const definition = await parseValidationDefinition(fixture(path));
      assert.deepEqual(definition, {
        server_host: 'tiny',
        server_uri: 'https://127.0.0.1:8089',
        session_key: '123102983109283019283',
        checkpoint_dir: '/opt/splunk/var/lib/splunk/modinputs',
        stanzas: [EXPECTED_ITEM],
      }, path);
    }
  });

  it('reads a scheme:// item name (Go SDK sample)', async () => {
    const definition = await parseValidationDefinition(fixture('go-sdk-examples/samplevalid.xml'));
    assert.deepEqual(definition.stanzas, [{ name: 'world', params: { text: 'World!', disabled: '0' } }]);
  });

  it('requires exactly one item', async () => {
    await assert.rejects(parseValidationDefinition('<items><server_uri>x</server_uri></items>'), /exactly one <item>, found 0/);
  });
});

describe('reading stdin', () => {
  it('knows a definition is complete at its closing tag, whatever the encoding', () => {
    const whole = fixture('python-sdk/conf_with_2_inputs.xml');
    assert.equal(isCompleteDefinition(decodeDefinition(whole)), true);
    assert.equal(isCompleteDefinition(decodeDefinition(whole.subarray(0, whole.length - 40))), false);
    assert.equal(isCompleteDefinition(decodeDefinition(fixture('js-sdk-1.11.0/validation.xml'))), true);
  });
});
