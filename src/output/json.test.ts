import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatJson } from './json';

test('one object per line: rec_type and event_sec first, numbers as numbers, strings escaped', () => {
  const line = formatJson(71, {
    rec_type_simple: 'RNA',
    src_port: 59265,
    event_sec: 1606923302,
    url: 'https://x/"q"\n',
    absent: undefined,
    big: '18446744073709551615', // a u64 past 2^53 stays exact as a string
  });
  assert.ok(!line.includes('\n'));
  assert.equal(line, '{"rec_type":71,"event_sec":1606923302,"rec_type_simple":"RNA","src_port":59265,"url":"https://x/\\"q\\"\\n","big":"18446744073709551615"}');
  const parsed = JSON.parse(line);
  assert.equal(typeof parsed.src_port, 'number');
  assert.deepEqual(Object.keys(parsed), ['rec_type', 'event_sec', 'rec_type_simple', 'src_port', 'url', 'big']);
});

test('lists and nested blocks are JSON arrays and objects, without known block types', () => {
  const parsed = JSON.parse(
    formatJson(11, {
      servers: [{ block_type: 103, port: 80, hits: 3 }],
      odd: { block_type: 999, block_data: 'cafe' },
    }),
  );
  assert.deepEqual(parsed, { rec_type: 11, servers: [{ port: 80, hits: 3 }], odd: { block_type: 999, block_data: 'cafe' } });
});
