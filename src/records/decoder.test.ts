import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytes } from '../../test/bytes';
import { MalformedRecordError } from '../protocol/errors';
import { recordFrame } from '../protocol/messages';
import { RecordDecoder } from './decoder';
import { RecordEncoder } from './encoder';
import { LayoutRegistry } from './registry';
import { inline, list, type BlockDef, type RecordDef } from './schema';
import { DISCOVERY_HEADER } from './tables/common';

// A miniature family: a record with a discovery header and two versions of its main block,
// one with a list of sub-blocks, plus a header-less metadata record.
const blocks: BlockDef[] = [
  { series: 1, type: 900, name: 'v1', fields: [['count', 'u16'], ['name', 'string']] },
  {
    series: 1,
    type: 901,
    name: 'v2',
    fields: [['count', 'u16'], ['name', 'string'], ['big', 'u64'], ['items', list(1)], ['tag', 'hex4']],
  },
  { series: 1, type: 902, name: 'item', fields: [['port', 'u16'], ['proto', 'u8']] },
];
const records: RecordDef[] = [
  { type: 5000, name: 'Test Event', simple: 'TEST', category: 'discovery', fields: [...DISCOVERY_HEADER, ['', inline(1)]] },
  { type: 5001, name: 'Test Meta', simple: 'META', category: 'metadata', fields: [['id', 'u32'], ['name', 'str32']] },
];
const registry = new LayoutRegistry(records, blocks);
const frame = (recordType: number, body: Buffer) => recordFrame(recordType, body, 1606923302);
const header = (hasIpv6: boolean) => {
  const b = bytes().u32(7).ipv4('0.0.0.0').hex('00:50:56:aa:bb:cc').u8(hasIpv6 ? 1 : 0).u8(0);
  b.u32(1606923300).u32(42).u32(1003).u32(1).u32(0).u32(0);
  if (hasIpv6) b.mapped('192.168.50.50');
  return b;
};

test('a discovery record with its main block decodes field by field', () => {
  const body = header(true).block(900, bytes().u16(3).string('caf\u00e9\0')).build();
  const d = new RecordDecoder(registry).decode(frame(5000, body));
  assert.equal(d.blockType, 900);
  assert.deepEqual(d.fields, {
    device_id: 7,
    legacy_ip: '0.0.0.0',
    mac_address: '00:50:56:aa:bb:cc',
    has_ipv6: 1,
    event_sec: 1606923300,
    event_usec: 42,
    event_type: 1003,
    event_subtype: 1,
    src_host: '192.168.50.50',
    count: 3,
    name: 'café',
  });
});

test('the conditional IPv6 address is skipped when Has-IPv6 is clear', () => {
  const body = header(false).block(900, bytes().u16(1).string('x')).build();
  const d = new RecordDecoder(registry).decode(frame(5000, body));
  assert.equal(d.fields.src_host, undefined);
  assert.equal(d.fields.name, 'x');
});

test('a different main block version re-dispatches, lists decode, unknown trailing bytes are skipped', () => {
  const decoder = new RecordDecoder(registry);
  decoder.decode(frame(5000, header(true).block(900, bytes().u16(1).string('a')).build()));
  const items = bytes().block(902, bytes().u16(443).u8(6)).block(902, bytes().u16(53).u8(17)).block(999, bytes().hex('beef'));
  const v2 = bytes().u16(2).string('b').u64(2n ** 60n).block(11, items).hex('0a0b0c0d').hex('ffffff'); // 3 unknown trailing bytes
  const d = decoder.decode(frame(5000, header(true).block(901, v2).build()));
  assert.equal(d.blockType, 901);
  assert.equal(d.fields.big, '1152921504606846976');
  assert.deepEqual(d.fields.items, [
    { block_type: 902, port: 443, proto: 6 },
    { block_type: 902, port: 53, proto: 17 },
    { block_type: 999, block_data: 'beef' },
  ]);
  assert.equal(d.fields.tag, '0a0b0c0d');
});

test('an unknown main block is passed on with its bytes; an unknown record generically', () => {
  const decoder = new RecordDecoder(registry);
  const d = decoder.decode(frame(5000, header(true).block(977, bytes().hex('01020304')).build()));
  assert.equal(d.unknownBlock, true);
  assert.equal(d.fields.block_type, 977);
  assert.equal(d.fields.block_data, '01020304');
  assert.equal(d.fields.event_type, 1003);
  const u = decoder.decode(frame(4242, Buffer.from('cafe', 'hex')));
  assert.equal(u.def, undefined);
  assert.deepEqual(u.fields, { data: 'cafe' });
});

test('truncation anywhere is a MalformedRecordError, never an out-of-bounds read', () => {
  const full = header(true).block(901, bytes().u16(2).string('bb').u64(5).block(11, bytes().block(902, bytes().u16(1).u8(1))).hex('01020304')).build();
  const decoder = new RecordDecoder(registry);
  assert.ok(decoder.decode(frame(5000, full)));
  for (let cut = 0; cut < full.length; cut++) {
    // A truncated copy: the record claims fewer bytes, and so do the blocks inside it.
    assert.throws(() => decoder.decode(frame(5000, Buffer.from(full.subarray(0, cut)))), MalformedRecordError, `cut ${cut}`);
  }
  const lying = Buffer.from(full);
  lying.writeUInt32BE(0xfffffff0, 56 + 4); // main block length past the record (header is 56 bytes)
  assert.throws(() => decoder.decode(frame(5000, lying)), MalformedRecordError);
});

test('header-less metadata fields, and the encoder round-trips the same layouts', () => {
  const body = bytes().u32(840).u32(13).raw(Buffer.from('united states')).build();
  const decoder = new RecordDecoder(registry);
  assert.deepEqual(decoder.decode(frame(5001, body)).fields, { id: 840, name: 'united states' });
  const encoder = new RecordEncoder(registry);
  assert.equal(encoder.encodeRecord(records[1], { id: 840, name: 'united states' }).toString('hex'), body.toString('hex'));
  const values = {
    device_id: 7, legacy_ip: '0.0.0.0', mac_address: '00:50:56:aa:bb:cc', has_ipv6: 1, event_sec: 1, event_usec: 2,
    event_type: 1003, event_subtype: 1, src_host: '2001:db8::1', count: 9, name: 'n', big: 12,
    items: [{ block_type: 902, port: 8302, proto: 6 }], tag: 'deadbeef',
  };
  const encoded = encoder.encodeRecord(records[0], values, 901);
  assert.deepEqual(decoder.decode(frame(5000, encoded)).fields, values);
});
