// Correlation (policy violation) events: record 112, one series-1 correlation event block
// (116 in 5.0-5.0.2, 128 from 5.1, 156 from 5.4).
//
// Field names are eNcore's Splunk keys; ids eNcore printed as names are `<key>_id` here and
// decorations/correlation.ts adds the names.

import { inline, type BlockDef, type Field, type RecordDef } from '../schema';

/** Source and destination host profile, in the same shape for each side. */
const host = (side: 'src' | 'dest'): readonly Field[] => [
  // The IPv4 address fields are no longer filled in (eNcore: "No longer used"); the addresses
  // are in src_ip/dest_ip further down.
  [`legacy_${side}_ip`, 'ipv4'],
  [`${side}_host_type_id`, 'u8'],
  [`${side}_vlan_id`, 'u16'],
  [`${side}_os_fingerprint_uuid`, 'uuid'],
  [`${side}_criticality_id`, 'u16'],
  [`${side}_user_id`, 'u32'],
  [`${side}_port`, 'u16'],
  [`${side}_app_proto_id`, 'u32'], // the host's server (application protocol) id
];

/** The correlation event, and the event that triggered it. */
const EVENT_AND_TRIGGER: readonly Field[] = [
  ['policy_sensor', 'u32'], // device that generated the event (0 = the FMC itself)
  ['event_sec', 'u32'], // correlation event second
  ['event_id', 'u32'],
  ['corr_policy_id', 'u32'],
  ['corr_rule_id', 'u32'],
  ['priority_id', 'u32'],
  ['description', 'string'],
  ['event_type_id', 'u8'], // 1 intrusion, 2 discovery, 3 user, 4 white list, 5 malware
  ['event_device_id', 'u32'], // device of the triggering event
  ['sid', 'u32'],
  ['gid', 'u32'],
  ['orig_event_sec', 'u32'], // triggering event second
  ['orig_event_usec', 'u32'],
  ['policy_event_id', 'u32'], // triggering event's id on its device
  ['defined_mask', 'u32'], // which of the optional fields are valid
  ['impact_bits', 'u8'],
  ['ip_proto_id', 'u8'],
  ['net_proto_id', 'u16'],
  ...host('src'),
  ...host('dest'),
];

const INTERFACES_ZONES: readonly Field[] = [
  ['iface_ingress_id', 'uuid'],
  ['iface_egress_id', 'uuid'],
  ['sec_zone_ingress_id', 'uuid'],
  ['sec_zone_egress_id', 'uuid'],
];
const INTERFACES_ZONES_ADDRESSES: readonly Field[] = [...INTERFACES_ZONES, ['src_ip', 'ipv6'], ['dest_ip', 'ipv6']];

/** 5.0: the hosts' IPv4 addresses only (in the host profiles), no IPv6 addresses after the zones. */
const CORRELATION_EVENT_50: readonly Field[] = [...EVENT_AND_TRIGGER, ['blocked_id', 'u8'], ...INTERFACES_ZONES];

const CORRELATION_EVENT_51: readonly Field[] = [
  ...EVENT_AND_TRIGGER,
  ['blocked_id', 'u8'],
  ...INTERFACES_ZONES_ADDRESSES,
];

/** 5.4 inserts the intrusion/access control context before the interfaces and appends geolocation, SI and TLS. */
const CORRELATION_EVENT_54: readonly Field[] = [
  ...EVENT_AND_TRIGGER,
  ['impact_level', 'u8'],
  ['blocked_id', 'u8'],
  ['intrusion_policy', 'uuid'],
  ['action', 'u32'], // access control rule action
  ['netbios_domain', 'string'],
  ['url_category_id', 'u32'],
  ['url_reputation_id', 'u32'],
  ['url', 'string'],
  ['client_id', 'u32'], // client application id
  ['client_version', 'string'],
  ['policy_uuid', 'uuid'], // access control policy (eNcore's key; its name is fw_policy)
  ['fw_rule_id', 'u32'],
  ...INTERFACES_ZONES_ADDRESSES,
  ['src_ip_country_id', 'u16'],
  ['dest_ip_country_id', 'u16'],
  ['sec_intel_policy_id', 'uuid'], // Security Intelligence category (general)
  ['security_context', 'hex16'],
  ['ssl_policy_id', 'hex16'],
  ['ssl_rule_id', 'u32'],
  ['ssl_actual_action_id', 'u32'], // 32 bits here, unlike the connection blocks
  ['ssl_flow_status_id', 'u32'],
  ['ssl_cert_fingerprint', 'hex20'],
];

export const blocks: BlockDef[] = [
  {
    series: 1,
    type: 116,
    name: 'Correlation Event 5.0-5.0.2',
    fields: CORRELATION_EVENT_50,
    source: 'Integration Guide 5.3 p.647 (legacy correlation event: 128 without the two IPv6 addresses); Sourcefire eStreamer SDK SFRNABlocks.pm index 116',
  },
  {
    series: 1,
    type: 128,
    name: 'Correlation Event 5.1+',
    fields: CORRELATION_EVENT_51,
    source: 'Integration Guide 5.3 p.108-115 / 5.4 p.3-38 Table 3-24 "Correlation Event 5.1+ Data Fields"',
  },
  {
    series: 1,
    type: 156,
    name: 'Correlation Event 5.4+',
    fields: CORRELATION_EVENT_54,
    source: 'Integration Guide 5.4 p.3-36 "Correlation Event for 5.4+"; protocol.md §6.7',
  },
];

export const records: RecordDef[] = [
  {
    type: 112,
    name: 'Correlation Event',
    simple: 'POLICY',
    category: 'correlation',
    fields: [['', inline(1)]],
    blocks: [116, 128, 156],
    source: 'Integration Guide 5.4 p.3-36; protocol.md §6.7',
  },
];
