// Names eNcore printed for connection events (records 71 and 73), from the ids in the tables of
// records/tables/connection.ts. Also home of the lookups every event family shares (zones,
// interfaces, countries, applications, access control, TLS outcome), which the intrusion,
// file/malware and correlation decorations import.

import type { Fields, Value } from '../../records/decoder';
import type { Decoration, LookupDecoration, RecordDecorations } from '../schema';

/** `name` looked up in `table` by the record's `<name>_id` (or `key`); unknown ids stay ids. */
export const lookup = (name: string, table: string, key: readonly string[] = [`${name}_id`]): LookupDecoration => ({
  name,
  table,
  key,
});

/** Like `lookup`, but only set when the table knows the key (eNcore printed nothing otherwise). */
export const lookupIfKnown = (name: string, table: string, key: readonly string[], pick?: string): LookupDecoration => ({
  name,
  table,
  key,
  fallback: null,
  ...(pick ? { pick } : {}),
});

// ---- Shared by the event families ----

export const ZONES_AND_INTERFACES: readonly Decoration[] = [
  lookup('sec_zone_ingress', 'zone'),
  lookup('sec_zone_egress', 'zone'),
  lookup('iface_ingress', 'interface'),
  lookup('iface_egress', 'interface'),
];

export const COUNTRIES: readonly Decoration[] = [
  lookup('src_ip_country', 'geolocation'),
  lookup('dest_ip_country', 'geolocation'),
];

export const APPLICATIONS: readonly Decoration[] = [
  lookup('app_proto', 'application'),
  lookup('client_app', 'client_app'),
  lookup('web_app', 'web_app'),
];

/** The access control policy (by its uuid/revision) and the rule within it. */
export const ACCESS_CONTROL: readonly Decoration[] = [
  lookup('fw_policy', 'ac_policy'),
  lookup('fw_rule', 'ac_rule', ['fw_policy_id', 'fw_rule_id']),
];

export const TLS_OUTCOME: readonly Decoration[] = [
  lookup('ssl_actual_action', 'ssl_actual_action'),
  lookup('ssl_flow_status', 'ssl_flow_status'),
];

export const IP_PROTOCOL = lookup('ip_proto', 'ip_protocol');
export const IOC_CATEGORY = lookupIfKnown('ioc_category', 'ioc', ['num_ioc'], 'category');

// ---- Connection statistics (71) ----

/**
 * Monitor rules are access control rules of the same policy; eNcore shows an unset one (0) as
 * "N/A". (eNcore's loop stops at rule 7 and prints rule 8 raw; all eight are treated alike here.)
 */
const monitorRule = (n: number): LookupDecoration => ({
  ...lookup(`monitor_rule_${n}`, 'ac_rule', ['fw_policy_id', `monitor_rule_${n}_id`]),
  unset: 'N/A',
});

/** A Security Intelligence list (category) id, named per access control policy. */
const securityIntelligenceList = (n: number): LookupDecoration => ({
  name: `sec_intel_list${n}`,
  table: 'si_category',
  key: [`sec_intel_list${n}_id`, 'fw_policy_id'],
  fallback: `sec_intel_list${n}_id`,
});

/**
 * The fields whose value makes a connection event a Security Intelligence event: the side that
 * matched an SI list (eNcore's only test), or an SI list (a DNS or URL verdict names the list
 * even when no IP side matched). The `security_intelligence` category and `sec_intel_event` agree.
 */
export const SECURITY_INTELLIGENCE_FIELDS = ['sec_intel_ip_id', 'sec_intel_list1_id', 'sec_intel_list2_id', 'sec_intel_list3_id'] as const;

/** Whether a connection event's Security Intelligence verdict is set (one of SECURITY_INTELLIGENCE_FIELDS is not 0). */
export function isSecurityIntelligence(f: Fields): boolean {
  // Spelt out: it runs for every connection event.
  return set(f.sec_intel_ip_id) || set(f.sec_intel_list1_id) || set(f.sec_intel_list2_id) || set(f.sec_intel_list3_id);
}
const set = (v: Value) => typeof v === 'number' && v !== 0;

const CONNECTION_STATISTICS: readonly Decoration[] = [
  lookup('sensor', 'sensor'),
  IP_PROTOCOL,
  ...APPLICATIONS,
  lookup('sec_intel_ip', 'si_src_dest'),
  // The field that marks an SI event in the kv/json output (eventtypes and the SI category key on it).
  { name: 'sec_intel_event', compute: (f) => (isSecurityIntelligence(f) ? 'Yes' : 'No'), uses: SECURITY_INTELLIGENCE_FIELDS },
  securityIntelligenceList(1),
  securityIntelligenceList(2),
  securityIntelligenceList(3), // block 168 only
  lookup('url_category', 'url_category'),
  lookup('url_reputation', 'url_reputation'),
  ...ACCESS_CONTROL,
  lookup('fw_rule_action', 'fw_rule_action'),
  lookup('fw_rule_reason', 'fw_rule_reason'),
  ...ZONES_AND_INTERFACES,
  ...COUNTRIES,
  lookup('user', 'user'),
  lookupIfKnown('dns_record_name', 'dns_record_type', ['dns_rec_id'], 'name'),
  lookupIfKnown('dns_record_desc', 'dns_record_type', ['dns_rec_id'], 'description'),
  lookupIfKnown('dns_response_name', 'dns_response_type', ['dns_resp_id'], 'name'),
  lookupIfKnown('dns_response_desc', 'dns_response_type', ['dns_resp_id'], 'description'),
  lookupIfKnown('sinkhole', 'sinkhole', ['sinkhole_uuid']),
  IOC_CATEGORY,
  ...TLS_OUTCOME,
  lookup('ssl_expected_action', 'ssl_expected_action'),
  lookup('ssl_server_cert_status', 'ssl_cert_status'),
  lookup('ssl_cipher_suite', 'ssl_cipher_suite'),
  lookup('ssl_version', 'ssl_version'),
  lookup('ssl_url_category', 'ssl_url_category'),
  ...[1, 2, 3, 4, 5, 6, 7, 8].map(monitorRule),
];

export const decorations: RecordDecorations[] = [
  { recordType: 71, decorations: CONNECTION_STATISTICS },
  // 73: the chunk block names no device; the discovery header's device_id does.
  {
    recordType: 73,
    decorations: [lookup('sensor', 'sensor', ['device_id']), IP_PROTOCOL, lookup('app_proto', 'application')],
  },
];
