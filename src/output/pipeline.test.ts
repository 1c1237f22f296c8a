import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytes } from '../../test/bytes';
import { memoryLogger } from '../log';
import { MetadataCache } from '../metadata/cache';
import { decodeEventData, encodeEventData, type RecordFrame } from '../protocol/messages';
import { TrafficGenerator } from '../simulator/generator';
import { hash64, RecordPipeline, recordIdentity, type PipelineOptions } from './pipeline';

const ARCHIVE = 1_700_000_000;
const frame = (recordType: number, body: Buffer, archiveTimestamp?: number): RecordFrame =>
  decodeEventData(encodeEventData(recordType, body, archiveTimestamp === undefined ? {} : { archiveTimestamp }).subarray(8));
const device = (id: number, name: string) => frame(123, bytes().u32(id).u32(name.length).raw(Buffer.from(name)).build());

function connectionBody(): Buffer {
  const body = new TrafficGenerator({ seed: 7 }).connection(ARCHIVE, 174).body;
  assert.ok(body);
  return body;
}

function pipeline(opts: Partial<PipelineOptions> = {}) {
  const logger = memoryLogger();
  return { logger, pipeline: new RecordPipeline({ logger, ...opts }) };
}

test('a record becomes one event: line, time, archive second, identity, type', () => {
  const { pipeline: p } = pipeline();
  assert.equal(p.process(device(1, 'ftd-edge-01'))?.line, 'rec_type=123 rec_type_simple=SENSOR rec_type_desc="Managed Device Metadata" id=1 name=ftd-edge-01');
  const body = connectionBody();
  const event = p.process(frame(71, body, ARCHIVE));
  assert.ok(event);
  assert.match(event.line, /^rec_type=71 event_sec=\d+ rec_type_simple=RNA /);
  assert.match(event.line, / sensor=ftd-edge-01 /);
  assert.ok(event.time >= ARCHIVE - 3600 && event.time <= ARCHIVE + 3600, `time ${event.time}`);
  assert.equal(event.archiveTimestamp, ARCHIVE);
  assert.equal(event.recordType, 71);
  assert.equal(event.identity, recordIdentity(71, body));
  assert.match(event.identity, /^71:[0-9a-f]{16}$/);
  assert.equal(event.xmlSafe, true, 'kv lines hold nothing XML forbids');
  assert.deepEqual({ ...p.stats(), malformedByType: undefined }, {
    decoded: 2, emitted: 2, filtered: 0, repeated: 0, malformed: 0, malformedByType: undefined, unknown: 0, unknownTypes: [], unknownBlocks: 0,
  });
});

test('json output: the same names, numbers as numbers', () => {
  const { pipeline: p } = pipeline({ format: 'json' });
  const event = JSON.parse(p.process(device(1, 'ftd-edge-01'))!.line);
  assert.deepEqual(event, { rec_type: 123, rec_type_simple: 'SENSOR', rec_type_desc: 'Managed Device Metadata', id: 1, name: 'ftd-edge-01' });
});

test('malformed records are skipped and counted; WARN once per type with its length, bytes at DEBUG', () => {
  const { pipeline: p, logger } = pipeline();
  const cut = connectionBody().subarray(0, 120);
  assert.equal(p.process(frame(71, cut, ARCHIVE)), null);
  assert.equal(p.process(frame(71, cut, ARCHIVE)), null);
  assert.equal(p.process(frame(123, bytes().u32(1).u32(50).raw(Buffer.from('abc')).build())), null);
  assert.ok(p.process(frame(71, connectionBody(), ARCHIVE)), 'the stream goes on');
  const s = p.stats();
  assert.equal(s.malformed, 3);
  assert.deepEqual(s.malformedByType, { 71: 2, 123: 1 });
  const warnings = logger.lines.filter((l) => l.startsWith('WARN'));
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /malformed record type 71 \(120 bytes\)/);
  assert.match(warnings[1], /malformed record type 123 \(11 bytes\)/);
  assert.ok(logger.lines.some((l) => l.startsWith('DEBUG') && l.includes(cut.subarray(0, 16).toString('hex'))));
});

test('an error while decorating skips the record like a malformed one', () => {
  const { pipeline: p } = pipeline({
    decorations: [{ recordType: 123, decorations: [{ name: 'boom', compute: () => { throw new Error('bad table'); } }] }],
  });
  assert.equal(p.process(device(1, 'x')), null);
  assert.deepEqual(p.stats().malformedByType, { 123: 1 });
});

test('record types without layout are passed on with their bytes, and counted', () => {
  const { pipeline: p, logger } = pipeline();
  assert.equal(p.process(frame(4321, Buffer.from('cafe01', 'hex'), ARCHIVE))?.line, `rec_type=4321 event_sec=${ARCHIVE} data=cafe01`);
  p.process(frame(4321, Buffer.from('00', 'hex')));
  assert.equal(p.stats().unknown, 2);
  assert.deepEqual(p.stats().unknownTypes, [4321]);
  assert.equal(logger.lines.filter((l) => l.includes('4321')).length, 1, 'logged once');
});

test('categories: metadata is learnt even when not output; unselected events are not even decoded', () => {
  const cache = new MetadataCache();
  const { pipeline: p } = pipeline({ categories: ['intrusion'], cache });
  assert.equal(p.process(device(1, 'ftd-edge-01')), null);
  assert.equal(cache.lookup('sensor', '1'), 'ftd-edge-01');
  assert.equal(p.process(frame(71, connectionBody(), ARCHIVE)), null);
  assert.deepEqual([p.stats().decoded, p.stats().filtered, p.stats().emitted], [1, 2, 0]);

  const { pipeline: withMetadata } = pipeline({ categories: ['metadata'] });
  assert.ok(withMetadata.process(device(1, 'ftd-edge-01')));
});

test('metadata is output when it is news: a repeat (a reconnect, a restart with the cache) is not', () => {
  const cache = new MetadataCache();
  const { pipeline: p } = pipeline({ categories: ['metadata'], cache });
  assert.ok(p.process(device(1, 'ftd-edge-01')));
  assert.equal(p.process(device(1, 'ftd-edge-01')), null);
  assert.ok(p.process(device(1, 'ftd-edge-01-renamed')), 'a changed name is news');
  const { pipeline: restarted } = pipeline({ categories: ['metadata'], cache });
  assert.equal(restarted.process(device(1, 'ftd-edge-01-renamed')), null);
  assert.equal(p.stats().repeated, 1);
});

test('include adds record types to the categories; exclude wins over both', () => {
  const { pipeline: included } = pipeline({ categories: ['intrusion'], include: [71] });
  assert.ok(included.process(frame(71, connectionBody(), ARCHIVE)));
  const { pipeline: excluded } = pipeline({ categories: ['connections'], include: [71], exclude: [71, 123] });
  assert.equal(excluded.process(frame(71, connectionBody(), ARCHIVE)), null);
  assert.equal(excluded.process(device(1, 'x')), null);
  assert.equal(excluded.cache.lookup('sensor', '1'), 'x', 'excluded metadata is still learnt');
});

test('identity: stable for the same bytes, different for any change (its cost is in npm run bench)', () => {
  const body = connectionBody();
  assert.equal(hash64(body), hash64(Buffer.from(body)));
  const changed = Buffer.from(body);
  for (const at of [0, 1, body.length >> 1, body.length - 1]) {
    changed[at] ^= 1;
    assert.notEqual(hash64(changed), hash64(body), `byte ${at}`);
    changed[at] ^= 1;
  }
  assert.notEqual(hash64(body.subarray(0, body.length - 1)), hash64(body), 'length counts');
  assert.notEqual(hash64(Buffer.alloc(5)), hash64(Buffer.alloc(6)));
  assert.notEqual(recordIdentity(71, body), recordIdentity(72, body));
  const seen = new Set<string>();
  for (let i = 0; i < 20_000; i++) seen.add(hash64(Buffer.from(`record ${i}`)));
  assert.equal(seen.size, 20_000);
});

test('identity: the same values as earlier versions computed, so checkpoints they saved still match', () => {
  // Checkpoints hold the identities of the records of their last second: a change here would
  // hand those records to Splunk again after an upgrade.
  const pattern = Buffer.alloc(790);
  for (let k = 0; k < pattern.length; k++) pattern[k] = (k * 31 + 7) & 255;
  assert.equal(hash64(Buffer.alloc(0)), 'eb79877967bfde36');
  assert.equal(hash64(Buffer.from('record 0')), '4fdad342ff074396');
  assert.equal(hash64(Buffer.from([1, 2, 3, 4, 5])), '49beddbc277e1f91');
  assert.equal(hash64(pattern), '4038725b02b1d42c');
  assert.equal(recordIdentity(71, pattern), '71:4038725b02b1d42c');
});

test('Security Intelligence: connection events split by their SI verdict; chunks and include_record_types too', () => {
  const gen = new TrafficGenerator({ seed: 3 });
  const metadata = gen.metadata();
  // An SI event by the matched side, one by its list alone (a DNS or URL verdict), and one without.
  const siBySide = frame(71, gen.record(71, { sec_intel_ip_id: 2, sec_intel_list1_id: 7, fw_policy_id: '00000000-0000-0000-0000-00005fc6fa72' }, 174)!, ARCHIVE);
  const siByList = frame(71, gen.record(71, { sec_intel_list2_id: 12 }, 160)!, ARCHIVE);
  const plain = frame(71, gen.record(71, {}, 174)!, ARCHIVE);
  const chunk = frame(73, gen.record(73, {}, 136)!, ARCHIVE);
  const out = (opts: Partial<PipelineOptions>) => {
    const { pipeline: p } = pipeline(opts);
    for (const m of metadata) p.process(frame(m.recordType, m.body));
    return [siBySide, siByList, plain, chunk].map((f) => p.process(f)?.line ?? null);
  };
  const marks = (lines: (string | null)[]) => lines.map((l) => (l === null ? null : (/ sec_intel_event=(\w+)/.exec(l)?.[1] ?? 'none')));
  assert.deepEqual(marks(out({})), ['Yes', 'Yes', 'No', 'none']);
  assert.match(out({})[0]!, / sec_intel_list1=Malware /, 'the list named by metadata 280');
  assert.deepEqual(marks(out({ categories: ['security_intelligence'] })), ['Yes', 'Yes', null, null]);
  assert.deepEqual(marks(out({ categories: ['connections'] })), [null, null, 'No', 'none']);
  assert.deepEqual(marks(out({ categories: ['connections', 'security_intelligence'] })), ['Yes', 'Yes', 'No', 'none']);
  assert.deepEqual(marks(out({ categories: ['intrusion'] })), [null, null, null, null]);
  assert.deepEqual(marks(out({ categories: ['connections'], include: [71] })), ['Yes', 'Yes', 'No', 'none'], 'an included record type goes out whole');
  assert.deepEqual(marks(out({ categories: ['security_intelligence'], exclude: [71] })), [null, null, null, null]);
  // The split path prints what the hot path prints.
  assert.deepEqual(out({ categories: ['security_intelligence'] }).slice(0, 2), out({}).slice(0, 2));
  assert.deepEqual(out({ categories: ['connections'], format: 'json' })[2], out({ format: 'json' })[2]);
});
