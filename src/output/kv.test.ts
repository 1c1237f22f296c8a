import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatKv, kvValue } from './kv';

test('plain values go out as they are; numbers as numbers', () => {
  assert.equal(kvValue('TCP'), 'TCP');
  assert.equal(kvValue('10.101.101.161'), '10.101.101.161');
  assert.equal(kvValue('https://example.com/a?b'), 'https://example.com/a?b');
  assert.equal(kvValue(1606923302), '1606923302');
  assert.equal(kvValue(0), '0');
  assert.equal(kvValue('CORP\\alice'), 'CORP\\alice'); // a backslash alone needs no quotes
});

test('empty values and values with a space, tab, = or " are quoted, with " and \\ escaped', () => {
  assert.equal(kvValue(''), '""');
  assert.equal(kvValue('SSL client'), '"SSL client"');
  assert.equal(kvValue('a\tb'), '"a\tb"');
  assert.equal(kvValue('q=1'), '"q=1"');
  assert.equal(kvValue('Network Analysis Policy in "Detection" Inspection Mode'), '"Network Analysis Policy in \\"Detection\\" Inspection Mode"');
  assert.equal(kvValue('say "hi"'), '"say \\"hi\\""');
  assert.equal(kvValue('C:\\Program Files\\x'), '"C:\\\\Program Files\\\\x"');
  assert.equal(kvValue('"'), '"\\""');
});

test('a value with a Unicode space is quoted too (an extractor may end an unquoted value there)', () => {
  for (const space of ['\u0085', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff']) {
    assert.equal(kvValue(`a${space}b`), `"a${space}b"`, `U+${space.charCodeAt(0).toString(16)}`);
  }
  assert.equal(kvValue('Z\u00fcrich'), 'Z\u00fcrich');
  assert.equal(kvValue('\u200b'), '\u200b', 'a zero-width space is no white space');
});

test('a newline becomes \\n and a carriage return is dropped, so a record stays one line', () => {
  assert.equal(kvValue('GET /\r\nHost: x'), '"GET /\\nHost: x"');
  assert.equal(kvValue('a\nb'), 'a\\nb');
  assert.equal(kvValue('a\r'), 'a');
  assert.ok(!formatKv(1, { v: 'x\ny\rz' }).includes('\n'));
});

test('rec_type first, event_sec second, then the fields in order; undefined left out', () => {
  const line = formatKv(71, { rec_type_simple: 'RNA', src_ip: '10.0.0.1', event_sec: 1606923302, gone: undefined, url: '' });
  assert.equal(line, 'rec_type=71 event_sec=1606923302 rec_type_simple=RNA src_ip=10.0.0.1 url=""');
  assert.equal(formatKv(123, { id: 1, name: 'fmc one' }), 'rec_type=123 id=1 name="fmc one"');
});

test('lists and nested blocks are flattened with dotted paths; a known block type is not printed', () => {
  const line = formatKv(11, {
    servers: [
      { block_type: 103, port: 80, info: [{ block_type: 117, name: 'Apache httpd' }] },
      { block_type: 103, port: 443, info: [] },
    ],
    mac: { block_type: 95, mac_address: '00:11:22:33:44:55' },
    odd: { block_type: 999, block_data: 'cafe' },
  });
  assert.equal(
    line,
    'rec_type=11 servers.0.port=80 servers.0.info.0.name="Apache httpd" servers.1.port=443 ' +
      'mac.mac_address=00:11:22:33:44:55 odd.block_type=999 odd.block_data=cafe',
  );
});

test('characters XML cannot carry are dropped, so a kv line goes into Splunk unscanned', () => {
  assert.equal(kvValue('a\u0001b\u001fc'), 'abc');
  assert.equal(kvValue('x\u0007 y'), '"x y"');
  assert.equal(kvValue('a\u000bb\u000c'), 'ab');
  assert.equal(kvValue('\u0001'), '""', 'nothing left: an empty value');
  assert.equal(kvValue('a\uFFFEb\uFFFF'), 'ab');
  assert.equal(kvValue('lone \ud800 high, lone \udc00 low'), '"lone  high, lone  low"');
  assert.equal(kvValue('pair \u{1F600}'), '"pair \u{1F600}"', 'a surrogate pair stays');
  assert.equal(kvValue('\u{1F600}'), '\u{1F600}');
  assert.equal(kvValue('caf\u00e9 \u4e2d\uFFFD'), '"caf\u00e9 \u4e2d\uFFFD"', 'any other character stays');
  // What the XML stream writer would remove from a line is never in one.
  const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  for (let c = 0; c < 0x10000; c++) {
    const line = formatKv(1, { v: `a${String.fromCharCode(c)}b`, w: `${String.fromCharCode(c)}` });
    assert.ok(!forbidden.test(line), `U+${c.toString(16)}: ${JSON.stringify(line)}`);
  }
});
