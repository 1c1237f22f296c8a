// Correlation record 112 with blocks 116 (5.0), 128 (5.1+) and 156 (5.4+), built field by field
// from the guide's "Correlation Event" tables (protocol.md §6.7; 116: the 5.3 guide's legacy
// table, p.647, which is 128 without the two IPv6 addresses, as in SFRNABlocks.pm).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytes } from '../../../test/bytes';
import { MalformedRecordError } from '../../protocol/errors';
import { recordFrame } from '../../protocol/messages';
import { RecordDecoder } from '../decoder';
import { RecordEncoder } from '../encoder';
import { layouts } from '../registry';

const decoder = new RecordDecoder(layouts);
const encoder = new RecordEncoder(layouts);
const frame = (body: Buffer) => recordFrame(112, body, 1700000100);

const uuid = (last: string) => `c0441e1a-7e00-4000-8000-${last.padStart(12, '0')}`;
const SSL_POLICY = '99887766554433221100ffeeddccbbaa';

/** The fields both versions share, up to the destination host's server id. */
const eventAndTrigger = () =>
  bytes()
    .u32(0) // Device ID: 0 = generated on the FMC
    .u32(1098911301) // Correlation Event Second
    .u32(10) // Event ID
    .u32(4) // Policy ID
    .u32(29) // Rule ID
    .u32(1) // Priority
    .string('Policy violated')
    .u8(1) // Event Type: intrusion
    .u32(6) // Event Device ID
    .u32(2013028) // Signature ID
    .u32(1) // Signature Generator ID
    .u32(1098911299) // Trigger Event Second
    .u32(123) // Trigger Event Microsecond
    .u32(4711) // Device Event ID
    .u32(0x3ff) // Event Defined Mask
    .u8(0x05) // Event Impact Flags
    .u8(17) // IP Protocol
    .u16(2048) // Network Protocol
    // source host
    .u32(0) // Source IP (no longer used)
    .u8(1) // host type
    .u16(10) // VLAN
    .hex(uuid('51'))
    .u16(3) // criticality
    .u32(501) // user
    .u16(53)
    .u32(617) // server
    // destination host
    .u32(0)
    .u8(2)
    .u16(20)
    .hex(uuid('d1'))
    .u16(1)
    .u32(502)
    .u16(1053)
    .u32(618);

const interfacesZonesAddresses = () =>
  bytes()
    .hex(uuid('1f1'))
    .hex(uuid('1f2'))
    .hex(uuid('20a'))
    .hex(uuid('20b'))
    .mapped('192.0.2.53') // Source IPv6 Address
    .hex('20010db8000000000000000000000053'); // Destination IPv6 Address

// 5.0: the event and trigger, Blocked, interfaces and zones; no IPv6 addresses.
const block116 = bytes()
  .raw(eventAndTrigger().build())
  .u8(0) // Blocked
  .hex(uuid('1f1'))
  .hex(uuid('1f2'))
  .hex(uuid('20a'))
  .hex(uuid('20b'));

const block128 = bytes()
  .raw(eventAndTrigger().build())
  .u8(1) // Blocked
  .raw(interfacesZonesAddresses().build());

const block156 = bytes()
  .raw(eventAndTrigger().build())
  .u8(2) // Impact
  .u8(1) // Blocked
  .hex(uuid('1b5'))
  .u32(4) // Rule Action
  .string('WORKGROUP')
  .u32(11) // URL Category
  .u32(12) // URL Reputation
  .string('http://example.com/')
  .u32(1296) // Client ID
  .string('1.2')
  .hex(uuid('ac9')) // Access Control Policy Revision
  .u32(268435461) // Access Control Rule ID
  .raw(interfacesZonesAddresses().build())
  .u16(840)
  .u16(276)
  .hex(uuid('5ec')) // Security Intelligence UUID
  .hex('0f0e0d0c0b0a09080706050403020100') // Security Context
  .hex(SSL_POLICY)
  .u32(31) // SSL Rule ID
  .u32(2) // SSL Actual Action: 32 bits here
  .u32(3) // SSL Flow Status
  .hex('ee'.repeat(20)); // SSL Certificate Fingerprint

const EVENT_AND_TRIGGER = {
  policy_sensor: 0,
  event_sec: 1098911301,
  event_id: 10,
  corr_policy_id: 4,
  corr_rule_id: 29,
  priority_id: 1,
  description: 'Policy violated',
  event_type_id: 1,
  event_device_id: 6,
  sid: 2013028,
  gid: 1,
  orig_event_sec: 1098911299,
  orig_event_usec: 123,
  policy_event_id: 4711,
  defined_mask: 0x3ff,
  impact_bits: 5,
  ip_proto_id: 17,
  net_proto_id: 2048,
  legacy_src_ip: '0.0.0.0',
  src_host_type_id: 1,
  src_vlan_id: 10,
  src_os_fingerprint_uuid: uuid('51'),
  src_criticality_id: 3,
  src_user_id: 501,
  src_port: 53,
  src_app_proto_id: 617,
  legacy_dest_ip: '0.0.0.0',
  dest_host_type_id: 2,
  dest_vlan_id: 20,
  dest_os_fingerprint_uuid: uuid('d1'),
  dest_criticality_id: 1,
  dest_user_id: 502,
  dest_port: 1053,
  dest_app_proto_id: 618,
};

const INTERFACES_ZONES_ADDRESSES = {
  iface_ingress_id: uuid('1f1'),
  iface_egress_id: uuid('1f2'),
  sec_zone_ingress_id: uuid('20a'),
  sec_zone_egress_id: uuid('20b'),
  src_ip: '192.0.2.53',
  dest_ip: '2001:db8::53',
};

const EXPECTED_116 = {
  ...EVENT_AND_TRIGGER,
  blocked_id: 0,
  iface_ingress_id: uuid('1f1'),
  iface_egress_id: uuid('1f2'),
  sec_zone_ingress_id: uuid('20a'),
  sec_zone_egress_id: uuid('20b'),
};

const EXPECTED_128 = { ...EVENT_AND_TRIGGER, blocked_id: 1, ...INTERFACES_ZONES_ADDRESSES };

const EXPECTED_156 = {
  ...EVENT_AND_TRIGGER,
  impact_level: 2,
  blocked_id: 1,
  intrusion_policy: uuid('1b5'),
  action: 4,
  netbios_domain: 'WORKGROUP',
  url_category_id: 11,
  url_reputation_id: 12,
  url: 'http://example.com/',
  client_id: 1296,
  client_version: '1.2',
  policy_uuid: uuid('ac9'),
  fw_rule_id: 268435461,
  ...INTERFACES_ZONES_ADDRESSES,
  src_ip_country_id: 840,
  dest_ip_country_id: 276,
  sec_intel_policy_id: uuid('5ec'),
  security_context: '0f0e0d0c0b0a09080706050403020100',
  ssl_policy_id: SSL_POLICY,
  ssl_rule_id: 31,
  ssl_actual_action_id: 2,
  ssl_flow_status_id: 3,
  ssl_cert_fingerprint: 'ee'.repeat(20),
};

for (const [type, block, expected] of [
  [116, block116, EXPECTED_116],
  [128, block128, EXPECTED_128],
  [156, block156, EXPECTED_156],
] as const) {
  test(`record 112 with correlation event block ${type}`, () => {
    const body = bytes().block(type, block).build();
    const decoded = decoder.decode(frame(body));
    assert.equal(decoded.blockType, type);
    assert.deepEqual(decoded.fields, expected);
    const encoded = encoder.encodeRecord(layouts.record(112)!, decoded.fields, type);
    assert.equal(encoded.toString('hex'), body.toString('hex'));
    for (let cut = 0; cut < body.length; cut++) {
      assert.throws(() => decoder.decode(frame(Buffer.from(body.subarray(0, cut)))), MalformedRecordError, `cut at ${cut}`);
    }
  });
}
