// Intrusion events and what travels with them: record 400 (Intrusion Event, one series-2 block
// whose type follows the release), 2 (Packet), 110 (Intrusion Event Extra Data, series-2 block 4)
// and 9 (Intrusion Impact Alert, series-1 block 153, legacy 20).
//
// Every intrusion event block version only appends fields to the previous one, except 81 which
// also inserts the blocked reason after "Blocked"; the runs below are in wire order.
// Field names are eNcore's Splunk keys; ids eNcore printed as names are `<key>_id` here and
// decorations/intrusion.ts adds the names.

import { inline, type BlockDef, type Field, type RecordDef } from '../schema';

// ---- Runs of the intrusion event blocks 25…85 ----

/** Event identity, rule, and the packet's endpoints and verdict. */
const EVENT_RULE_ENDPOINTS: readonly Field[] = [
  ['device_id', 'u32'],
  ['event_id', 'u32'],
  ['event_sec', 'u32'],
  ['event_usec', 'u32'],
  ['sid', 'u32'], // rule (signature) id
  ['gid', 'u32'], // generator id
  ['rev', 'u32'],
  ['class_id', 'u32'],
  ['priority_id', 'u32'],
  ['src_ip', 'ipv6'],
  ['dest_ip', 'ipv6'],
  ['src_port', 'u16'], // or ICMP type
  ['dest_port', 'u16'], // or ICMP code
  ['ip_proto_id', 'u8'],
  ['impact_bits', 'u8'], // impact flags; eNcore's `impact` is computed from them
  ['impact_level', 'u8'], // the "Impact" byte as sent (eNcore shows it only through impact_desc)
  ['blocked_id', 'u8'], // 0 no, 1 blocked, 2 would be blocked, …
];

/** 81+: why it was (or would have been) blocked. */
const BLOCKED_REASON: readonly Field[] = [['blocked_reason_id', 'u8']];

/** Policies, applications, interfaces and the associated connection event. */
const POLICY_APPS_CONNECTION: readonly Field[] = [
  ['mpls_label', 'u32'],
  ['vlan_id', 'u16'],
  ['', 'pad16'],
  ['ids_policy_id', 'uuid'],
  ['user_id', 'u32'],
  ['web_app_id', 'u32'],
  ['client_app_id', 'u32'],
  ['app_proto_id', 'u32'],
  ['fw_rule_id', 'u32'],
  ['fw_policy_id', 'uuid'],
  ['iface_ingress_id', 'uuid'],
  ['iface_egress_id', 'uuid'],
  ['sec_zone_ingress_id', 'uuid'],
  ['sec_zone_egress_id', 'uuid'],
  ['connection_sec', 'u32'],
  ['instance_id', 'u16'],
  ['connection_id', 'u16'], // connection counter
];

/** 5.2+. */
const COUNTRIES: readonly Field[] = [
  ['src_ip_country_id', 'u16'],
  ['dest_ip_country_id', 'u16'],
];

/** 5.3+. */
const IOC: readonly Field[] = [['num_ioc', 'u16']];

/** 5.4+: security context, TLS decryption and the network analysis policy. */
const CONTEXT_TLS_NAP: readonly Field[] = [
  ['security_context', 'hex16'],
  ['ssl_cert_fingerprint', 'hex20'],
  ['ssl_actual_action_id', 'u16'],
  ['ssl_flow_status_id', 'u16'],
  ['net_analysis_policy_id', 'uuid'],
];

/** 6.0+. */
const HTTP_RESPONSE: readonly Field[] = [['http_response', 'u32']];

/** 81+ (7.x). */
const VRF_SNORT_VERSION: readonly Field[] = [
  ['ingress_vrf_name', 'string'],
  ['egress_vrf_name', 'string'],
  ['snort_version', 'u8'],
];

/**
 * 85: proxied client, HTTP and SMTP details. "smtp_attachements" and "stmp_headers" are
 * eNcore's printed keys, misspelt; kept so existing searches keep working. (eNcore never printed
 * SMTP To: its definition misspells the field; we name it smtp_to.)
 */
const ORIGINAL_CLIENT_HTTP_SMTP: readonly Field[] = [
  ['original_src_ip', 'ipv6'],
  ['http_hostname', 'string'],
  ['http_uri', 'string'],
  ['smtp_attachements', 'string'],
  ['smtp_from', 'string'],
  ['stmp_headers', 'string'],
  ['smtp_to', 'string'],
];

const UP_TO_CONNECTION: readonly Field[] = [...EVENT_RULE_ENDPOINTS, ...POLICY_APPS_CONNECTION];
const UP_TO_HTTP_RESPONSE_60: readonly Field[] = [
  ...UP_TO_CONNECTION,
  ...COUNTRIES,
  ...IOC,
  ...CONTEXT_TLS_NAP,
  ...HTTP_RESPONSE,
];
const UP_TO_SNORT_VERSION_81: readonly Field[] = [
  ...EVENT_RULE_ENDPOINTS,
  ...BLOCKED_REASON,
  ...POLICY_APPS_CONNECTION,
  ...COUNTRIES,
  ...IOC,
  ...CONTEXT_TLS_NAP,
  ...HTTP_RESPONSE,
  ...VRF_SNORT_VERSION,
];

const intrusionEvent = (type: number, version: string, fields: readonly Field[], source: string): BlockDef => ({
  series: 2,
  type,
  name: `Intrusion Event Record ${version}`,
  fields,
  source,
});

export const blocks: BlockDef[] = [
  // ---- Series 1 ----

  // 20: impact alert up to 5.2 (IPv4 addresses).
  {
    series: 1,
    type: 20,
    name: 'Intrusion Impact Alert Data (legacy)',
    fields: [
      ['event_id', 'u32'],
      ['device_id', 'u32'],
      ['event_sec', 'u32'],
      ['impact_bits', 'u32'],
      ['src_ip', 'ipv4'],
      ['dest_ip', 'ipv4'],
      ['description', 'string'],
    ],
    source: 'Integration Guide 5.3 p.77 and 5.4 p.B-36 "Intrusion Impact Alert Data" (block 20); Sourcefire Perl SDK SFRNABlocks.pm',
  },
  // 153: impact alert 5.3+. The guide's diagram puts the fields in another order than its
  // table; the wire follows the table (eNcore: "Documentation diagram incorrect! See text").
  {
    series: 1,
    type: 153,
    name: 'Intrusion Impact Alert Data 5.3+',
    fields: [
      ['event_id', 'u32'],
      ['device_id', 'u32'],
      ['event_sec', 'u32'],
      ['impact_bits', 'u32'],
      ['src_ip', 'ipv6'],
      ['dest_ip', 'ipv6'],
      ['description', 'string'],
    ],
    source: 'protocol.md §6.9; Integration Guide 5.4 ch.3 "Intrusion Impact Alert Data 5.3+"',
  },

  // ---- Series 2 ----

  // 4: extra data of an intrusion event (e.g. the original client IP behind a proxy); the
  // payload is a BLOB block (series-2 type 1) whose meaning record 111 describes per type.
  {
    series: 2,
    type: 4,
    name: 'Intrusion Event Extra Data',
    fields: [
      ['device_id', 'u32'],
      ['event_id', 'u32'],
      ['event_sec', 'u32'],
      ['type', 'u32'],
      ['data', 'blob'],
    ],
    source: 'Integration Guide 5.4 p.3-22 "Intrusion Event Extra Data"; protocol.md §6.4',
  },
  intrusionEvent(
    25,
    '5.1.1.x',
    UP_TO_CONNECTION,
    'Integration Guide 5.3 p.485 / 5.4 p.B-25 "Intrusion Event Record 5.1.1.x"',
  ),
  intrusionEvent(34, '5.2.x', [...UP_TO_CONNECTION, ...COUNTRIES], 'Integration Guide 5.3 p.478 "Intrusion Event Record 5.2.x"'),
  // eNcore's (unused) definition of 41 has a blocked-reason byte after "Blocked"; the guide's
  // 5.1.1–5.3 tables and eNcore's own block 60 have none, and the guide is followed here.
  intrusionEvent(
    41,
    '5.3',
    [...UP_TO_CONNECTION, ...COUNTRIES, ...IOC],
    'Integration Guide 5.3 p.75-77 "Intrusion Event Record 5.3+"',
  ),
  intrusionEvent(
    45,
    '5.4',
    [...UP_TO_CONNECTION, ...COUNTRIES, ...IOC, ...CONTEXT_TLS_NAP],
    'Integration Guide 5.4 ch.3 "Intrusion Event Record 5.4+" (5.3 + security context, TLS, NAP); spohara79/estreamer',
  ),
  intrusionEvent(60, '6.0', UP_TO_HTTP_RESPONSE_60, 'protocol.md §6.3 (85 minus the 81/85 additions; eNcore 5.2.11)'),
  intrusionEvent(81, '7.x (request v10)', UP_TO_SNORT_VERSION_81, 'protocol.md §6.3 deltas 60 → 81 (eNcore 5.2.11)'),
  intrusionEvent(
    85,
    '7.x (request v11)',
    [...UP_TO_SNORT_VERSION_81, ...ORIGINAL_CLIENT_HTTP_SMTP],
    'protocol.md §6.3 block 85 table (eNcore 5.2.11)',
  ),
];

export const records: RecordDef[] = [
  // 2: the packet that triggered an intrusion event, joined to it by (device_id, event_id,
  // event_sec). No block: the packet bytes run to the end of the record.
  {
    type: 2,
    name: 'Packet Data',
    simple: 'PACKET',
    category: 'packets',
    fields: [
      ['device_id', 'u32'],
      ['event_id', 'u32'],
      ['event_sec', 'u32'],
      ['packet_sec', 'u32'],
      ['packet_usec', 'u32'],
      ['link_type', 'u32'], // 1 = Ethernet
      ['packet_len', 'u32'],
      // The language has no "bytes counted by an earlier field": the packet is the rest of the
      // record, which is what packet_len counts. decorations/intrusion.ts derives `packet`.
      ['original_packet', 'hexrest'],
    ],
    source: 'Integration Guide 5.4 p.3-4 "Packet Record 4.8.0.2+"; protocol.md §6.1',
  },
  {
    type: 9,
    name: 'Intrusion Impact Alert',
    simple: 'IMPACT',
    category: 'intrusion',
    fields: [['blockType', inline(1)]], // eNcore printed the block type (as for 71 and 400)
    blocks: [20, 153],
    source: 'Integration Guide 5.4 ch.3 "Intrusion Impact Alert Data"; protocol.md §6.9',
  },
  {
    type: 110,
    name: 'Intrusion Event Extra Data',
    simple: 'EXTRA DATA',
    category: 'intrusion',
    fields: [['', inline(2)]],
    blocks: [4],
    source: 'Integration Guide 5.4 p.3-22; protocol.md §6.4',
  },
  {
    type: 400,
    name: 'Intrusion Event',
    simple: 'IPS EVENT',
    category: 'intrusion',
    fields: [['blockType', inline(2)]], // eNcore printed the block type, the event's version
    blocks: [25, 34, 41, 45, 60, 81, 85],
    source: 'protocol.md §6.3; Integration Guide 5.3 ch.3 / App. B "Intrusion Event Record"',
  },
];
