// Intrusion records 400 (every event block version), 2 (packet), 110 (extra data) and 9 (impact
// alert): vectors built field by field from the guide's layouts and protocol.md §6.1/6.3/6.4/6.9,
// a real packet record from eNcore's test suite, and the computed decorations of the family.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytes, type Bytes } from '../../../test/bytes';
import { recordFrame } from '../../protocol/messages';
import { decorations, impactFromFlags, packetPayload } from '../../metadata/decorations/intrusion';
import type { ComputedDecoration } from '../../metadata/schema';
import { RecordDecoder, type Fields } from '../decoder';
import { layouts } from '../registry';
import { checkRecord } from '../../../test/record-check';

const decoder = new RecordDecoder(layouts);
const frame = (recordType: number, body: Buffer) => recordFrame(recordType, body, 1700000100);


const uuid = (last: string) => `0badcafe-1111-4222-8333-${last.padStart(12, '0')}`;
const IPS_POLICY = uuid('a1');
const ACP = uuid('a2');
const IF_IN = uuid('a3');
const IF_OUT = uuid('a4');
const ZONE_IN = uuid('a5');
const ZONE_OUT = uuid('a6');
const NAP = uuid('a7');
const SEC_CTX = '00112233445566778899aabbccddeeff';
const CERT_FP = '1234567890abcdef1234567890abcdef12345678';

/** An intrusion event block of version `v` (25, 34, 41, 45, 60, 81, 85), field by field. */
function intrusionBlock(v: number): Bytes {
  const since = (n: number) => v >= n;
  const b = bytes()
    .u32(7) // Device ID
    .u32(123456) // Event ID
    .u32(1700000000)
    .u32(999999)
    .u32(2013028) // Rule ID
    .u32(1) // Generator ID
    .u32(5) // Rule Revision
    .u32(31) // Classification ID
    .u32(2) // Priority ID
    .mapped('192.0.2.10')
    .hex('20010db8000000000000000000000bad')
    .u16(51234)
    .u16(80)
    .u8(6)
    .u8(0x1b) // Impact Flags
    .u8(2) // Impact
    .u8(1); // Blocked
  if (since(81)) b.u8(5); // Blocked Reason ID
  b.u32(0x12345) // MPLS Label
    .u16(42) // VLAN ID
    .u16(0) // Pad
    .hex(IPS_POLICY)
    .u32(700) // User ID
    .u32(701) // Web Application ID
    .u32(702) // Client Application ID
    .u32(703) // Application Protocol ID
    .u32(268435461) // Access Control Rule ID
    .hex(ACP)
    .hex(IF_IN)
    .hex(IF_OUT)
    .hex(ZONE_IN)
    .hex(ZONE_OUT)
    .u32(1699999990) // Connection Timestamp
    .u16(4) // Connection Instance ID
    .u16(321); // Connection Counter
  if (since(34)) b.u16(840).u16(156); // Source / Destination Country
  if (since(41)) b.u16(9); // IOC Number
  if (since(45)) b.hex(SEC_CTX).hex(CERT_FP).u16(3).u16(4).hex(NAP);
  if (since(60)) b.u32(403); // HTTP Response
  if (since(81)) b.string('vrf-a').string('vrf-b').u8(3);
  if (since(85)) {
    b.mapped('203.0.113.5')
      .string('www.example.com')
      .string('/index.php?id=1')
      .string('invoice.pdf')
      .string('alice@example.com')
      .string('X-Mailer: test')
      .string('bob@example.com');
  }
  return b;
}

function intrusionFields(v: number): Fields {
  const since = (n: number) => v >= n;
  return {
    blockType: v, // printed, as eNcore did
    device_id: 7,
    event_id: 123456,
    event_sec: 1700000000,
    event_usec: 999999,
    sid: 2013028,
    gid: 1,
    rev: 5,
    class_id: 31,
    priority_id: 2,
    src_ip: '192.0.2.10',
    dest_ip: '2001:db8::bad',
    src_port: 51234,
    dest_port: 80,
    ip_proto_id: 6,
    impact_bits: 0x1b,
    impact_level: 2,
    blocked_id: 1,
    ...(since(81) && { blocked_reason_id: 5 }),
    mpls_label: 0x12345,
    vlan_id: 42,
    ids_policy_id: IPS_POLICY,
    user_id: 700,
    web_app_id: 701,
    client_app_id: 702,
    app_proto_id: 703,
    fw_rule_id: 268435461,
    fw_policy_id: ACP,
    iface_ingress_id: IF_IN,
    iface_egress_id: IF_OUT,
    sec_zone_ingress_id: ZONE_IN,
    sec_zone_egress_id: ZONE_OUT,
    connection_sec: 1699999990,
    instance_id: 4,
    connection_id: 321,
    ...(since(34) && { src_ip_country_id: 840, dest_ip_country_id: 156 }),
    ...(since(41) && { num_ioc: 9 }),
    ...(since(45) && {
      security_context: SEC_CTX,
      ssl_cert_fingerprint: CERT_FP,
      ssl_actual_action_id: 3,
      ssl_flow_status_id: 4,
      net_analysis_policy_id: NAP,
    }),
    ...(since(60) && { http_response: 403 }),
    ...(since(81) && { ingress_vrf_name: 'vrf-a', egress_vrf_name: 'vrf-b', snort_version: 3 }),
    ...(since(85) && {
      original_src_ip: '203.0.113.5',
      http_hostname: 'www.example.com',
      http_uri: '/index.php?id=1',
      smtp_attachements: 'invoice.pdf',
      smtp_from: 'alice@example.com',
      stmp_headers: 'X-Mailer: test',
      smtp_to: 'bob@example.com',
    }),
  };
}

for (const v of [25, 34, 41, 45, 60, 81, 85]) {
  test(`record 400 with intrusion event block ${v}`, () => {
    const body = bytes().block(v, intrusionBlock(v)).build();
    assert.deepEqual(checkRecord(400, body, v), intrusionFields(v));
  });
}

test('record 400 decodes a stream that switches block versions', () => {
  const d = new RecordDecoder(layouts);
  assert.equal(d.decode(frame(400, bytes().block(60, intrusionBlock(60)).build())).fields.http_response, 403);
  assert.equal(d.decode(frame(400, bytes().block(85, intrusionBlock(85)).build())).fields.smtp_to, 'bob@example.com');
  assert.equal(d.decode(frame(400, bytes().block(60, intrusionBlock(60)).build())).fields.smtp_to, undefined);
});

// ---- 2: packet ----

/** A real packet record (FTP "LIST ***…" over TCP) from eNcore's test_messages.py, record body only. */
const REAL_PACKET = bytes()
  .hex('000000010002cce45878e3c95878e3c900019c9300000001000001ad') // device, event id, seconds, usec, link type, length
  .hex('00505aface01021ac502000008004500019b7d780000ff065b0a0a8d0a221402b92967200015a5b583626ebe6e9c50103fff3b1e0000')
  .hex('4c49535420' + '2a'.repeat(366) + 'ff0cc051')
  .build();

test('record 2 (packet): the header fields, and the packet to the end of the record', () => {
  const fields = checkRecord(2, REAL_PACKET, 0, { cutsBelow: 28 }); // cuts inside the packet bytes are not detectable
  const { original_packet, ...header } = fields;
  assert.deepEqual(header, {
    device_id: 1,
    event_id: 183524,
    event_sec: 1484317641,
    packet_sec: 1484317641,
    packet_usec: 105619,
    link_type: 1,
    packet_len: 429,
  });
  assert.equal(original_packet, REAL_PACKET.subarray(28).toString('hex'));
  assert.equal((original_packet as string).length / 2, 429);
});

test('packet decoration: the payload past the Ethernet, IPv4 and TCP headers', () => {
  const frameHex = REAL_PACKET.subarray(28).toString('hex');
  assert.equal(packetPayload(frameHex, 1), '4c49535420' + '2a'.repeat(366) + 'ff0cc051');
  assert.equal(packetPayload(frameHex, 113), undefined); // not Ethernet
  const udpInVlan = '00112233445566778899aabb' + '8100' + '0064' + '0800' + '4500001c0000000040110000c0000201c0000202' + '0035d43100080000' + 'beef';
  assert.equal(packetPayload(udpInVlan, 1), 'beef');
  const ipv6Udp = '00112233445566778899aabb' + '86dd' + '6000000000081140' + '00'.repeat(32) + '0035d43100080000' + 'cafe';
  assert.equal(packetPayload(ipv6Udp, 1), 'cafe');
});

// ---- 9: impact alert ----

test('record 9 with impact alert block 153 (5.3+)', () => {
  const alert = bytes()
    .u32(123456) // Event ID first: the guide's table order, not its diagram's
    .u32(7) // Device ID
    .u32(1700000000)
    .u32(0x0b) // Impact (flags)
    .mapped('192.0.2.10')
    .hex('20010db8000000000000000000000bad')
    .string('[Impact: Vulnerable] something happened');
  assert.deepEqual(checkRecord(9, bytes().block(153, alert).build(), 153), {
    blockType: 153, // printed, as eNcore did
    event_id: 123456,
    device_id: 7,
    event_sec: 1700000000,
    impact_bits: 0x0b,
    src_ip: '192.0.2.10',
    dest_ip: '2001:db8::bad',
    description: '[Impact: Vulnerable] something happened',
  });
});

test('record 9 with the legacy impact alert block 20 (IPv4 addresses)', () => {
  const alert = bytes().u32(77).u32(2).u32(1300000000).u32(0x01).ipv4('10.0.0.1').ipv4('10.0.0.2').string('legacy');
  assert.deepEqual(checkRecord(9, bytes().block(20, alert).build(), 20), {
    blockType: 20,
    event_id: 77,
    device_id: 2,
    event_sec: 1300000000,
    impact_bits: 1,
    src_ip: '10.0.0.1',
    dest_ip: '10.0.0.2',
    description: 'legacy',
  });
});

// ---- 110: extra data ----

const extraData = (type: number, data: string) =>
  bytes()
    .block(4, bytes().u32(7).u32(123456).u32(1700000000).u32(type).block(1, Buffer.from(data, 'hex'))) // BLOB block type 1 (series 2)
    .build();

test('record 110 with extra data block 4 and its BLOB', () => {
  const body = extraData(2, '00000000000000000000ffffcb007105');
  // Our encoder writes the BLOB as type 10 (any block type decodes the same): compare values.
  assert.deepEqual(checkRecord(110, body, 4, { sameBytes: false }), {
    device_id: 7,
    event_id: 123456,
    event_sec: 1700000000,
    type: 2,
    data: '00000000000000000000ffffcb007105',
  });
});

test('extra data decorations: the original client IP and the HTTP URI', () => {
  const computed = (name: string) =>
    decorations.find((d) => d.recordType === 110)!.decorations.find((d) => d.name === name) as ComputedDecoration;
  const none = () => undefined;
  const ip = (type: number, data: string) => computed('original_src_ip').compute(decoder.decode(frame(110, extraData(type, data))).fields, none);
  assert.equal(ip(2, '00000000000000000000ffffcb007105'), '203.0.113.5');
  assert.equal(ip(2, '000000000000000000000000cb007105'), '203.0.113.5');
  assert.equal(ip(2, '20010db8000000000000000000000001'), '2001:db8::1');
  assert.equal(ip(1, 'c0000201'), '192.0.2.1');
  assert.equal(ip(9, '2f'), undefined);
  const uri = decoder.decode(frame(110, extraData(9, Buffer.from('/login.php').toString('hex')))).fields;
  assert.equal(computed('xff_uri').compute(uri, none), '/login.php');
});

test('impact from impact flags, as eNcore computes it', () => {
  assert.equal(impactFromFlags(0x00), 0);
  assert.equal(impactFromFlags(0x01), 4);
  assert.equal(impactFromFlags(0x02), 3);
  assert.equal(impactFromFlags(0x06), 2);
  assert.equal(impactFromFlags(0x07), 2);
  for (const red of [0x08, 0x10, 0x40, 0x80, 0x1b]) assert.equal(impactFromFlags(red), 1);
  assert.equal(impactFromFlags(0x20), 0);
  assert.equal(impactFromFlags(undefined), 0);
});
