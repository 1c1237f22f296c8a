import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzDecoders, seedRecords } from './fuzz';
import { layouts } from './registry';

test('every record layout has a fuzz seed', () => {
  const types = new Set(seedRecords().map((s) => s.recordType));
  for (const r of layouts.allRecords()) assert.ok(types.has(r.type), `record ${r.type} has no seed`);
});

test('mutated records never crash, hang or read outside the record (CI slice of the fuzzer)', () => {
  const started = Date.now();
  const r = fuzzDecoders(50_000, 7);
  assert.equal(r.cases, r.seeds ? 50_000 : 0);
  assert.equal(r.decoded + r.malformed, r.cases);
  assert.ok(Date.now() - started < 60_000, 'no hang');
});
