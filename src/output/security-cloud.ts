// The `security_cloud` output: connection, intrusion, file and malware events as the JSON objects
// Cisco Security Cloud indexes (sourcetype cisco:sfw:estreamer), which Splunk's security content
// (ESCU) searches. The mapping is the table below: per record type, Security Cloud's key, the
// decorated field of ours it comes from, and how the value is converted. Keys and value formats
// follow the three real Security Cloud events in test/fixtures/splunk/security_content_data_sources
// (docs/security-cloud.md says what matches and what differs). A value we do not have (undefined,
// an empty string, an unset address or uuid, an id no name was found for) leaves its key out, as
// Security Cloud does. Other record types are output as the json format prints them.

import type { Fields, Value } from '../records/decoder';
import { withoutEquals } from './json';

/** Turns our value into Security Cloud's; undefined leaves the key out. */
type Conversion = (value: Value) => Value;

/** One key of a Security Cloud event: [Security Cloud key, our field, conversion (as is by default)]. */
export type CloudField = readonly [key: string, from: string, convert?: Conversion];

export interface CloudEvent {
  /** The event's `EventType`. */
  eventType: string;
  fields: readonly CloudField[];
}

// ---- Conversions ----

const UNSET_ADDRESSES = new Set(['::', '0.0.0.0']);
const NULL_UUID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An IP address; the unset address (`::`, as the FMC sends an absent NAT address) is left out. */
const address: Conversion = (v) => (typeof v === 'string' && UNSET_ADDRESSES.has(v) ? undefined : v);
/** A uuid; the null uuid (no such object) is left out. */
const uuid: Conversion = (v) => (typeof v === 'string' && NULL_UUID.test(v) ? undefined : v);
/** A looked-up name; left out when no name was found (the lookup fell back to the id or uuid). */
const name: Conversion = (v) => (typeof v === 'number' || (typeof v === 'string' && UUID.test(v)) ? undefined : v);
/** Security Cloud spells protocols in lower case ("tcp"); our names are IANA's keywords ("TCP"). */
const lower: Conversion = (v) => (typeof v === 'string' ? v.toLowerCase() : v);
/** A hex digest; all zeros (none computed) is left out. */
const digest: Conversion = (v) => (typeof v === 'string' && /^0*$/.test(v) ? undefined : v);
/** A number that is 0 when unset. */
const nonZero: Conversion = (v) => (v === 0 ? undefined : v);
/** Security Cloud's wording of an inline result, where an example shows it differs from eNcore's (ours otherwise). */
const INLINE_RESULT: Readonly<Record<string, string>> = { 'Would be Blocked': 'Would block' };
const inlineResult: Conversion = (v) => (typeof v === 'string' ? (INLINE_RESULT[v] ?? v) : v);

// ---- Keys shared by the event families ----

const DEVICE: readonly CloudField[] = [
  ['Device', 'sensor', name],
  ['InstanceID', 'instance_id'],
];

const ENDPOINTS: readonly CloudField[] = [
  ['InitiatorIP', 'src_ip', address],
  ['ResponderIP', 'dest_ip', address],
  ['InitiatorPort', 'src_port'],
  ['ResponderPort', 'dest_port'],
  ['Protocol', 'ip_proto', lower],
  ['ProtocolID', 'ip_proto_id'],
];

const INTERFACES_AND_ZONES: readonly CloudField[] = [
  ['IngressInterface', 'iface_ingress', name],
  ['EgressInterface', 'iface_egress', name],
  ['IngressZone', 'sec_zone_ingress', name],
  ['EgressZone', 'sec_zone_egress', name],
  ['IngressInterfaceUUID', 'iface_ingress_id', uuid],
  ['EgressInterfaceUUID', 'iface_egress_id', uuid],
  ['IngressZoneUUID', 'sec_zone_ingress_id', uuid],
  ['EgressZoneUUID', 'sec_zone_egress_id', uuid],
];

const VRFS: readonly CloudField[] = [
  ['IngressVRF', 'ingress_vrf_name'],
  ['EgressVRF', 'egress_vrf_name'],
];

const APPLICATIONS: readonly CloudField[] = [
  ['Application', 'app_proto', name],
  ['ClientApplication', 'client_app', name],
  ['WebApplication', 'web_app', name],
  ['ApplicationID', 'app_proto_id', nonZero],
  ['ClientApplicationID', 'client_app_id', nonZero],
  ['WebApplicationID', 'web_app_id', nonZero],
];

const ACCESS_CONTROL: readonly CloudField[] = [
  ['FirewallPolicy', 'fw_policy', name],
  ['FirewallRule', 'fw_rule', name],
  ['FirewallPolicyUUID', 'fw_policy_id', uuid],
  ['FirewallRuleID', 'fw_rule_id', nonZero],
];

const COUNTRIES: readonly CloudField[] = [
  ['InitiatorCountryID', 'src_ip_country_id', nonZero],
  ['ResponderCountryID', 'dest_ip_country_id', nonZero],
];

const TLS: readonly CloudField[] = [
  ['SSL_FlowStatus', 'ssl_flow_status', name],
  ['SSL_ActualAction', 'ssl_actual_action', name],
  ['SSL_CertFingerprint', 'ssl_cert_fingerprint', digest],
];

// ---- The event families ----

const CONNECTION: readonly CloudField[] = [
  ['FirstPacketSecond', 'first_pkt_sec'],
  ['LastPacketSecond', 'last_pkt_sec'],
  ...DEVICE,
  ['ConnectionID', 'connection_id'],
  ['AC_RuleAction', 'fw_rule_action', name],
  ...ENDPOINTS,
  ...INTERFACES_AND_ZONES,
  ...VRFS,
  ...ACCESS_CONTROL,
  ...APPLICATIONS,
  ['InitiatorPackets', 'src_pkts'],
  ['ResponderPackets', 'dest_pkts'],
  ['InitiatorBytes', 'src_bytes'],
  ['ResponderBytes', 'dest_bytes'],
  ...TLS,
  ['SSL_CipherSuite', 'ssl_cipher_suite', name],
  ['SSL_Version', 'ssl_version', name],
  ['SSL_ServerCertStatus', 'ssl_server_cert_status', name],
  ['SSL_ExpectedAction', 'ssl_expected_action', name],
  ['URL', 'url'],
  ['NAT_InitiatorPort', 'nat_src_port'],
  ['NAT_ResponderPort', 'nat_dest_port'],
  ['NAT_InitiatorIP', 'nat_src_ip', address],
  ['NAT_ResponderIP', 'nat_dest_ip', address],
  ['EVE_Process', 'eve_process'],
  ['EVE_ProcessConfidencePct', 'eve_process_confidence'],
  ['EVE_ThreatConfidencePct', 'eve_threat_confidence'],
  ['EVE_ThreatConfidenceIndex', 'eve_threat_confidence_index'],
  ...COUNTRIES,
  ['UserID', 'user_id', nonZero],
  // Security Intelligence: keys of FTD's connection syslog (no Security Cloud example shows them).
  ['SecIntMatchingIP', 'sec_intel_ip', (v) => (v === 'N/A' ? undefined : name(v))],
  ['IPReputationSICategory', 'sec_intel_list1', name],
];

const INTRUSION: readonly CloudField[] = [
  ['EventSecond', 'event_sec'],
  ['EventMicrosecond', 'event_usec'],
  ...DEVICE,
  ['FirstPacketSecond', 'connection_sec', nonZero],
  ['ConnectionID', 'connection_id'],
  ['EventID', 'event_id'],
  ...ENDPOINTS,
  ...INTERFACES_AND_ZONES,
  ['PriorityID', 'priority_id'],
  ['GeneratorID', 'gid'],
  ['SignatureID', 'sid'],
  ['SignatureRevision', 'rev'],
  ['Impact', 'impact_level'],
  ['IntrusionRuleMessage', 'msg'],
  ['Classification', 'class_desc'],
  ...APPLICATIONS,
  ['IntrusionPolicy', 'ids_policy', name],
  ['IntrusionPolicyUUID', 'ids_policy_id', uuid],
  ...ACCESS_CONTROL,
  ['NAP_Policy', 'net_analysis_policy', name],
  ['NAP_PolicyUUID', 'net_analysis_policy_id', uuid],
  ['InlineResult', 'blocked', inlineResult],
  ['InlineResultID', 'blocked_id'],
  ['InlineResultReason', 'blocked_reason', name],
  ['InlineResultReasonID', 'blocked_reason_id'],
  ...VRFS,
  ['HTTP_Hostname', 'http_hostname'],
  ['HTTP_URI', 'http_uri'],
  ...COUNTRIES,
  ['UserID', 'user_id'],
  ['SensorID', 'device_id'],
  ['SnortVersionID', 'snort_version', nonZero],
  ...TLS,
];

/** What file events (500, 502) and malware events (125) share. */
const FILE_AND_MALWARE: readonly CloudField[] = [
  ['EventSecond', 'event_sec'],
  ...DEVICE,
  ['FirstPacketSecond', 'connection_sec', nonZero],
  ['ConnectionID', 'connection_id'],
  ...ENDPOINTS,
  ['FileDirection', 'direction', name],
  ['FileAction', 'file_action', name],
  ['FileSHA256', 'sha256', digest],
  ['SHA_Disposition', 'disposition', name],
  ['ThreatName', 'detection', name],
  ['ThreatScore', 'threat_score'],
  ['FileName', 'file_name'],
  ['FileType', 'file_type', name],
  ['FileSize', 'file_size'],
  ...APPLICATIONS,
  ['URI', 'uri'],
  ...VRFS,
  ['FirewallPolicy', 'fw_policy', name],
  ...COUNTRIES,
  ...TLS,
];

const FILE: readonly CloudField[] = [
  ...FILE_AND_MALWARE,
  ['SperoDisposition', 'spero_disposition', name],
  ['FileStorageStatus', 'file_storage_status', name],
  ['FileSandboxStatus', 'file_analysis_status', name],
  ['UserID', 'user_id', nonZero],
];

const MALWARE: readonly CloudField[] = [
  ...FILE_AND_MALWARE,
  // The threat name the FMC's SHA metadata gives when the event carries none.
  ['ThreatName', 'detection_name', name],
  ['AgentUUID', 'agent_uuid', uuid],
  ['FilePath', 'file_path'],
];

/** Security Cloud's events by our record type. */
export const SECURITY_CLOUD_EVENTS: Readonly<Record<number, CloudEvent>> = {
  71: { eventType: 'ConnectionEvent', fields: CONNECTION },
  400: { eventType: 'IntrusionEvent', fields: INTRUSION },
  500: { eventType: 'FileEvent', fields: FILE },
  // The file event block of a file whose disposition is malware, and an AMP for Endpoints event.
  502: { eventType: 'FileMalwareEvent', fields: FILE },
  125: { eventType: 'MalwareEvent', fields: MALWARE },
};

/**
 * Keys of Security Cloud's example events this client cannot produce, and why (the FMC does not
 * send the value over eStreamer, or sends only an id with no metadata naming it).
 */
export const KEYS_NOT_PRODUCED: Readonly<Record<string, string>> = {
  DeviceUUID: "eStreamer names a device by its id and name only (Device, SensorID); the device's uuid is not sent",
  DeviceIP: 'not sent; Device is the name the FMC gives the device, often its address',
  DeviceSerialNumber: 'not sent over eStreamer',
  EVE_Fingerprint: 'not in the connection block (up to 174)',
  ClientAppDetector: 'the block carries an id whose names the FMC does not send',
  PrefilterPolicy: 'the block carries the tunnel rule id only, with no metadata naming its policy',
  SSL_Policy: 'the block carries the policy uuid only, with no metadata naming it',
  NAP_Policy: 'connection events: the block carries a revision uuid that the NAP metadata (700) does not name (intrusion events have it)',
  FilePolicy: 'the file event block carries the access control policy, not the file policy',
  ApplicationProductivityIndex: 'application metadata (record 63) carries no productivity index',
  ApplicationRiskIndex: 'application metadata carries no risk index',
  ClientApplicationProductivityIndex: 'as ApplicationProductivityIndex',
  ClientApplicationRiskIndex: 'as ApplicationRiskIndex',
  WebApplicationProductivityIndex: 'as ApplicationProductivityIndex',
  WebApplicationHTTP: 'not sent over eStreamer',
  Hostname: 'not sent over eStreamer (the intrusion block has no host name of the device)',
  IntrusionPolicyRevUUID: 'the intrusion block carries the policy uuid only',
  InitiatorContinent: 'geolocation metadata (520) names countries only (the same for the Responder keys)',
  InitiatorContinentCode: 'geolocation metadata names countries only',
  InitiatorCountry: "the FMC's country names (lower case, e.g. \"united states\") differ from Security Cloud's; the ids are given",
  InitiatorCountryCode: 'geolocation metadata has no country codes',
  MitreAttackGroups: 'rule metadata (66) carries no MITRE groups',
  SnortRuleGroups: 'rule metadata carries no rule groups',
  RealmID: 'the intrusion block carries no realm',
  RealmName: 'the intrusion block carries no realm',
};

/** One record's decorated fields as a Security Cloud event (JSON, one line); undefined for record types Security Cloud has no event for. */
export function formatSecurityCloud(recordType: number, fields: Fields): string | undefined {
  const event = SECURITY_CLOUD_EVENTS[recordType];
  if (event === undefined) return undefined;
  const out: Record<string, Value> = { EventType: event.eventType };
  for (const [key, from, convert] of event.fields) {
    const raw = fields[from];
    if (raw === undefined || raw === '') continue;
    const value = convert ? convert(raw) : raw;
    if (value !== undefined && value !== '') out[key] = value;
  }
  // `=` as \u003d, as in the json output: Splunk's key=value extraction reads these events too.
  return withoutEquals(JSON.stringify(out));
}
