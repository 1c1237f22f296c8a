// Connection events: record 71 (Connection Statistics) and record 73 (Connection Chunk).
//
// Record 71 is the discovery header plus one series-1 connection statistics block whose type
// changed with almost every release; the decoder picks the layout by the block type received.
// The 5.x blocks (115…154) and the 6.x/7.x blocks (160…174) share long runs of fields,
// assembled below from named runs in wire order. Where a later version inserts fields in the
// middle, the run is split there.
//
// Field names are eNcore's Splunk keys (see the real FMC capture in
// reference/encore/splunk_output_encore.1606955501.log, block 160). Ids that eNcore printed as
// resolved names are `<key>_id` here; decorations/connection.ts adds the names.

import { inline, type BlockDef, type Field, type RecordDef, type ScalarType } from '../schema';
import { DISCOVERY_HEADER } from './common';

// ---- Runs shared by the connection statistics blocks 160…174 (protocol.md §6.2) ----

/** Device, zones, interfaces and the two endpoints. */
const DEVICE_ZONES_ENDPOINTS: readonly Field[] = [
  ['sensor_id', 'u32'],
  ['sec_zone_ingress_id', 'uuid'],
  ['sec_zone_egress_id', 'uuid'],
  ['iface_ingress_id', 'uuid'],
  ['iface_egress_id', 'uuid'],
  ['src_ip', 'ipv6'],
  ['dest_ip', 'ipv6'],
];

/** 163+: the client behind a proxy (X-Forwarded-For). eNcore meant to print it as original_client_src_ip. */
const ORIGINAL_CLIENT_IP: readonly Field[] = [['original_client_src_ip', 'ipv6']];

const ACCESS_CONTROL_RULE: readonly Field[] = [
  ['fw_policy_id', 'uuid'], // the access control policy revision
  ['fw_rule_id', 'u32'],
];

/** 163+: prefilter/tunnel rule. */
const TUNNEL_RULE: readonly Field[] = [['tunnel_rule_id', 'u32']];

/** Ports, TCP flags and protocol. */
const PORTS_FLAGS_PROTOCOL: readonly Field[] = [
  ['src_port', 'u16'],
  ['dest_port', 'u16'],
  ['tcp_flags', 'u16'],
  ['ip_proto_id', 'u8'],
];

/** 5.1.1+ (block 137 on): which Snort instance saw the connection, and its counter. */
const INSTANCE_AND_COUNTER: readonly Field[] = [
  ['instance_id', 'u16'],
  ['connection_id', 'u16'], // the connection counter
];

const TIMES_AND_COUNTERS: readonly Field[] = [
  ['first_pkt_sec', 'u32'],
  ['last_pkt_sec', 'u32'],
  ['src_pkts', 'u64'],
  ['dest_pkts', 'u64'],
  ['src_bytes', 'u64'],
  ['dest_bytes', 'u64'],
];

/**
 * Verdict, 5-tuple and traffic counters. The guide prints Rule Reason as 16 bits; the wire
 * carries 32 (eNcore: "Documentation wrong", confirmed by the real FMC capture of block 160).
 */
const VERDICT_FLOW_COUNTERS: readonly Field[] = [
  ['fw_rule_action_id', 'u16'],
  ['fw_rule_reason_id', 'u32'],
  ...PORTS_FLAGS_PROTOCOL,
  ['netflow_src', 'uuid'],
  ...INSTANCE_AND_COUNTER,
  ...TIMES_AND_COUNTERS,
];

/** 163+: drop counters and QoS. eNcore prints the QoS keys as "qoa_…" (sic); kept for compatibility. */
const DROPS_AND_QOS: readonly Field[] = [
  ['src_packets_dropped', 'u64'],
  ['dest_packets_dropped', 'u64'],
  ['src_bytes_dropped', 'u64'],
  ['dest_bytes_dropped', 'u64'],
  ['qoa_applied_interface', 'uuid'],
  ['qoa_rule_id', 'u32'],
];

/** User, applications and HTTP client data. */
const APPS_AND_CLIENT: readonly Field[] = [
  ['user_id', 'u32'],
  ['app_proto_id', 'u32'],
  ['url_category_id', 'u32'],
  ['url_reputation_id', 'u32'],
  ['client_app_id', 'u32'],
  ['web_app_id', 'u32'],
  ['url', 'string'], // client URL
  ['netbios_domain', 'string'],
  ['client_version', 'string'],
];

/** 5.1+ (block 126 on): monitor rules and Security Intelligence. */
const MONITOR_RULES_AND_SI: readonly Field[] = [
  ['monitor_rule_1_id', 'u32'],
  ['monitor_rule_2_id', 'u32'],
  ['monitor_rule_3_id', 'u32'],
  ['monitor_rule_4_id', 'u32'],
  ['monitor_rule_5_id', 'u32'],
  ['monitor_rule_6_id', 'u32'],
  ['monitor_rule_7_id', 'u32'],
  ['monitor_rule_8_id', 'u32'],
  ['sec_intel_ip_id', 'u8'], // which side matched Security Intelligence (0 = none)
  ['ip_layer', 'u8'], // Security Intelligence layer
];

/** 5.1.1+ (block 137 on). */
const EVENT_COUNTS: readonly Field[] = [
  ['file_count', 'u16'], // "File Event Count" (renamed "File Count" in 173)
  ['ips_count', 'u16'], // intrusion event count
];

/** 5.2+ (block 144 on). */
const COUNTRIES: readonly Field[] = [
  ['src_ip_country_id', 'u16'],
  ['dest_ip_country_id', 'u16'],
];

/** User, applications, HTTP client data, monitor rules, Security Intelligence and event counts. */
const APPS_MONITOR_RULES_COUNTS: readonly Field[] = [...APPS_AND_CLIENT, ...MONITOR_RULES_AND_SI, ...EVENT_COUNTS, ...COUNTRIES];

/** 163+. eNcore prints it raw. */
const ORIGINAL_CLIENT_COUNTRY: readonly Field[] = [['original_src_country', 'u16']];

/** 5.3+ (block 152 on): IOC count and NetFlow details. */
const IOC_AND_NETFLOW: readonly Field[] = [
  ['num_ioc', 'u16'],
  ['src_autonomous_system', 'u32'],
  ['dest_autonomous_system', 'u32'],
  ['snmp_in', 'u16'],
  ['snmp_out', 'u16'],
  ['src_tos', 'u8'],
  ['dest_tos', 'u8'],
  ['src_mask', 'u8'],
  ['dest_mask', 'u8'],
];

/**
 * IOC, NetFlow, HTTP headers, TLS and the network analysis policy. In 160 eNcore types the
 * security context and SSL policy id as plain 16-byte hex; from 163 on as UUIDs (same bytes).
 */
const netflowHttpTls = (idType: Extract<ScalarType, 'hex16' | 'uuid'>): readonly Field[] => [
  ...IOC_AND_NETFLOW,
  ['security_context', idType],
  ['vlan_id', 'u16'],
  ['referenced_host', 'string'],
  ['user_agent', 'string'],
  ['http_referrer', 'string'],
  ['ssl_cert_fingerprint', 'hex20'],
  ['ssl_policy_id', idType],
  ['ssl_rule_id', 'u32'],
  ['ssl_cipher_suite_id', 'u16'],
  ['ssl_version_id', 'u8'],
  ['ssl_server_cert_status_id', 'u32'], // u32 on the wire (eNcore: the guide is wrong here too)
  ['ssl_actual_action_id', 'u16'],
  ['ssl_expected_action_id', 'u16'],
  ['ssl_flow_status_id', 'u16'],
  ['ssl_flow_error', 'u32'],
  ['ssl_flow_messages', 'u32'],
  ['ssl_flow_flags', 'u64'],
  ['ssl_server_name', 'string'],
  ['ssl_url_category_id', 'u32'],
  ['ssl_session_id', 'hex32'],
  ['ssl_session_id_len', 'u8'],
  ['ssl_ticket_id', 'hex20'],
  ['ssl_ticket_id_len', 'u8'],
  ['network_analysis_policy_revision', 'uuid'],
  ['endpoint_profile_id', 'u32'],
  ['security_group_id', 'u32'],
];

/** 170: Security Group Tags. */
const SECURITY_GROUP_TAGS: readonly Field[] = [
  ['source_security_group_tag', 'u16'],
  ['destination_security_group_tag', 'u16'],
];

/** 171+: each tag followed by its type. */
const SECURITY_GROUP_TAGS_WITH_TYPES: readonly Field[] = [
  ['source_security_group_tag', 'u16'],
  ['source_security_group_tag_type', 'u8'],
  ['destination_security_group_tag', 'u16'],
  ['destination_security_group_tag_type', 'u8'],
];

/** Location, HTTP response, DNS, sinkhole and the two Security Intelligence lists. */
const DNS_AND_SECURITY_INTELLIGENCE: readonly Field[] = [
  ['location_ip', 'ipv6'],
  ['http_response', 'u32'],
  ['dns_query', 'string'],
  ['dns_rec_id', 'u16'],
  ['dns_resp_id', 'u16'],
  ['dns_ttl', 'u32'],
  ['sinkhole_uuid', 'uuid'],
  ['sec_intel_list1_id', 'u32'],
  ['sec_intel_list2_id', 'u32'],
];

/** 169+ (168 had a third SI list in its place). */
const THREAT_INTELLIGENCE: readonly Field[] = [['threat_intelligence_category', 'u32']];

/** 174: Encrypted Visibility Engine and NAT translation. */
const EVE_AND_NAT: readonly Field[] = [
  ['eve_process', 'string'],
  ['eve_process_confidence', 'u8'],
  ['eve_threat_confidence', 'u8'],
  ['eve_threat_confidence_index', 'u8'],
  ['client_app_detector_id', 'u8'],
  ['nat_src_port', 'u16'],
  ['nat_dest_port', 'u16'],
  ['nat_src_ip', 'ipv6'],
  ['nat_dest_ip', 'ipv6'],
];

const VRF_NAMES: readonly Field[] = [
  ['ingress_vrf_name', 'string'],
  ['egress_vrf_name', 'string'],
];

/** 173+: dynamic attributes of the two endpoints. */
const DYNAMIC_ATTRIBUTES: readonly Field[] = [
  ['source_ip_dynamic_attributes', 'string'],
  ['dest_ip_dynamic_attributes', 'string'],
];

/** Everything up to and including the country codes, as from 163 on. */
const HEAD_163: readonly Field[] = [
  ...DEVICE_ZONES_ENDPOINTS,
  ...ORIGINAL_CLIENT_IP,
  ...ACCESS_CONTROL_RULE,
  ...TUNNEL_RULE,
  ...VERDICT_FLOW_COUNTERS,
  ...DROPS_AND_QOS,
  ...APPS_MONITOR_RULES_COUNTS,
  ...ORIGINAL_CLIENT_COUNTRY,
  ...netflowHttpTls('uuid'),
];

const GUIDE_5X = 'Integration Guide 5.3 pp.590-618 and FireSIGHT Integration Guide B-81..B-102, 4-112..4-118';

/** The 5.x blocks: 115 (5.0), 126 (5.1), 137 (5.1.1), 144 (5.2), 152 (5.3), 154 (5.3.1+). */
const CONNECTION_5X = (type: number): readonly Field[] => {
  const since = (t: number) => type >= t;
  return [
    ...DEVICE_ZONES_ENDPOINTS,
    ...ACCESS_CONTROL_RULE,
    // 5.0 has a 32-bit Rule Action and no reason; 5.1 on, 16 bits each.
    ...(since(126) ? ([['fw_rule_action_id', 'u16'], ['fw_rule_reason_id', 'u16']] as const) : ([['fw_rule_action_id', 'u32']] as const)),
    ...PORTS_FLAGS_PROTOCOL,
    ['netflow_src', 'ipv6'],
    ...(since(137) ? INSTANCE_AND_COUNTER : []),
    ...TIMES_AND_COUNTERS,
    ...APPS_AND_CLIENT,
    ...(since(126) ? MONITOR_RULES_AND_SI : []),
    ...(since(137) ? EVENT_COUNTS : []),
    ...(since(144) ? COUNTRIES : []),
    ...(since(152) ? IOC_AND_NETFLOW : []),
    ...(since(154) ? ([['security_context', 'hex16']] as const) : []),
  ];
};

/**
 * The 4.x blocks, IPv4 only: 56 (4.7-4.9.0.x); 101 (4.9.1-4.10.1) appends the web application;
 * 125 (4.10.2.x) inserts the NetFlow TOS and SNMP interfaces after the connection type.
 */
const CONNECTION_4X = (type: 56 | 101 | 125): readonly Field[] => [
  ['src_ip', 'ipv4'], // initiator
  ['dest_ip', 'ipv4'], // responder
  ['src_port', 'u16'],
  ['dest_port', 'u16'],
  ['first_pkt_sec', 'u32'],
  ['last_pkt_sec', 'u32'],
  ['connection_type', 'u8'], // 1 RNA (sensor), 2 NetFlow, as in the chunk block
  ...(type === 125
    ? ([
        ['src_tos', 'u8'], // NetFlow source TOS
        ['dest_tos', 'u8'],
        ['snmp_in', 'u16'],
        ['snmp_out', 'u16'],
      ] as const)
    : []),
  ['netflow_src', 'ipv4'], // the device that saw the connection (sensor or NetFlow exporter)
  ['tcp_flags', 'u8'],
  ['src_pkts', 'u32'], // packets sent by the initiator
  ['dest_pkts', 'u32'],
  ['src_bytes', 'u32'],
  ['dest_bytes', 'u32'],
  ['ip_proto_id', 'u8'],
  ['app_proto_id', 'u32'], // the server's application protocol
  ['client_app_type_id', 'u32'],
  ['client_app_id', 'u32'],
  ['client_version', 'string'],
  ['url', 'string'],
  ['netbios_domain', 'string'],
  ...(type === 56
    ? []
    : ([
        ['web_app_type_id', 'u32'], // "payload type"
        ['web_app_id', 'u32'], // "payload id"
      ] as const)),
];

const GUIDE_4X = 'Integration Guide 5.3 pp.579-585 (legacy connection statistics); Sourcefire eStreamer SDK SFRNABlocks.pm';

const connectionStatistics = (
  type: number,
  version: string,
  fields: readonly Field[],
  source = 'protocol.md §6.2 (block 174 table and the per-version deltas, from eNcore 5.2.11)',
): BlockDef => ({ series: 1, type, name: `Connection Statistics Data Block ${version}`, fields, source });

export const blocks: BlockDef[] = [
  // 136: aggregated NetFlow connection data (record 73). The guide's diagram draws the four
  // counters as 64-bit (each with a "continued" word) while its table says uint32; eNcore reads u64.
  {
    series: 1,
    type: 136,
    name: 'Connection Chunk Data Block 5.1.1+',
    fields: [
      ['src_ip', 'ipv4'],
      ['dest_ip', 'ipv4'],
      ['start_sec', 'u32'],
      ['app_proto_id', 'u32'],
      ['dest_port', 'u16'],
      ['ip_proto_id', 'u8'],
      ['connection_type', 'u8'],
      ['netflow_detector_ip', 'ipv4'],
      ['src_pkts', 'u64'], // packets sent
      ['dest_pkts', 'u64'], // packets received
      ['src_bytes', 'u64'], // bytes sent
      ['dest_bytes', 'u64'], // bytes received
      ['connection_count', 'u32'],
    ],
    source: 'Integration Guide 5.3 p.277 / 5.4 p.4-94 "Connection Chunk Data Block for 5.1.1+"; protocol.md §6.2',
  },

  connectionStatistics(56, '4.7-4.9.0.x', CONNECTION_4X(56), `${GUIDE_4X} index 56`),
  connectionStatistics(101, '4.9.1-4.10.1', CONNECTION_4X(101), `${GUIDE_4X} index 101`),
  connectionStatistics(125, '4.10.2.x', CONNECTION_4X(125), `${GUIDE_4X} index 125`),

  // 5.x (protocol.md §6.2 names them; layouts from the 5.3 and 5.3.1/5.4 Integration Guides,
  // Appendix B "Connection Statistics Data Block" 5.0–5.3 and chapter 4 "5.3.1+", cross-checked
  // with the Sourcefire eStreamer SDK's SFRNABlocks.pm). Each extends the one before; the NetFlow
  // source is an IP address there (uint8[16]), where eNcore reads the 6.x field as a UUID.
  connectionStatistics(115, '5.0', CONNECTION_5X(115), GUIDE_5X),
  connectionStatistics(126, '5.1', CONNECTION_5X(126), GUIDE_5X),
  connectionStatistics(137, '5.1.1', CONNECTION_5X(137), `${GUIDE_5X}; Instance ID and Connection Counter from SFRNABlocks.pm`),
  connectionStatistics(144, '5.2', CONNECTION_5X(144), GUIDE_5X),
  connectionStatistics(152, '5.3', CONNECTION_5X(152), `${GUIDE_5X}; TOS and mask sizes from SFRNABlocks.pm`),
  connectionStatistics(
    154,
    '5.3.1+',
    CONNECTION_5X(154),
    `${GUIDE_5X}; 5.3.1+ guide p.4-112: 152 plus a Security Context (16 bytes, last, as in 6.0's block 160)`,
  ),

  // 160 (6.0): the block of the real FMC capture; verified byte for byte against it.
  connectionStatistics(
    160,
    '6.0',
    [
      ...DEVICE_ZONES_ENDPOINTS,
      ...ACCESS_CONTROL_RULE,
      ...VERDICT_FLOW_COUNTERS,
      ...APPS_MONITOR_RULES_COUNTS,
      ...netflowHttpTls('hex16'),
      ...DNS_AND_SECURITY_INTELLIGENCE,
    ],
    'protocol.md §6.2 (163 without its 6.1 additions); matches all 38 records of the real FMC capture in reference/encore/fmc_wire_capture_hackathon_2020.json',
  ),
  connectionStatistics(163, '6.1', [...HEAD_163, ...DNS_AND_SECURITY_INTELLIGENCE]),
  connectionStatistics(168, '6.x', [...HEAD_163, ...DNS_AND_SECURITY_INTELLIGENCE, ['sec_intel_list3_id', 'u32']]),
  connectionStatistics(169, '6.x', [...HEAD_163, ...DNS_AND_SECURITY_INTELLIGENCE, ...THREAT_INTELLIGENCE]),
  connectionStatistics(170, '6.x', [
    ...HEAD_163,
    ...SECURITY_GROUP_TAGS,
    ...DNS_AND_SECURITY_INTELLIGENCE,
    ...THREAT_INTELLIGENCE,
  ]),
  connectionStatistics(171, '7.x', [
    ...HEAD_163,
    ...SECURITY_GROUP_TAGS_WITH_TYPES,
    ...DNS_AND_SECURITY_INTELLIGENCE,
    ...THREAT_INTELLIGENCE,
    ...VRF_NAMES,
  ]),
  connectionStatistics(173, '7.x', [
    ...HEAD_163,
    ...SECURITY_GROUP_TAGS_WITH_TYPES,
    ...DNS_AND_SECURITY_INTELLIGENCE,
    ...THREAT_INTELLIGENCE,
    ...VRF_NAMES,
    ...DYNAMIC_ATTRIBUTES,
  ]),
  connectionStatistics(174, '7.x', [
    ...HEAD_163,
    ...SECURITY_GROUP_TAGS_WITH_TYPES,
    ...DNS_AND_SECURITY_INTELLIGENCE,
    ...THREAT_INTELLIGENCE,
    ...EVE_AND_NAT,
    ...VRF_NAMES,
    ...DYNAMIC_ATTRIBUTES,
  ]),
];

export const records: RecordDef[] = [
  {
    type: 71,
    name: 'Connection Statistics',
    simple: 'RNA',
    category: 'connections',
    fields: [...DISCOVERY_HEADER, ['blockType', inline(1)]], // eNcore printed the block type, the event's version
    blocks: [56, 101, 125, 115, 126, 137, 144, 152, 154, 160, 163, 168, 169, 170, 171, 173, 174],
    source: 'protocol.md §6.2; Integration Guide "Connection Statistics Data" (event type 1003, subtype 1)',
  },
  {
    type: 73,
    name: 'Connection Chunk',
    simple: 'RNA',
    category: 'connections',
    fields: [...DISCOVERY_HEADER, ['', inline(1)]],
    blocks: [136],
    source: 'protocol.md §6.2; Integration Guide 5.3 p.277 (event type 1003, subtype 2)',
  },
];
