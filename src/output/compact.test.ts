// fields = compact through the record pipeline: on the real capture and on the simulator's mix,
// a compact line is the full line minus pairs that carry nothing (in the same order, with the
// same values), and the real capture shrinks to at most 0.6 of its bytes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CAPTURE_FILE } from '../../test/paths';
import { memoryLogger } from '../log';
import { recordFrame, type RecordFrame } from '../protocol/messages';
import { captureRecords } from '../simulator/capture';
import { TrafficGenerator } from '../simulator/generator';
import { RecordPipeline } from './pipeline';

/** The pairs of a kv line, `rec_type` first; quoted values keep their quotes. */
function pairs(line: string): [string, string][] {
  return [...line.matchAll(/(?:^| )([\w.]+)=("(?:[^"\\]|\\.)*"|\S*)/g)].map((m) => [m[1], m[2]]);
}

// What a pair says nothing with: the texts of nothing, and all-zero addresses, UUIDs and hashes.
const NOTHING = /^(""|0|N\/A|"N\/A"|Unknown|unknown|::|0\.0\.0\.0|[0:-]*0[0:-]*)$/;

/** Lines of both selections for the same records, each pipeline on its own (as two inputs would be). */
function bothSelections(records: RecordFrame[]): { all: string[]; compact: string[] } {
  const run = (fields: 'all' | 'compact') => {
    const pipeline = new RecordPipeline({ fields, logger: memoryLogger() });
    return records.map((r) => pipeline.process(r)?.line).filter((line): line is string => line !== undefined);
  };
  return { all: run('all'), compact: run('compact') };
}

function assertOnlyNothingLeftOut(all: string[], compact: string[]): { allBytes: number; compactBytes: number; dropped: Set<string> } {
  assert.equal(compact.length, all.length, 'one compact line per full line');
  const dropped = new Set<string>();
  let allBytes = 0;
  let compactBytes = 0;
  all.forEach((line, i) => {
    allBytes += Buffer.byteLength(line) + 1;
    compactBytes += Buffer.byteLength(compact[i]) + 1;
    const full = pairs(line);
    const kept = pairs(compact[i]);
    const keptNames = new Map(kept);
    let k = 0;
    for (const [j, [name, value]] of full.entries()) {
      if (k < kept.length && kept[k][0] === name) {
        assert.equal(kept[k][1], value, `line ${i}: ${name} printed as in the full line`);
        k++;
        continue;
      }
      // Left out: it says nothing, or it is an id whose name the compact line prints.
      // (The next pair that says something is then a name the compact line prints: dns_rec_id=1 dns_record_name=A.)
      const next = full.slice(j + 1).find(([, v]) => !NOTHING.test(v));
      const named = /(^|_)id$/.test(name) && next !== undefined && keptNames.get(next[0]) === next[1] && next[1] !== value && !/^\d+$/.test(next[1]);
      assert.ok(NOTHING.test(value) || named, `line ${i}: ${name}=${value} left out although it carries information`);
      dropped.add(name);
    }
    assert.equal(k, kept.length, `line ${i}: the compact line holds only pairs of the full line, in its order`);
  });
  return { allBytes, compactBytes, dropped };
}

test('compact lines of the real capture: at most 0.6 of the bytes, every field that carries information kept', () => {
  const { all, compact } = bothSelections(captureRecords(readFileSync(CAPTURE_FILE)));
  const { allBytes, compactBytes, dropped } = assertOnlyNothingLeftOut(all, compact);
  const ratio = compactBytes / allBytes;
  assert.ok(ratio <= 0.6, `compact is ${ratio.toFixed(3)} of the bytes`);
  for (const name of ['fw_rule_id', 'user_id', 'monitor_rule_1', 'legacy_ip', 'security_context', 'ssl_session_id', 'src_ip_country']) {
    assert.ok(dropped.has(name), `${name} left out`);
  }
  const first = compact.find((line) => line.startsWith('rec_type=71 '))!;
  for (const kept of ['fw_rule=allow-all', 'src_ip=192.168.50.50', 'src_port=59265', 'src_bytes=1687', 'user="No Authentication Required"', 'has_ipv6=1']) {
    assert.ok(first.includes(` ${kept}`), `${kept} kept`);
  }
});

test("compact lines of the simulator's mix (names known and unknown): only what carries nothing left out", () => {
  const gen = new TrafficGenerator({ seed: 17 });
  // The first events come before the metadata: their ids have no names yet and must stay.
  const events = (n: number, from: number) =>
    Array.from({ length: n }, (_, i) => {
      const e = gen.next();
      return recordFrame(e.recordType, e.body, from + i);
    });
  const records = [...events(50, 1_700_000_000), ...gen.metadata().map((m) => recordFrame(m.recordType, m.body, 0)), ...events(2000, 1_700_001_000)];
  const { all, compact } = bothSelections(records);
  const { allBytes, compactBytes } = assertOnlyNothingLeftOut(all, compact);
  assert.ok(compactBytes < 0.8 * allBytes, `compact is ${(compactBytes / allBytes).toFixed(3)} of the bytes`);
  assert.match(compact[0], / fw_rule_id=\d+ fw_rule=\d+/, 'an unnamed rule keeps its id');
  assert.ok(compact.slice(60).some((line) => / fw_rule=[a-z]/.test(line) && !line.includes('fw_rule_id=')), 'a named rule goes without its id');
});
