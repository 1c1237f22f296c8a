import { test } from 'node:test';
import assert from 'node:assert/strict';
import { History } from './history';

const record = (i: number) => ({ recordType: 71, archiveTimestamp: 1_000 + Math.floor(i / 10), body: Buffer.from(String(i)) });

test('a bounded history keeps about its capacity of newest events; indexes stay absolute', () => {
  const h = new History(100);
  for (let i = 0; i < 10_000; i++) h.append(record(i));
  assert.equal(h.length, 10_000);
  assert.ok(h.first >= 10_000 - 125 && h.first <= 10_000 - 100, `first kept: ${h.first}`);
  assert.equal(h.at(9_999).body.toString(), '9999');
  assert.equal(h.at(h.first).body.toString(), String(h.first));
  // Archive second 1990 holds events 9900-9909; seconds long dropped resolve to the oldest kept.
  assert.equal(h.indexAt(1_990), 9_900);
  assert.equal(h.indexAt(0), h.first);
  assert.equal(h.indexAt(5_000), 10_000);
});

test('an unbounded history keeps everything', () => {
  const h = new History();
  for (let i = 0; i < 1_000; i++) h.append(record(i));
  assert.equal(h.first, 0);
  assert.equal(h.at(0).body.toString(), '0');
});
