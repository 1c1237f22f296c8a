// What users' searches know from eNcore: its keys, its rec_type_desc/rec_type_simple and its
// blockType, and the few deliberate differences (encore-differences.ts), each checked here.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ENCORE_REFERENCE } from '../../test/paths';
import { memoryLogger } from '../log';
import { recordFrame } from '../protocol/messages';
import { RecordPipeline } from '../output/pipeline';
import type { Fields } from './decoder';
import { ENCORE_DIFFERENCES } from './encore-differences';
import { RecordEncoder } from './encoder';
import { layouts } from './registry';
import { inlineFields } from './schema';

const encoder = new RecordEncoder(layouts);

/** The keys a record prints with main block `blockType` (its own fields and the block's). */
function keysOf(recordType: number, blockType?: number): Set<string> {
  const def = layouts.record(recordType)!;
  const names = def.fields.flatMap(([name, type]) => {
    if (typeof type !== 'object' || !('inline' in type)) return [name];
    const block = layouts.block(type.inline, blockType ?? def.blocks![def.blocks!.length - 1])!;
    return [name, ...inlineFields(type, block).map(([n]) => n)];
  });
  return new Set(names.filter(Boolean));
}

/** `key=value` pairs of a kv line (values without spaces or quotes, as these tests make them). */
function kv(line: string): Map<string, string> {
  return new Map([...line.matchAll(/(\w+)=("[^"]*"|\S*)/g)].map((m) => [m[1], m[2]]));
}

/** The kv line of one record encoded from `values` (the metadata of `before` learnt first). */
function line(recordType: number, values: Fields, blockType?: number, archive = 1_700_000_500, before: ReturnType<typeof recordFrame>[] = []): Map<string, string> {
  const pipeline = new RecordPipeline({ format: 'kv', logger: memoryLogger() });
  for (const m of before) pipeline.process(m);
  const body = encoder.encodeRecord(layouts.record(recordType)!, values, blockType);
  const event = pipeline.process(recordFrame(recordType, body, archive));
  assert.ok(event, `record ${recordType} printed`);
  return kv(event.line);
}

test("every record type has eNcore's rec_type_desc and rec_type_simple, but for the listed differences", () => {
  const { records } = JSON.parse(readFileSync(join(ENCORE_REFERENCE, 'encore_record_names.json'), 'utf8')) as {
    records: Record<string, [desc: string, simple: string]>;
  };
  const ours = layouts.allRecords();
  assert.deepEqual(ours.map((r) => String(r.type)), Object.keys(records), 'the same 143 record types');
  const differing = ours.filter((r) => records[r.type][0] !== r.name || records[r.type][1] !== r.simple).map((r) => `${r.type} ${r.name === records[r.type][0] ? 'rec_type_simple' : 'rec_type_desc'}`);
  const listed = ENCORE_DIFFERENCES.filter((d) => d.key.startsWith('rec_type_desc')).map((d) => `${d.records} ${d.key}`);
  assert.deepEqual(differing, listed);
  assert.equal(records[281][0].trimEnd(), layouts.record(281)!.name);
});

/** [record, block version (undefined: the newest), eNcore's keys, the keys they replace]. */
const RENAMED: [record: number, block: number | undefined, encore: string[], before: string[]][] = [
  [4, undefined, ['priority_id'], ['id']],
  [54, undefined, ['fpuuid', 'os_name_data', 'os_vendor_data', 'os_version_data'], ['uuid', 'os', 'vendor', 'version']],
  [62, undefined, ['protocol'], ['ip_proto_id']],
  [66, undefined, ['id', 'sid', 'rule_uuid', 'rev_uuid'], ['rendered_sid', 'uuid', 'revision_uuid']],
  [67, undefined, ['rev_uuid'], ['revision_uuid']],
  [69, undefined, ['rev_uuid'], ['revision_uuid']],
  [70, undefined, ['rev_uuid'], ['revision_uuid']],
  [112, 156, ['policy_uuid'], ['fw_policy_id']],
  [124, 21, ['reason'], ['id']],
  [124, 59, ['reason'], ['id']],
  [125, 62, ['type', 'subtype', 'policy_uuid'], ['malware_event_type_id', 'malware_event_subtype_id', 'fw_policy_id']],
  [125, 80, ['type', 'subtype', 'policy_uuid'], ['malware_event_type_id', 'malware_event_subtype_id', 'fw_policy_id']],
  [161, undefined, ['ioc_id'], ['id']],
  [170, 167, ['ipv6Address'], ['ipv6']],
  [171, 167, ['ipv6Address'], ['ipv6']],
  [260, undefined, ['ip_proto'], ['ip_proto_id']],
  [270, undefined, ['ip_proto'], ['ip_proto_id']],
  [280, undefined, ['fw_rule', 'policy_uuid'], ['id', 'uuid']],
  [511, 26, ['name'], ['file_name']],
  [511, 40, ['name'], ['file_name']],
  [518, undefined, ['status', 'description'], ['id', 'name']],
  [519, undefined, ['status', 'description'], ['id', 'name']],
  // Where eNcore's key is the same in another record, that record keeps it.
  [95, 167, ['ipv6'], ['ipv6Address']],
  [98, 57, ['ip_proto_id'], ['protocol']],
];

for (const [record, block, encore, before] of RENAMED) {
  test(`record ${record}${block ? ` block ${block}` : ''} prints eNcore's ${encore.join(', ')}`, () => {
    const keys = keysOf(record, block);
    for (const k of encore) assert.ok(keys.has(k), `has ${k}`);
    for (const k of before) assert.ok(!keys.has(k), `has no ${k}`);
  });
}

test('66: id is the rule id events carry as sid, sid the rendered signature id; an intrusion event finds its message by them', () => {
  const rule = recordFrame(66, encoder.encodeRecord(layouts.record(66)!, { gid: 3, id: 19187, rev: 1, sid: 1000019187, msg: 'SO-RULE' }));
  const intrusion = line(400, { gid: 3, sid: 19187, event_sec: 1_700_000_000 }, 85, undefined, [rule]);
  assert.equal(intrusion.get('msg'), 'SO-RULE');
  const metadata = line(66, { gid: 3, id: 19187, rev: 1, sid: 1000019187, msg: 'SO-RULE' });
  assert.deepEqual([metadata.get('id'), metadata.get('sid')], ['19187', '1000019187']);
});

test('125: type and subtype, their names from 128/129, policy_uuid and its name', () => {
  const meta = (type: number, values: Fields, block?: number) => recordFrame(type, encoder.encodeRecord(layouts.record(type)!, values, block));
  const policy = '00000000-0000-0000-0000-0000000000a1';
  const names = [meta(128, { id: 1107296257, name: 'Threat Detected' }), meta(129, { id: 4, name: 'Quarantine Failure' }), meta(117, { uuid: policy, name: 'main-acp' }, 14)];
  const event = line(125, { type: 1107296257, subtype: 4, policy_uuid: policy, event_sec: 1_700_000_000 }, 80, undefined, names);
  assert.deepEqual(
    ['type', 'malware_event_type', 'subtype', 'malware_event_subtype', 'policy_uuid', 'fw_policy'].map((k) => event.get(k)),
    ['1107296257', '"Threat Detected"', '4', '"Quarantine Failure"', policy, 'main-acp'],
  );
});

test('62 prints the raw protocol under eNcore\'s key (and its name as ip_proto); 260/270 print the protocol by name', () => {
  assert.deepEqual([line(62, { id: 5, protocol: 0, name: 'admin' }, 57).get('protocol'), line(62, { id: 5, protocol: 0, name: 'admin' }, 57).get('ip_proto')], ['0', 'Unknown']);
  assert.equal(line(260, { type: 8, ip_proto: 1, description: 'Echo Request' }, 19).get('ip_proto'), 'ICMP');
  assert.equal(line(270, { code: 3, type: 1, ip_proto: 58, description: 'Port Unreachable' }, 20).get('ip_proto'), 'IPv6-ICMP');
});

test('blockType is printed on 9, 71 and 400, as eNcore did', () => {
  assert.equal(line(9, { event_sec: 1_700_000_000 }, 153).get('blockType'), '153');
  assert.equal(line(71, { has_ipv6: 1, event_sec: 1_700_000_000 }, 174).get('blockType'), '174');
  assert.equal(line(400, { event_sec: 1_700_000_000 }, 85).get('blockType'), '85');
  assert.equal(line(500, { event_sec: 1_700_000_000 }, 79).get('blockType'), undefined); // eNcore did not
});

test('125: event_sec is the malware event timestamp, not the archive second', () => {
  const event = line(125, { event_sec: 1_699_990_000 }, 80, 1_700_003_600);
  assert.equal(event.get('event_sec'), '1699990000');
});

test("112: event_sec is the correlation event's second, without event_usec; the trigger's time is orig_event_sec/usec", () => {
  const event = line(112, { event_sec: 1_700_000_010, orig_event_sec: 1_700_000_000, orig_event_usec: 250 }, 156, 1_700_000_020);
  assert.deepEqual(
    ['event_sec', 'event_usec', 'orig_event_sec', 'orig_event_usec'].map((k) => event.get(k)),
    ['1700000010', undefined, '1700000000', '250'],
  );
});

test('281: rec_type_desc without the trailing space of eNcore', () => {
  assert.equal(line(281, { id: 2, name: 'Destination' }).get('rec_type_desc'), '"Security Intelligence Source/Destination"');
});

test('every listed difference names its records, key, both values and a reason', () => {
  for (const d of ENCORE_DIFFERENCES) for (const v of Object.values(d)) assert.ok(v.trim().length > 0, JSON.stringify(d));
});
