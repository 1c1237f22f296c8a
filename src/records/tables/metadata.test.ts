import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytes, type Bytes } from '../../../test/bytes';
import { CAPTURE_FILE, ENCORE_OUTPUT_FILE, ENCORE_REFERENCE } from '../../../test/paths';
import { MetadataCache } from '../../metadata/cache';
import { FILLS } from '../../metadata/fills';
import { MalformedRecordError } from '../../protocol/errors';
import { decodeEventData, recordFrame } from '../../protocol/messages';
import { captureRecords } from '../../simulator/capture';
import { TrafficGenerator } from '../../simulator/generator';
import { RecordDecoder, type Fields } from '../decoder';
import { RecordEncoder } from '../encoder';
import { layouts } from '../registry';
import { inlineFields, type Field } from '../schema';
import * as metadata from './metadata';

// ---- Byte helpers for the guide's header-less layouts ----

const utf8 = (s: string) => Buffer.from(s, 'utf8');
/** u32 byte count, then the bytes ("Name Length", "Name"). */
const str32 = (s: string) => bytes().u32(utf8(s).length).raw(utf8(s)).build();
/** u16 byte count, then the bytes (records 4, 66, 67, 69, 70). */
const str16 = (s: string) => bytes().u16(utf8(s).length).raw(utf8(s)).build();
/** IDLN: u32 id, u32 name length, name. */
const idln = (id: number, name: string) => bytes().u32(id).raw(str32(name));

const frame = (recordType: number, body: Buffer) => recordFrame(recordType, body);

// Distinctive uuids and hashes.
const U1 = 'a1b2c3d4-0001-4002-8003-0123456789ab';
const U2 = 'b2c3d4e5-1111-4222-8333-abcdef012345';
const U3 = 'c3d4e5f6-2222-4333-8444-fedcba987654';
const SHA = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const SHA1A = '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12';
const SHA1B = 'de9f2c7fd25e1b3afad3e85a0bd17d9b100db4b3';
const SERIAL = '0a1b2c3d4e5f60718293a4b5c6d7e8f900000000';

interface Case {
  record: number;
  /** The main block type, for records that are one series-2 block. */
  block?: number;
  body: Bytes;
  fields: Fields;
  /** Where a trailing free-running text starts: cuts inside it cannot be detected. */
  textAt?: number;
}

// One vector per record type and per block version, built field by field from the guide's layouts.
const cases: Case[] = [
  { record: 4, body: bytes().u32(2).raw(str16('medium')), fields: { priority_id: 2, name: 'medium' } },
  {
    record: 54,
    body: bytes().hex(U1).raw(str32('Windows')).raw(str32('Microsoft')).raw(str32('10')),
    fields: { fpuuid: U1, os_name_data: 'Windows', os_vendor_data: 'Microsoft', os_version_data: '10' },
  },
  { record: 55, body: idln(4001, 'curl'), fields: { id: 4001, name: 'curl' } },
  {
    record: 57,
    body: bytes()
      .u32(11111)
      .u32(3)
      .u8(1)
      .u8(0)
      .raw(str32('2019-05-14'))
      .raw(str32('2019-05-15'))
      .raw(str32('2019-06-01'))
      .raw(str32('BlueKeep'))
      .raw(str32('RDP pre-auth RCE'))
      .raw(str32('Remote Desktop Services remote code execution'))
      .raw(str32('Use-after-free in termdd.sys'))
      .raw(str32('Apply MS patch')),
    fields: {
      id: 11111,
      impact: 3,
      exploits: 1,
      remote: 0,
      entry_date: '2019-05-14',
      published_date: '2019-05-15',
      modified_date: '2019-06-01',
      title: 'BlueKeep',
      short_description: 'RDP pre-auth RCE',
      description: 'Remote Desktop Services remote code execution',
      technical_description: 'Use-after-free in termdd.sys',
      solution: 'Apply MS patch',
    },
  },
  { record: 58, body: idln(3, 'High'), fields: { id: 3, name: 'High' } },
  { record: 59, body: idln(2048, 'IPv4'), fields: { id: 2048, name: 'IPv4' } },
  { record: 60, body: idln(7, 'Location'), fields: { id: 7, name: 'Location' } },
  { record: 61, body: idln(2, 'Nmap'), fields: { id: 2, name: 'Nmap' } },
  {
    record: 62,
    block: 57,
    body: bytes().block(57, bytes().u32(5).u32(0).string('admin')),
    fields: { id: 5, protocol: 0, name: 'admin' },
  },
  { record: 63, body: idln(847, 'SSH'), fields: { id: 847, name: 'SSH' } },
  {
    record: 66,
    body: bytes()
      .u32(1)
      .u32(2019401)
      .u32(3)
      .u32(2019402)
      .u16(25)
      .hex(U1)
      .hex(U2)
      .raw(utf8('ET POLICY curl User-Agent')),
    fields: {
      gid: 1,
      id: 2019401,
      rev: 3,
      sid: 2019402,
      msg_length: 25,
      rule_uuid: U1,
      rev_uuid: U2,
      msg: 'ET POLICY curl User-Agent',
    },
    textAt: 4 * 4 + 2 + 32,
  },
  {
    record: 67,
    body: bytes().u32(35).raw(str16('trojan-activity')).raw(str16('A Network Trojan was Detected')).hex(U1).hex(U2),
    fields: { id: 35, name: 'trojan-activity', description: 'A Network Trojan was Detected', uuid: U1, rev_uuid: U2 },
  },
  {
    record: 69,
    body: bytes().u32(4).raw(str16('PCI Compliance')).raw(str16('Cardholder network rules')).hex(U2).hex(U3),
    fields: { id: 4, name: 'PCI Compliance', description: 'Cardholder network rules', uuid: U2, rev_uuid: U3 },
  },
  {
    record: 70,
    body: bytes()
      .u32(29)
      .raw(str16('New host in DMZ'))
      .raw(str16('Any new host'))
      .raw(str16('a new host is detected'))
      .hex(U1)
      .hex(U2)
      .hex(U3),
    fields: {
      id: 29,
      name: 'New host in DMZ',
      description: 'Any new host',
      event_type: 'a new host is detected',
      uuid: U1,
      rev_uuid: U2,
      whitelist_uuid: U3,
    },
  },
  { record: 90, body: idln(1, 'User'), fields: { id: 1, name: 'User' } },
  { record: 91, body: idln(3, 'Qualys'), fields: { id: 3, name: 'Qualys' } },
  { record: 96, body: idln(2, 'Nessus'), fields: { id: 2, name: 'Nessus' } },
  {
    record: 98,
    block: 57,
    body: bytes().block(57, bytes().u32(1234).u32(710).string('jdoe')),
    fields: { id: 1234, ip_proto_id: 710, name: 'jdoe' },
  },
  { record: 109, body: idln(929, 'Facebook'), fields: { id: 929, name: 'Facebook' } },
  {
    record: 111,
    block: 5,
    body: bytes().block(5, bytes().u32(1).string('XFF client IP (IPv4)').string('IPv4 address')),
    fields: { type: 1, name: 'XFF client IP (IPv4)', encoding: 'IPv4 address' },
  },
  { record: 115, block: 14, body: bytes().block(14, bytes().hex(U1).string('dmz-zone')), fields: { uuid: U1, name: 'dmz-zone' } },
  {
    record: 116,
    block: 14,
    body: bytes().block(14, bytes().hex(U2).string('GigabitEthernet0/1')),
    fields: { uuid: U2, name: 'GigabitEthernet0/1' },
  },
  {
    record: 117,
    block: 14,
    body: bytes().block(14, bytes().hex(U3).string('Default Allow All Traffic')),
    fields: { uuid: U3, name: 'Default Allow All Traffic' },
  },
  {
    record: 118,
    block: 14,
    body: bytes().block(14, bytes().hex(U1).string('Security Over Connectivity')),
    fields: { uuid: U1, name: 'Security Over Connectivity' },
  },
  {
    record: 119,
    block: 15,
    body: bytes().block(15, bytes().hex(U2).u32(268435457).string('block-tor')),
    fields: { uuid: U2, id: 268435457, name: 'block-tor' },
  },
  { record: 120, body: idln(1, 'Block'), fields: { id: 1, name: 'Block' } },
  { record: 121, body: idln(28, 'Social Networking'), fields: { id: 28, name: 'Social Networking' } },
  { record: 122, body: idln(5, 'Well known'), fields: { id: 5, name: 'Well known' } },
  { record: 123, body: idln(3, 'ftd-edge-01'), fields: { id: 3, name: 'ftd-edge-01' } },
  {
    record: 124,
    block: 21,
    body: bytes().block(21, bytes().u16(16).string('IP Block')),
    fields: { reason: 16, description: 'IP Block' },
  },
  {
    record: 124,
    block: 59,
    body: bytes().block(59, bytes().u32(70000).string('DNS Block')),
    fields: { reason: 70000, description: 'DNS Block' },
  },
  { record: 127, block: 14, body: bytes().block(14, bytes().hex(U3).string('AMP US Cloud')), fields: { uuid: U3, name: 'AMP US Cloud' } },
  { record: 128, body: idln(1, 'Threat Detected'), fields: { id: 1, name: 'Threat Detected' } },
  { record: 129, body: idln(4, 'Quarantine Failure'), fields: { id: 4, name: 'Quarantine Failure' } },
  { record: 130, body: idln(2, 'ClamAV'), fields: { id: 2, name: 'ClamAV' } },
  { record: 131, body: idln(11, 'PDF'), fields: { id: 11, name: 'PDF' } },
  { record: 132, body: bytes().hex(U1).string('tenant-a'), fields: { uuid: U1, name: 'tenant-a' } },
  {
    record: 140,
    block: 27,
    body: bytes().block(
      27,
      bytes()
        .u32(1000001)
        .u32(1)
        .u32(2)
        .string('summary text')
        .string('impact text')
        .string('details text')
        .string('affected text')
        .string('scenarios text')
        .string('ease text')
        .string('fp text')
        .string('fn text')
        .string('action text')
        .string('contributors text')
        .string('references text'),
    ),
    fields: {
      sid: 1000001,
      gid: 1,
      rev: 2,
      summary: 'summary text',
      impact: 'impact text',
      detailed_information: 'details text',
      affected_systems: 'affected text',
      attack_scenarios: 'scenarios text',
      ease_of_attack: 'ease text',
      false_positives: 'fp text',
      false_negatives: 'fn text',
      corrective_action: 'action text',
      contributors: 'contributors text',
      additional_references: 'references text',
    },
  },
  {
    record: 145,
    block: 64,
    body: bytes().block(64, bytes().hex(U1).u32(7).string('branch-ac')),
    fields: { uuid: U1, sensor_id: 7, name: 'branch-ac' },
  },
  {
    record: 146,
    block: 64,
    body: bytes().block(64, bytes().hex(U2).u32(8).string('prefilter-default')),
    fields: { uuid: U2, sensor_id: 8, name: 'prefilter-default' },
  },
  {
    record: 147,
    block: 64,
    body: bytes().block(64, bytes().hex(U3).u32(9).string('gre-fastpath')),
    fields: { uuid: U3, sensor_id: 9, name: 'gre-fastpath' },
  },
  {
    record: 161,
    block: 39,
    body: bytes().block(39, bytes().u32(12).string('CnC Connected').string('Intrusion Event - exploit-kit')),
    fields: { ioc_id: 12, category: 'CnC Connected', event_type: 'Intrusion Event - exploit-kit' },
  },
  {
    record: 260,
    block: 19,
    body: bytes().block(19, bytes().u16(8).u16(1).string('Echo Request')),
    fields: { type: 8, ip_proto: 1, description: 'Echo Request' },
  },
  {
    record: 270,
    block: 20,
    body: bytes().block(20, bytes().u16(3).u16(1).u16(58).string('Port Unreachable')),
    fields: { code: 3, type: 1, ip_proto: 58, description: 'Port Unreachable' },
  },
  {
    record: 280,
    block: 22,
    body: bytes().block(22, bytes().u32(11).hex(U2).string('Malware')),
    fields: { fw_rule: 11, policy_uuid: U2, name: 'Malware' },
  },
  { record: 281, body: idln(2, 'Destination'), fields: { id: 2, name: 'Destination' } },
  { record: 282, body: bytes().hex(U3).string('Tor_exit_node'), fields: { uuid: U3, name: 'Tor_exit_node' } },
  { record: 300, body: idln(1, 'corp.example'), fields: { id: 1, name: 'corp.example' } },
  {
    record: 301,
    block: 58,
    body: bytes().block(58, bytes().u32(77).string('iPhone').string('Apple Device:Apple iPhone')),
    fields: { id: 77, name: 'iPhone', full_name: 'Apple Device:Apple iPhone' },
  },
  { record: 302, body: idln(10, 'Employees'), fields: { id: 10, name: 'Employees' } },
  {
    record: 320,
    block: 61,
    body: bytes().block(61, bytes().u32(28).string('AAAA').string('IPv6 address')),
    fields: { id: 28, name: 'AAAA', description: 'IPv6 address' },
  },
  {
    record: 321,
    block: 61,
    body: bytes().block(61, bytes().u32(3).string('NXDOMAIN').string('Non-existent domain')),
    fields: { id: 3, name: 'NXDOMAIN', description: 'Non-existent domain' },
  },
  { record: 322, block: 14, body: bytes().block(14, bytes().hex(U1).string('IPv4 Sinkhole')), fields: { uuid: U1, name: 'IPv4 Sinkhole' } },
  { record: 350, body: idln(3, 'Branch-Offices'), fields: { id: 3, name: 'Branch-Offices' } },
  { record: 510, body: idln(22, 'MSEXE'), fields: { id: 22, name: 'MSEXE' } },
  {
    record: 511,
    block: 26,
    body: bytes().block(26, bytes().hex(SHA).string('invoice.pdf')),
    fields: { sha256: SHA, name: 'invoice.pdf' },
  },
  {
    record: 511,
    block: 40,
    body: bytes().block(40, bytes().hex(SHA).string('report.docx').u8(2).u8(1)),
    fields: { sha256: SHA, name: 'report.docx', disposition: 2, user_defined: 1 },
  },
  { record: 515, body: idln(1, 'File Stored'), fields: { id: 1, name: 'File Stored' } },
  { record: 516, body: idln(2, 'Sent for Analysis'), fields: { id: 2, name: 'Sent for Analysis' } },
  { record: 517, body: idln(3, 'Malware'), fields: { id: 3, name: 'Malware' } },
  { record: 518, body: idln(4, 'Encrypted'), fields: { status: 4, description: 'Encrypted' } },
  { record: 519, body: idln(5, 'Clean'), fields: { status: 5, description: 'Clean' } },
  { record: 520, block: 28, body: bytes().block(28, bytes().u16(276).string('germany')), fields: { id: 276, name: 'germany' } },
  { record: 530, block: 14, body: bytes().block(14, bytes().hex(U2).string('Block Malware')), fields: { uuid: U2, name: 'Block Malware' } },
  { record: 600, body: bytes().hex(U3).string('Decrypt-Known-Key'), fields: { uuid: U3, name: 'Decrypt-Known-Key' } },
  {
    record: 601,
    body: bytes().hex(U1).u32(3).string('Do not decrypt banking'),
    fields: { revision: U1, id: 3, name: 'Do not decrypt banking' },
  },
  { record: 602, body: idln(47, 'TLS_RSA_WITH_AES_128_CBC_SHA'), fields: { id: 47, name: 'TLS_RSA_WITH_AES_128_CBC_SHA' } },
  { record: 604, body: idln(4, 'TLSv1.2'), fields: { id: 4, name: 'TLSv1.2' } },
  { record: 605, body: idln(1, 'Valid'), fields: { id: 1, description: 'Valid' } },
  { record: 606, body: idln(2, 'Block'), fields: { id: 2, description: 'Block' } },
  { record: 607, body: idln(3, 'Decrypt (Resign)'), fields: { id: 3, description: 'Decrypt (Resign)' } },
  { record: 608, body: idln(4, 'Decryption Error'), fields: { id: 4, description: 'Decryption Error' } },
  { record: 613, body: idln(5, 'Financial Services'), fields: { id: 5, name: 'Financial Services' } },
  {
    record: 614,
    block: 50,
    body: bytes().block(
      50,
      bytes()
        .hex(SHA1A)
        .hex(SHA1B)
        .hex(SERIAL)
        .u32(16)
        .string('www.example.com')
        .string('Example Inc')
        .string('Web')
        .string('US')
        .string('Example CA G2')
        .string('Example Trust')
        .string('PKI')
        .string('BE')
        .u32(1700000000)
        .u32(1731536000),
    ),
    fields: {
      fingerprint: SHA1A,
      public_key_hash: SHA1B,
      serial_number: SERIAL,
      serial_number_length: 16,
      subject_cn: 'www.example.com',
      subject_org: 'Example Inc',
      subject_ou: 'Web',
      subject_country: 'US',
      issuer_cn: 'Example CA G2',
      issuer_org: 'Example Trust',
      issuer_ou: 'PKI',
      issuer_country: 'BE',
      valid_start_sec: 1700000000,
      valid_end_sec: 1731536000,
    },
  },
  {
    record: 700,
    block: 14,
    body: bytes().block(14, bytes().hex(U3).string('Connectivity Over Security')),
    fields: { uuid: U3, name: 'Connectivity Over Security' },
  },
];

const decoder = new RecordDecoder(layouts);
const encoder = new RecordEncoder(layouts);
const label = (c: Case) => `record ${c.record}${c.block === undefined ? '' : ` block ${c.block}`}`;

test('every metadata record type and block version has a guide-built vector', () => {
  const covered = new Set(cases.map((c) => c.record));
  for (const r of metadata.records) assert.ok(covered.has(r.type), `record ${r.type} has no vector`);
  const coveredBlocks = new Set(cases.map((c) => c.block));
  for (const b of metadata.blocks) assert.ok(coveredBlocks.has(b.type), `block ${b.type} has no vector`);
  for (const r of metadata.records) {
    assert.equal(r.category, 'metadata');
    assert.ok(r.source, `record ${r.type} has no source`);
    for (const v of r.blocks ?? []) assert.ok(cases.some((c) => c.record === r.type && c.block === v), `record ${r.type} block ${v}`);
  }
  for (const b of metadata.blocks) assert.ok(b.source, `block ${b.type} has no source`);
});

test('guide-built vectors decode value by value', () => {
  for (const c of cases) {
    const d = decoder.decode(frame(c.record, c.body.build()));
    assert.equal(d.def?.type, c.record, label(c));
    assert.equal(d.blockType, c.block ?? 0, label(c));
    assert.equal(d.unknownBlock, false, label(c));
    assert.deepEqual(d.fields, c.fields, label(c));
  }
});

test('the encoder reproduces every vector byte for byte', () => {
  for (const c of cases) {
    const def = layouts.record(c.record)!;
    const encoded = encoder.encodeRecord(def, c.fields, c.block);
    assert.equal(encoded.toString('hex'), c.body.build().toString('hex'), label(c));
    assert.deepEqual(decoder.decode(frame(c.record, encoded)).fields, c.fields, label(c));
  }
});

test('a cut metadata record is a MalformedRecordError', () => {
  for (const c of cases) {
    const full = c.body.build();
    // Rule messages end in free-running text: a record cut inside it is only a shorter message.
    const detectable = c.textAt ?? full.length;
    for (let cut = 0; cut < detectable; cut++) {
      assert.throws(() => decoder.decode(frame(c.record, Buffer.from(full.subarray(0, cut)))), MalformedRecordError, `${label(c)} cut ${cut}`);
    }
  }
});

/** The output names of a record for one main block version. */
function fieldNames(fields: readonly Field[], blockType: number | undefined): string[] {
  return fields.flatMap(([name, type]) =>
    typeof type === 'object' && 'inline' in type ? inlineFields(type, layouts.block(type.inline, blockType!)!).map(([n]) => n) : [name],
  ).filter(Boolean);
}

test('every metadata record fills a lookup table from fields it has', () => {
  assert.deepEqual([...FILLS.keys()].sort((a, b) => a - b), metadata.records.map((r) => r.type).sort((a, b) => a - b));
  for (const r of metadata.records) {
    const versions = r.blocks ?? [undefined];
    for (const v of versions) {
      const names = new Set(fieldNames(r.fields, v));
      for (const fill of FILLS.get(r.type)!) {
        const values = typeof fill.value === 'string' ? [fill.value] : fill.value;
        for (const f of fill.key) assert.ok(names.has(f), `record ${r.type} (${v}) fill ${fill.table}: key ${f}`);
        // 511's 5.1.1-5.2 block has no disposition yet: the entry simply lacks it.
        for (const f of values) if (!(r.type === 511 && v === 26 && f === 'disposition')) assert.ok(names.has(f), `record ${r.type} (${v}) fill ${fill.table}: value ${f}`);
      }
    }
  }
});

// ---- Real bytes ----

/** key=value pairs of one eNcore Splunk line ("…" quoting, no escapes). */
function kv(line: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of line.matchAll(/(\w+)=(?:"([^"]*)"|(\S*))/g)) out.set(m[1], m[2] ?? m[3]);
  return out;
}

// eNcore printed these keys resolved through its cache; our records carry the raw `<key>_id` and
// the decoration engine adds the name. For the capture: the 145 arrived before the device name
// (eNcore printed `sensor=None`), and user protocol 0 resolved to "Unknown".
const RESOLVED_BY_ENCORE: Record<string, { raw: string; encore: string; wire: number }> = {
  sensor: { raw: 'sensor_id', encore: 'None', wire: 1 },
  ip_proto: { raw: 'ip_proto_id', encore: 'Unknown', wire: 0 },
};

test('the metadata of the real FMC capture decodes to every value eNcore printed', () => {
  const records = captureRecords(readFileSync(CAPTURE_FILE)).filter((r) => r.recordType !== 71);
  const lines = readFileSync(ENCORE_OUTPUT_FILE, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('rec_type=') && !l.startsWith('rec_type=71 '));
  assert.equal(records.length, 31);
  assert.equal(lines.length, records.length);
  const seen = new Set<number>();
  records.forEach((r, i) => {
    const d = decoder.decode(r);
    const encore = kv(lines[i]);
    const where = `capture metadata #${i} (record ${r.recordType})`;
    assert.equal(String(d.recordType), encore.get('rec_type'), where);
    assert.equal(d.def?.name, encore.get('rec_type_desc'), where);
    assert.equal(d.def?.simple, encore.get('rec_type_simple'), where);
    assert.equal(d.unknownBlock, false, where);
    const ours = new Set(Object.keys(d.fields));
    for (const [key, value] of encore) {
      if (key.startsWith('rec_type')) continue;
      const resolved = RESOLVED_BY_ENCORE[key];
      if (resolved) {
        assert.equal(value, resolved.encore, `${where} ${key}`);
        assert.equal(d.fields[resolved.raw], resolved.wire, `${where} ${resolved.raw}`);
        ours.delete(resolved.raw);
      } else {
        assert.equal(String(d.fields[key]), value, `${where} ${key}`);
        ours.delete(key);
      }
    }
    assert.deepEqual([...ours], [], `${where}: fields eNcore did not print`);
    seen.add(r.recordType);
  });
  assert.deepEqual([...seen].sort((a, b) => a - b), [55, 63, 90, 96, 98, 109, 115, 116, 119, 120, 122, 123, 145, 320, 520, 602, 604, 605, 606, 608, 700]);
});

test('the unverified layouts the capture settles: 98 and 700 are series-2 blocks 57 and 14', () => {
  const records = captureRecords(readFileSync(CAPTURE_FILE));
  const user = decoder.decode(records.find((r) => r.recordType === 98)!);
  assert.equal(user.blockType, 57);
  assert.deepEqual(user.fields, { id: 9999997, ip_proto_id: 0, name: 'No Authentication Required' });
  const nap = decoder.decode(records.find((r) => r.recordType === 700)!);
  assert.equal(nap.blockType, 14);
  assert.deepEqual(nap.fields, { uuid: '59b12e88-3436-11eb-9e8e-59cf41c735fb', name: 'Balanced Security and Connectivity' });
});

test("the simulator's users (98, block 57) decode with the protocol they were seen with", () => {
  const users = new TrafficGenerator({ seed: 1 }).metadata().filter((m) => m.recordType === 98);
  assert.equal(users.length, 2);
  for (const user of users) {
    const decoded = decoder.decode(frame(98, user.body));
    assert.equal(decoded.blockType, 57);
    assert.equal(decoded.fields.ip_proto_id, 710, JSON.stringify(decoded.fields));
  }
});

test('the capture\'s metadata fills the lookup tables in the shapes the decorations read', () => {
  const cache = new MetadataCache();
  for (const r of captureRecords(readFileSync(CAPTURE_FILE))) if (r.recordType !== 71) assert.equal(cache.fill(decoder.decode(r)), true, `record ${r.recordType}`);
  const ACP = '00000000-0000-0000-0000-00005fc6fa72';
  assert.equal(cache.lookup('sensor', '1'), '10.101.101.161');
  assert.equal(cache.lookup('ac_policy', ACP), 'basic-ac');
  assert.equal(cache.lookup('ac_policy_device', `1/${ACP}`), 'basic-ac');
  assert.equal(cache.lookup('ac_rule', `${ACP}/268434433`), 'allow-all');
  assert.equal(cache.lookup('zone', 'edc619ae-3444-11eb-a581-703a42c735fb'), 'outside');
  assert.equal(cache.lookup('interface', 'edaaf142-3444-11eb-a581-703a42c735fb'), 'outisde'); // sic, as configured
  assert.equal(cache.lookup('fw_rule_action', '2'), 'Allow');
  assert.equal(cache.lookup('user', '9999997'), 'No Authentication Required');
  assert.deepEqual(cache.lookup('dns_record_type', '1'), { name: 'A', description: 'a host address' });
  assert.equal(cache.lookup('geolocation', '528'), 'netherlands');
  assert.equal(cache.lookup('ssl_cert_status', '0'), 'Not Checked');
  assert.equal(cache.lookup('net_analysis_policy', '59b12e88-3436-11eb-9e8e-59cf41c735fb'), 'Balanced Security and Connectivity');
  assert.equal(cache.lookup('application', '1122'), 'HTTPS');
  assert.equal(cache.lookup('client_app', '2213'), 'Microsoft CryptoAPI');
  assert.equal(cache.lookup('web_app', '58'), 'Bing');
});

interface EncoreVector {
  test: string;
  data_hex: string;
}

test("Cisco's eNcore test vectors: sensor, DNS record and response, sinkhole, fingerprint, and a bad user", () => {
  const { vectors } = JSON.parse(readFileSync(join(ENCORE_REFERENCE, 'encore_test_vectors.json'), 'utf8')) as { vectors: EncoreVector[] };
  const record = (name: string) => decodeEventData(Buffer.from(vectors.find((v) => v.test === name)!.data_hex, 'hex'));
  const fields = (name: string) => decoder.decode(record(name)).fields;

  assert.deepEqual(fields('test_parse_SENSOR'), { id: 1, name: 'Sensor188' });
  assert.deepEqual(fields('test_parse_DNS_RECORD'), { id: 1, name: 'A', description: 'a host address' });
  assert.deepEqual(fields('test_parse_DNS_RESPONSE'), { id: 3842, name: 'SINKHOLE', description: 'Sinkhole response from firewall' });
  assert.deepEqual(fields('test_parse_SINKHOLE'), { uuid: '225c9020-3d92-11e6-a2b8-513915c68430', name: 'Malware_Sinkhole' });
  assert.deepEqual(fields('test_RNA_FINGERPRINT'), {
    fpuuid: '5ce40d9c-4dc8-413d-94ed-82a8c6a1485f',
    os_name_data: 'Cisco 1131 Series Access Point',
    os_vendor_data: 'Cisco',
    os_version_data: '',
  });
  // The pre-6.0 header-less user (id 16725, protocol 710, "administrator") read as a block 57:
  // its "block length" 710 overruns the 25-byte record.
  const bad = record('test_RECORD_RUA_USER_BadOffset');
  assert.equal(bad.recordType, 98);
  assert.throws(() => decoder.decode(bad), MalformedRecordError);
});
