// Search-time extraction cannot be steered by event content: for hostile values, the line our kv
// writer prints, read the way props.conf's KV_MODE reads it (props.conf.spec's rules, in
// kv-extraction.ts), gives back exactly the pairs that were written. The setting is read from
// props.conf, so changing it (KV_MODE = auto) or the writer's escaping fails here. The same
// extraction runs over json and security_cloud events: there it must find no pair at all (the JSON
// writer spells `=` as \u003d), and JSON.parse must give back the hostile values.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MetadataCache } from '../../src/metadata/cache';
import { Decorator } from '../../src/metadata/decorator';
import { formatJson } from '../../src/output/json';
import { formatKv } from '../../src/output/kv';
import { formatSecurityCloud } from '../../src/output/security-cloud';
import { recordFrame } from '../../src/protocol/messages';
import { RecordDecoder } from '../../src/records/decoder';
import { layouts } from '../../src/records/registry';
import { TrafficGenerator } from '../../src/simulator/generator';
import { readConf } from './conf';
import { extractPairs } from './kv-extraction';
import { kvMode } from './search-time';
import { SPLUNK_REFERENCE } from '../paths';

const HOSTILE: [what: string, value: string][] = [
  ['a quote that closes the value and adds a pair', 'x" src_ip=6.6.6.6 action="allowed'],
  ['an escaped-looking quote', 'x\\" src_ip=6.6.6.6'],
  ['a trailing backslash that would escape the closing quote', 'C:\\temp\\'],
  ['backslashes before a quote', 'a\\\\" dest_ip=7.7.7.7 b="'],
  ['a lone backslash, no space', 'CORP\\alice'],
  ['a pair without spaces', 'src_ip=6.6.6.6'],
  ['= at the start', '=6.6.6.6'],
  ['a URL with a query', 'https://example.com/?a=1&src_ip=6.6.6.6'],
  ['spaces around', '  padded value  '],
  ['only spaces', '   '],
  ['a tab', 'a\tsrc_ip=6.6.6.6'],
  ['an empty value', ''],
  ['only a quote', '"'],
  ['two quotes', '""'],
  ['a newline, then a pair', 'GET / HTTP/1.1\nsrc_ip=6.6.6.6'],
  ['CR LF', 'line one\r\nline two'],
  ['a Splunk header', '***SPLUNK*** host=evil sourcetype=evil index=main'],
  ['non-ASCII letters', 'Zürich Straße 東京'],
  ['an emoji pair', 'x \u{1F600} src_ip=6.6.6.6'],
  ['no-break space', 'a\u00a0src_ip=6.6.6.6'],
  ['no-break space alone', 'Z\u00fcrich\u00a0Nord'],
  ['ideographic space', 'a\u3000src_ip=6.6.6.6'],
  ['ideographic space alone', '\u6771\u4eac\u3000\u99c5'],
  ['next line (U+0085)', 'a\u0085b'],
  ['line separator', 'a\u2028src_ip=6.6.6.6'],
  ['a control character', 'a\u0007b'],
  ['a key-like word after a comma', 'a,src_ip=6.6.6.6'],
];

/**
 * What a value can become in a one-line event (kv.ts): a newline is the two characters \n, a
 * carriage return and the characters XML 1.0 cannot carry are dropped. Nothing else changes.
 */
const printable = (value: string) => value.replace(/\r/g, '').replace(/\n/g, '\\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

const props = readConf('default/props.conf');

// The json output of a connection event whose url and user agent are `value`, three ways: the
// readable formatter, and the generated renderers (of the decoded record, and straight from its bytes).
const decoder = new RecordDecoder(layouts);
const decorator = new Decorator(new MetadataCache(), undefined, layouts);
const generator = new TrafficGenerator({ seed: 1 });
function jsonLines(value: string): string[] {
  const frame = recordFrame(71, generator.record(71, { url: value, user_agent: value }, 174)!, 1700000000);
  return [
    formatJson(71, { event_sec: 1700000000, url: value, src_ip: '10.0.0.1', user_agent: value, dest_ip: '10.0.0.2' }),
    decorator.render(decoder.decode(frame), 'json'),
    decorator.renderWire(frame, layouts.record(71)!, 'json', decoder)!.line,
  ];
}

for (const sourcetype of ['cisco:estreamer', 'cisco:estreamer:data']) {
  describe(`[${sourcetype}] KV_MODE = ${props.get(sourcetype)?.get('KV_MODE')}`, () => {
    const mode = kvMode(props.get(sourcetype)!);

    for (const [what, value] of HOSTILE) {
      it(`gives back the written pairs: ${what}`, () => {
        const line = formatKv(71, { event_sec: 1700000000, url: value, src_ip: '10.0.0.1', user: value, dest_ip: '10.0.0.2' });
        assert.ok(!/[\r\n]/.test(line), 'one line');
        assert.deepEqual(extractPairs(line, mode), [
          ['rec_type', '71'],
          ['event_sec', '1700000000'],
          ['url', printable(value)],
          ['src_ip', '10.0.0.1'],
          ['user', printable(value)],
          ['dest_ip', '10.0.0.2'],
        ]);
      });
    }

    for (const [what, value] of HOSTILE) {
      it(`finds no pair in json output: ${what}`, () => {
        for (const line of jsonLines(value)) {
          assert.ok(!/[\r\n]/.test(line), 'one line');
          assert.deepEqual(extractPairs(line, mode), [], line);
          const event = JSON.parse(line) as Record<string, unknown>;
          assert.deepEqual([event.url, event.user_agent], [value, value], line);
        }
      });
    }

    it('gives back every value of the real capture', () => {
      // Printed by our writer from the FMC's own values (nothing hostile), read back the same.
      const line = formatKv(71, { a: 'SSL client', b: 'Network Analysis Policy in "Detection" Inspection Mode', c: 'C:\\Program Files\\x y' });
      assert.deepEqual(extractPairs(line, mode).slice(1), [
        ['a', 'SSL client'],
        ['b', 'Network Analysis Policy in "Detection" Inspection Mode'],
        ['c', 'C:\\Program Files\\x y'],
      ]);
    });
  });
}

// security_cloud events go out under cisco:sfw:estreamer, whose props.conf is not ours: either mode.
describe('[cisco:sfw:estreamer] security_cloud output', () => {
  for (const mode of ['auto', 'auto_escaped'] as const) {
    it(`finds no pair under KV_MODE = ${mode}, and JSON.parse gives back the values`, () => {
      for (const [, value] of HOSTILE) {
        const line = formatSecurityCloud(71, { src_ip: '10.0.0.1', url: value, eve_process: value })!;
        assert.deepEqual(extractPairs(line, { mode, trimSpaces: true }), [], line);
        const event = JSON.parse(line) as Record<string, unknown>;
        const expected = value === '' ? undefined : value; // Security Cloud leaves an empty value out
        assert.deepEqual([event.InitiatorIP, event.URL, event.EVE_Process], ['10.0.0.1', expected, expected], line);
      }
    });
  }
});

describe('the extraction model', () => {
  it('finds a pair in JSON that keeps = as it is (so the json tests above can fail)', () => {
    const pairs = extractPairs(JSON.stringify({ url: 'x src_ip=6.6.6.6 y' }), { mode: 'auto_escaped', trimSpaces: false });
    assert.deepEqual(pairs, [['src_ip', '6.6.6.6']]);
  });

  it('is spoofed under KV_MODE = auto, as props.conf.spec says (so the test above can fail)', () => {
    const line = formatKv(71, { url: 'x" src_ip=6.6.6.6 y="', src_ip: '10.0.0.1' });
    const pairs = extractPairs(line, { mode: 'auto', trimSpaces: true });
    assert.ok(pairs.some(([key, value]) => key === 'src_ip' && value === '6.6.6.6'), JSON.stringify(pairs));
  });

  it('trims spaces unless KV_TRIM_SPACES = false', () => {
    assert.deepEqual(extractPairs('a=" x "', { mode: 'auto_escaped', trimSpaces: true }), [['a', 'x']]);
    assert.deepEqual(extractPairs('a=" x "', { mode: 'auto_escaped', trimSpaces: false }), [['a', ' x ']]);
  });

  it('follows the spec text it models', () => {
    const spec = readFileSync(join(SPLUNK_REFERENCE, 'splunk-spec-9.2', 'props.conf.spec'), 'utf8');
    assert.match(spec, /auto_escaped - Extracts fields\/value pairs separated by equal signs and\s+honors \\" and \\\\ as escaped sequences within quoted\s+values/);
    assert.deepEqual(extractPairs('field="value with \\"nested\\" quotes"', { mode: 'auto_escaped', trimSpaces: true }), [
      ['field', 'value with "nested" quotes'],
    ]);
  });
});
