// Connection records 71 and 73: a hand-built vector per block version, written field by field
// from the 5.x Integration Guides' tables (115…154), protocol.md §6.2 (the block 174 table and
// its per-version deltas) and the guide's chunk block, plus the real FMC capture of block 160 checked against what eNcore printed for it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytes, type Bytes } from '../../../test/bytes';
import { recordFrame } from '../../protocol/messages';
import { decorations } from '../../metadata/decorations/connection';
import { RecordDecoder, type Fields } from '../decoder';
import { layouts } from '../registry';
import { checkRecord } from '../../../test/record-check';

const decoder = new RecordDecoder(layouts);
const frame = (recordType: number, body: Buffer) => recordFrame(recordType, body, 1606923302);


/** Discovery event header 5.2+ with Has-IPv6 set, as real FMCs send it. */
const discoveryHeader = (subtype: number) =>
  bytes()
    .u32(3) // device id
    .ipv4('0.0.0.0') // legacy IP
    .hex('00:50:56:aa:bb:cc')
    .u8(1) // has IPv6
    .u8(0)
    .u32(1700000001)
    .u32(654321)
    .u32(1003) // connection event
    .u32(subtype)
    .u32(0) // file number
    .u32(0) // file position
    .mapped('10.0.0.99');

const HEADER_FIELDS = (subtype: number) => ({
  device_id: 3,
  legacy_ip: '0.0.0.0',
  mac_address: '00:50:56:aa:bb:cc',
  has_ipv6: 1,
  event_sec: 1700000001,
  event_usec: 654321,
  event_type: 1003,
  event_subtype: subtype,
  src_host: '10.0.0.99',
});

const uuid = (last: string) => `a1b2c3d4-0000-4000-8000-${last.padStart(12, '0')}`;
const ZONE_IN = uuid('1');
const ZONE_OUT = uuid('2');
const IF_IN = uuid('3');
const IF_OUT = uuid('4');
const POLICY = uuid('5');
const NETFLOW = uuid('6');
const QOS_IF = uuid('7');
const NAP = uuid('8');
const SINKHOLE = uuid('9');
const SEC_CTX = '0102030405060708090a0b0c0d0e0f10';
const SSL_POLICY = 'f0e0d0c0b0a090807060504030201000';
const CERT_FP = 'aa'.repeat(19) + '01';
const SESSION = 'bb'.repeat(31) + '02';
const TICKET = 'cc'.repeat(19) + '03';
const asUuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

/**
 * A connection statistics block of version `v`, field by field in wire order: 115 (5.0) … 154
 * (5.3.1+) as the 5.3 and 5.3.1/5.4 Integration Guides lay them out, 160 … 174 per protocol.md.
 */
function connectionBlock(v: number): Bytes {
  const since = (n: number) => v >= n;
  const b = bytes()
    .u32(7) // Device ID
    .hex(ZONE_IN)
    .hex(ZONE_OUT)
    .hex(IF_IN)
    .hex(IF_OUT)
    .mapped('192.168.50.50') // Initiator IP
    .hex('20010db8000000000000000000000005'); // Responder IP 2001:db8::5
  if (since(163)) b.mapped('203.0.113.77'); // Original Client IP
  b.hex(POLICY).u32(268434433); // Policy Revision, Rule ID
  if (since(163)) b.u32(4242); // Tunnel Rule ID
  if (since(160)) b.u16(2).u32(17); // Rule Action, Rule Reason: 32 bits on the wire
  else if (since(126)) b.u16(2).u16(17); // 5.1–5.3: 16 bits each, as the guide says
  else b.u32(2); // 5.0: a 32-bit Rule Action and no reason
  b.u16(59265)
    .u16(443)
    .u16(0x12) // TCP flags
    .u8(6);
  if (since(160)) b.hex(NETFLOW);
  else b.mapped('10.20.30.40'); // 5.x: the NetFlow source is an IP address
  if (since(137)) b.u16(3).u16(98); // instance, connection counter
  b.u32(1606923236)
    .u32(1606923301)
    .u64(10)
    .u64(8)
    .u64(1687)
    .u64(5_000_000_000); // past 2^32: the counters are 64-bit
  if (since(163)) b.u64(1).u64(2).u64(3).u64(4).hex(QOS_IF).u32(77);
  b.u32(9999997) // user
    .u32(1122) // application protocol
    .u32(11) // URL category
    .u32(12) // URL reputation
    .u32(1296) // client application
    .u32(1423) // web application
    .string('https://v10.vortex-win.data.microsoft.com')
    .string('WORKGROUP')
    .string('10.0');
  if (since(126)) {
    for (let m = 1; m <= 8; m++) b.u32(100 + m); // monitor rules
    b.u8(1).u8(2); // SI source/destination, SI layer
  }
  if (since(137)) b.u16(3).u16(4); // file and intrusion event counts
  if (since(144)) b.u16(840).u16(276); // countries
  if (since(163)) b.u16(250); // original client country
  if (since(152)) b.u16(5).u32(64512).u32(64513).u16(21).u16(22).u8(0x10).u8(0x20).u8(24).u8(16); // IOC, NetFlow
  if (since(154)) b.hex(SEC_CTX); // Security Context
  if (!since(160)) return b; // 5.x ends here
  b.u16(100) // VLAN    .u16(100) // VLAN
    .string('ctldl.windowsupdate.com')
    .string('Microsoft-CryptoAPI/10.0')
    .string('http://referrer.example/')
    .hex(CERT_FP)
    .hex(SSL_POLICY)
    .u32(31) // SSL rule
    .u16(0xc02f) // cipher suite
    .u8(4) // version
    .u32(2) // server certificate status: 32 bits on the wire
    .u16(1)
    .u16(2)
    .u16(3)
    .u32(0x80000001) // flow error
    .u32(5) // flow messages
    .u64(0x8000000000000001n) // flow flags, past 2^53
    .string('example.org')
    .u32(41) // SSL URL category
    .hex(SESSION)
    .u8(32)
    .hex(TICKET)
    .u8(20)
    .hex(NAP)
    .u32(61) // endpoint profile
    .u32(62); // security group
  if (since(170)) {
    b.u16(1001);
    if (since(171)) b.u8(1);
    b.u16(1002);
    if (since(171)) b.u8(2);
  }
  b.hex('fe800000000000000000000000000001') // location IPv6
    .u32(200) // HTTP response
    .string('v10.example.com')
    .u16(1)
    .u16(3)
    .u32(2718)
    .hex(SINKHOLE)
    .u32(71)
    .u32(72);
  if (v === 168) b.u32(73); // SI list 3
  if (since(169)) b.u32(74); // threat intelligence category
  if (since(174)) {
    b.string('chrome.exe').u8(90).u8(10).u8(3).u8(7).u16(40000).u16(8443).mapped('198.51.100.1').mapped('198.51.100.2');
  }
  if (since(171)) b.string('vrf-in').string('vrf-out');
  if (since(173)) b.string('tag:web').string('tag:db');
  return b;
}

/** What the decoder must give for `connectionBlock(v)`. */
function connectionFields(v: number): Fields {
  const since = (n: number) => v >= n;
  const idType = (h: string) => (since(163) ? asUuid(h) : h);
  return {
    ...HEADER_FIELDS(1),
    blockType: v, // printed, as eNcore did
    sensor_id: 7,
    sec_zone_ingress_id: ZONE_IN,
    sec_zone_egress_id: ZONE_OUT,
    iface_ingress_id: IF_IN,
    iface_egress_id: IF_OUT,
    src_ip: '192.168.50.50',
    dest_ip: '2001:db8::5',
    ...(since(163) && { original_client_src_ip: '203.0.113.77' }),
    fw_policy_id: POLICY,
    fw_rule_id: 268434433,
    ...(since(163) && { tunnel_rule_id: 4242 }),
    fw_rule_action_id: 2,
    ...(since(126) && { fw_rule_reason_id: 17 }),
    src_port: 59265,
    dest_port: 443,
    tcp_flags: 0x12,
    ip_proto_id: 6,
    netflow_src: since(160) ? NETFLOW : '10.20.30.40',
    ...(since(137) && { instance_id: 3, connection_id: 98 }),
    first_pkt_sec: 1606923236,
    last_pkt_sec: 1606923301,
    src_pkts: 10,
    dest_pkts: 8,
    src_bytes: 1687,
    dest_bytes: 5_000_000_000,
    ...(since(163) && {
      src_packets_dropped: 1,
      dest_packets_dropped: 2,
      src_bytes_dropped: 3,
      dest_bytes_dropped: 4,
      qoa_applied_interface: QOS_IF,
      qoa_rule_id: 77,
    }),
    user_id: 9999997,
    app_proto_id: 1122,
    url_category_id: 11,
    url_reputation_id: 12,
    client_app_id: 1296,
    web_app_id: 1423,
    url: 'https://v10.vortex-win.data.microsoft.com',
    netbios_domain: 'WORKGROUP',
    client_version: '10.0',
    ...(since(126) && {
      ...Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8].map((m) => [`monitor_rule_${m}_id`, 100 + m])),
      sec_intel_ip_id: 1,
      ip_layer: 2,
    }),
    ...(since(137) && { file_count: 3, ips_count: 4 }),
    ...(since(144) && { src_ip_country_id: 840, dest_ip_country_id: 276 }),
    ...(since(163) && { original_src_country: 250 }),
    ...(since(152) && {
      num_ioc: 5,
      src_autonomous_system: 64512,
      dest_autonomous_system: 64513,
      snmp_in: 21,
      snmp_out: 22,
      src_tos: 0x10,
      dest_tos: 0x20,
      src_mask: 24,
      dest_mask: 16,
    }),
    ...(since(154) && { security_context: idType(SEC_CTX) }),
    ...(since(160) && fieldsFrom160(v, idType)),
  };
}

/** What blocks 160 and later carry after the security context. */
function fieldsFrom160(v: number, idType: (h: string) => string): Fields {
  const since = (n: number) => v >= n;
  return {
    vlan_id: 100,
    referenced_host: 'ctldl.windowsupdate.com',
    user_agent: 'Microsoft-CryptoAPI/10.0',
    http_referrer: 'http://referrer.example/',
    ssl_cert_fingerprint: CERT_FP,
    ssl_policy_id: idType(SSL_POLICY),
    ssl_rule_id: 31,
    ssl_cipher_suite_id: 0xc02f,
    ssl_version_id: 4,
    ssl_server_cert_status_id: 2,
    ssl_actual_action_id: 1,
    ssl_expected_action_id: 2,
    ssl_flow_status_id: 3,
    ssl_flow_error: 0x80000001,
    ssl_flow_messages: 5,
    ssl_flow_flags: '9223372036854775809',
    ssl_server_name: 'example.org',
    ssl_url_category_id: 41,
    ssl_session_id: SESSION,
    ssl_session_id_len: 32,
    ssl_ticket_id: TICKET,
    ssl_ticket_id_len: 20,
    network_analysis_policy_revision: NAP,
    endpoint_profile_id: 61,
    security_group_id: 62,
    ...(since(170) && { source_security_group_tag: 1001, destination_security_group_tag: 1002 }),
    ...(since(171) && { source_security_group_tag_type: 1, destination_security_group_tag_type: 2 }),
    location_ip: 'fe80::1',
    http_response: 200,
    dns_query: 'v10.example.com',
    dns_rec_id: 1,
    dns_resp_id: 3,
    dns_ttl: 2718,
    sinkhole_uuid: SINKHOLE,
    sec_intel_list1_id: 71,
    sec_intel_list2_id: 72,
    ...(v === 168 && { sec_intel_list3_id: 73 }),
    ...(since(169) && { threat_intelligence_category: 74 }),
    ...(since(174) && {
      eve_process: 'chrome.exe',
      eve_process_confidence: 90,
      eve_threat_confidence: 10,
      eve_threat_confidence_index: 3,
      client_app_detector_id: 7,
      nat_src_port: 40000,
      nat_dest_port: 8443,
      nat_src_ip: '198.51.100.1',
      nat_dest_ip: '198.51.100.2',
    }),
    ...(since(171) && { ingress_vrf_name: 'vrf-in', egress_vrf_name: 'vrf-out' }),
    ...(since(173) && { source_ip_dynamic_attributes: 'tag:web', dest_ip_dynamic_attributes: 'tag:db' }),
  };
}

for (const v of [160, 163, 168, 169, 170, 171, 173, 174]) {
  test(`record 71 with connection statistics block ${v}`, () => {
    const body = discoveryHeader(1).block(v, connectionBlock(v)).build();
    assert.deepEqual(checkRecord(71, body, v), connectionFields(v));
  });
}

// The guide's minimum block lengths (all three strings empty), header included.
const MINIMUM_5X: Record<number, number> = { 115: 243, 126: 277, 137: 285, 144: 289, 152: 307, 154: 323 };

for (const v of [115, 126, 137, 144, 152, 154]) {
  test(`record 71 with 5.x connection statistics block ${v}`, () => {
    const block = connectionBlock(v);
    const body = discoveryHeader(1).block(v, block).build();
    assert.deepEqual(checkRecord(71, body, v), connectionFields(v));
    const strings = 'https://v10.vortex-win.data.microsoft.com'.length + 'WORKGROUP'.length + '10.0'.length;
    assert.equal(block.build().length + 8, MINIMUM_5X[v] + strings, 'block length as the guide computes it');
  });
}

// ---- 4.x blocks 56, 101, 125 (5.3 guide pp.579-585, legacy connection statistics; SFRNABlocks.pm) ----

/** A 4.x block: IPv4 endpoints and 32-bit counters; 125 has the NetFlow fields, 101/125 the web application. */
function connectionBlock4x(v: 56 | 101 | 125): Bytes {
  const b = bytes()
    .ipv4('192.0.2.10') // Initiator IP Address
    .ipv4('198.51.100.20') // Responder IP Address
    .u16(51000) // Initiator Port
    .u16(80) // Responder Port
    .u32(1200000000) // First Packet Time
    .u32(1200000060) // Last Packet Time
    .u8(2); // Connection Type: NetFlow
  if (v === 125) b.u8(0x10).u8(0x20).u16(3).u16(4); // NetFlow Source TOS, Destination TOS, SNMP Input, SNMP Output
  b.ipv4('10.1.1.1') // Source Device
    .u8(0x1b) // TCP Flags
    .u32(12) // Packets Sent
    .u32(10) // Packets Received
    .u32(3400) // Bytes Sent
    .u32(56000) // Bytes Received
    .u8(6) // Protocol
    .u32(676) // Server ID (application protocol)
    .u32(2) // Client Application Type ID
    .u32(1296) // Client Application ID
    .string('3.6') // Client Application Version
    .string('http://example.com/') // URL
    .string('WORKGROUP'); // NetBIOS Domain
  if (v !== 56) b.u32(1).u32(929); // Payload Type, Payload ID
  return b;
}

function connectionFields4x(v: 56 | 101 | 125): Fields {
  return {
    ...HEADER_FIELDS(1),
    blockType: v,
    src_ip: '192.0.2.10',
    dest_ip: '198.51.100.20',
    src_port: 51000,
    dest_port: 80,
    first_pkt_sec: 1200000000,
    last_pkt_sec: 1200000060,
    connection_type: 2,
    ...(v === 125 && { src_tos: 0x10, dest_tos: 0x20, snmp_in: 3, snmp_out: 4 }),
    netflow_src: '10.1.1.1',
    tcp_flags: 0x1b,
    src_pkts: 12,
    dest_pkts: 10,
    src_bytes: 3400,
    dest_bytes: 56000,
    ip_proto_id: 6,
    app_proto_id: 676,
    client_app_type_id: 2,
    client_app_id: 1296,
    client_version: '3.6',
    url: 'http://example.com/',
    netbios_domain: 'WORKGROUP',
    ...(v !== 56 && { web_app_type_id: 1, web_app_id: 929 }),
  };
}

for (const v of [56, 101, 125] as const) {
  test(`record 71 with 4.x connection statistics block ${v}`, () => {
    const body = discoveryHeader(1).block(v, connectionBlock4x(v)).build();
    assert.deepEqual(checkRecord(71, body, v), connectionFields4x(v));
  });
}

test('record 71 skips fields a newer FMC appends to a known block', () => {
  const body = discoveryHeader(1).block(174, connectionBlock(174).hex('deadbeef')).build();
  assert.deepEqual(decoder.decode(frame(71, body)).fields, connectionFields(174));
});

test('record 73 with connection chunk block 136', () => {
  const chunk = bytes()
    .ipv4('10.1.1.1')
    .ipv4('10.2.2.2')
    .u32(1606923000) // start time
    .u32(676) // application protocol
    .u16(53)
    .u8(17)
    .u8(1) // connection type
    .ipv4('10.9.9.9') // NetFlow detector
    .u64(11) // packets sent
    .u64(12) // packets received
    .u64(6_000_000_000) // bytes sent, past 2^32: the counters are 64-bit
    .u64(14) // bytes received
    .u32(15); // connections
  const body = discoveryHeader(2).block(136, chunk).build();
  assert.deepEqual(checkRecord(73, body, 136), {
    ...HEADER_FIELDS(2),
    src_ip: '10.1.1.1',
    dest_ip: '10.2.2.2',
    start_sec: 1606923000,
    app_proto_id: 676,
    dest_port: 53,
    ip_proto_id: 17,
    connection_type: 1,
    netflow_detector_ip: '10.9.9.9',
    src_pkts: 11,
    dest_pkts: 12,
    src_bytes: 6_000_000_000,
    dest_bytes: 14,
    connection_count: 15,
  });
});

// ---- The real FMC capture (Dec 2020, reference/encore/fmc_wire_capture_hackathon_2020.json) ----

/** The first record 71 body of the capture (block 160), and what eNcore printed for it. */
const CAPTURED_71 =
  '000000010000000000000000000001000000000000000000000003eb00000001fcfac65f1f5e010000000000000000000000' +
  '000000000000000000a00000026400000001ed81dc4e344411eba581703a42c735fbedc619ae344411eba581703a42c735fb' +
  'ed699184344411eba581703a42c735fbedaaf142344411eba581703a42c735fb00000000000000000000ffffc0a832320000' +
  '0000000000000000ffff347280460000000000000000000000005fc6fa720ffffc01000200000000e78101bb000006000000' +
  '00000000000000000000000000000300625fc7b3e45fc7b425000000000000000a0000000000000008000000000000069700' +
  '0000000000118c0098967d000004620000000000000000000005100000058f000000000000003268747470733a2f2f763130' +
  '2e766f727465782d77696e2e646174612e6d6963726f736f66742e636f6d0000000000000000080000000000000008000000' +
  '0000000000000000000000000000000000000000000000000000000000000000000000000003480000000000000000000000' +
  '0000000000000000000000000000000000000000000000000000000000000000080000000000000008000000000000000800' +
  '0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000' +
  '0000000000000000000000000000000000000000000000000008000000000000000000000000000000000000000000000000' +
  '0000000000000000000000000000000000000000000000000000000000000000000059b12e88343611eb9e8e59cf41c735fb' +
  '0000000000000000000000000000000000000000000000000000000000000000000000080000000000000000000000000000' +
  '000000000000000000000000000000000000';

/** Raw values from eNcore's Splunk line for this record (splunk_output_encore.1606955501.log, line 1). */
const ENCORE_RAW_VALUES: Fields = {
  src_ip: '192.168.50.50',
  dest_ip: '52.114.128.70',
  src_port: 59265,
  dest_port: 443,
  connection_id: 98,
  instance_id: 3,
  src_pkts: 10,
  dest_pkts: 8,
  src_bytes: 1687,
  dest_bytes: 4492,
  first_pkt_sec: 1606923236,
  last_pkt_sec: 1606923301,
  tcp_flags: 0,
  url: 'https://v10.vortex-win.data.microsoft.com',
  netbios_domain: '',
  client_version: '',
  referenced_host: '',
  user_agent: '',
  http_referrer: '',
  ip_layer: 0,
  file_count: 0,
  ips_count: 0,
  num_ioc: 0,
  vlan_id: 0,
  http_response: 0,
  snmp_in: 0,
  snmp_out: 0,
  src_tos: 0,
  dest_tos: 0,
  src_mask: 0,
  dest_mask: 0,
  src_autonomous_system: 0,
  dest_autonomous_system: 0,
  dns_query: '',
  dns_rec_id: 0,
  dns_resp_id: 0,
  dns_ttl: 0,
  netflow_src: '00000000-0000-0000-0000-000000000000',
  sinkhole_uuid: '00000000-0000-0000-0000-000000000000',
  security_context: '0'.repeat(32),
  ssl_policy_id: '0'.repeat(32),
  ssl_cert_fingerprint: '0'.repeat(40),
  ssl_session_id: '0'.repeat(64),
  ssl_ticket_id: '0'.repeat(40),
  ssl_rule_id: 0,
  ssl_flow_error: 0,
  ssl_flow_messages: 0,
  ssl_flow_flags: 0,
  ssl_server_name: '',
  has_ipv6: 1,
  mac_address: '00:00:00:00:00:00',
  event_type: 1003,
  event_subtype: 1,
};

/** Every key eNcore printed for rec_type=71 in that capture. */
const ENCORE_71_KEYS = `app_proto client_app client_version connection_id dest_autonomous_system dest_bytes dest_ip
  dest_ip_country dest_mask dest_pkts dest_port dest_tos dns_query dns_rec_id dns_record_desc dns_record_name
  dns_resp_id dns_ttl event_desc event_sec event_subtype event_type event_usec file_count first_pkt_sec fw_policy
  fw_rule fw_rule_action fw_rule_reason has_ipv6 http_referrer http_response iface_egress iface_ingress instance_id
  ip_layer ip_proto ips_count last_pkt_sec mac_address monitor_rule_1 monitor_rule_2 monitor_rule_3 monitor_rule_4
  monitor_rule_5 monitor_rule_6 monitor_rule_7 monitor_rule_8 netbios_domain netflow_src num_ioc rec_type
  rec_type_desc rec_type_simple referenced_host sec_intel_event sec_intel_ip sec_zone_egress sec_zone_ingress
  security_context sensor sinkhole_uuid snmp_in snmp_out src_autonomous_system src_bytes src_ip src_ip_country
  src_mask src_pkts src_port src_tos ssl_actual_action ssl_cert_fingerprint ssl_cipher_suite ssl_expected_action
  ssl_flow_error ssl_flow_flags ssl_flow_messages ssl_flow_status ssl_policy_id ssl_rule_id ssl_server_cert_status
  ssl_server_name ssl_session_id ssl_ticket_id ssl_url_category ssl_version tcp_flags url url_category
  url_reputation user user_agent vlan_id web_app`
  .split(/\s+/)
  .filter(Boolean);

/** Added for every record by the output and the decoration engine, not by the tables. */
const ENGINE_KEYS = new Set(['rec_type', 'rec_type_desc', 'rec_type_simple', 'event_desc']);

test('the real FMC capture decodes as block 160 with the raw values eNcore printed', () => {
  const body = Buffer.from(CAPTURED_71, 'hex');
  // The capture's header carries the FMC's internal file position and its strings end in NUL.
  const fields = checkRecord(71, body, 160, { sameBytes: false });
  for (const [key, value] of Object.entries(ENCORE_RAW_VALUES)) assert.deepEqual(fields[key], value, key);
  assert.equal(fields.fw_policy_id, '00000000-0000-0000-0000-00005fc6fa72');
  assert.equal(fields.blockType, 160);
  assert.equal(fields.network_analysis_policy_revision, '59b12e88-3436-11eb-9e8e-59cf41c735fb');
});

test('every key eNcore printed for record 71 is a table field or a decoration', () => {
  const fields = decoder.decode(frame(71, Buffer.from(CAPTURED_71, 'hex'))).fields;
  const decorated = new Set(decorations.find((d) => d.recordType === 71)!.decorations.map((d) => d.name));
  const missing = ENCORE_71_KEYS.filter((k) => !(k in fields) && !decorated.has(k) && !ENGINE_KEYS.has(k));
  assert.deepEqual(missing, []);
  // …and no decoration overwrites a raw field.
  assert.deepEqual([...decorated].filter((k) => k in fields), []);
});
