// Metadata records: what the FMC sends so that ids in events can be resolved to names (protocol.md
// §6.11). None of them is an event; each fills a lookup table (see src/metadata/fills.ts).
//
// Three shapes occur on the wire:
//  - header-less records, mostly "IDLN" (u32 id, u32 length, name bytes); a few older ones count
//    their strings with u16 lengths (4, 66, 67, 69, 70);
//  - header-less records of a uuid followed by a string block (132, 282, 600, 601);
//  - records that are one series-2 block (most records added since 5.0).
//
// Output names follow eNcore's Splunk lines for metadata (`id`, `name`, `uuid`, `description`,
// `sensor`…): e.g. `rec_type=119 … uuid=… id=268434433 name=allow-all`. Ids that eNcore printed
// as resolved names end in `_id` here (`sensor_id`, `ip_proto_id`), as everywhere in the project.
// rec_type_desc and rec_type_simple are eNcore's (its record table, 5.2.11), which users' searches
// know; the one exception is 281's description, which eNcore ended with a space (docs/coverage.md).

import { inline, type BlockDef, type Field, type RecordDef } from '../schema';

// ---- Field runs shared by several layouts ----

/** "IDLN": u32 id, u32 length, name (protocol.md §5.4; the guide's "… ID, Name Length, Name"). */
const ID_NAME: readonly Field[] = [
  ['id', 'u32'],
  ['name', 'str32'],
];

/** IDLN whose text the guide (and eNcore's output) calls a description: SSL status/action records. */
const ID_DESCRIPTION: readonly Field[] = [
  ['id', 'u32'],
  ['description', 'str32'],
];

/** A uuid and the string block naming it: block 14's body, and the header-less 132/282/600. */
const UUID_NAME: readonly Field[] = [
  ['uuid', 'uuid'],
  ['name', 'string'],
];

/** Classification (67) and correlation policy (69): u16-counted name and description, two uuids. */
const ID_NAME_DESCRIPTION_UUIDS: readonly Field[] = [
  ['id', 'u32'],
  ['name', 'str16'],
  ['description', 'str16'],
  ['uuid', 'uuid'],
  ['rev_uuid', 'uuid'],
];

/** File SHA-256 and the file name (block 26), to which 5.3 appended the disposition (block 40). eNcore: `name`. */
const SHA_FILE_NAME: readonly Field[] = [
  ['sha256', 'hex32'],
  ['name', 'string'],
];

// ---- Series-2 blocks, by block type ----

export const blocks: BlockDef[] = [
  // 5: one extra-data type of record 110 (e.g. 1 "XFF client IP (IPv4)") and how its BLOB is encoded.
  {
    series: 2,
    type: 5,
    name: 'Event Extra Data Metadata Data Block',
    fields: [
      ['type', 'u32'],
      ['name', 'string'],
      ['encoding', 'string'],
    ],
    source: 'Integration Guide 5.4 p.3-24 Table 3-12; protocol.md §6.4',
  },
  // 14: zones, interfaces, policies, clouds, sinkholes… anything named by a uuid.
  {
    series: 2,
    type: 14,
    name: 'UUID String Mapping Data Block',
    fields: UUID_NAME,
    source: 'Integration Guide 5.3 p.126 "UUID String Mapping Data Block"; protocol.md §6.11',
  },
  // 15: the uuid is the access control policy revision, so (uuid, id) identifies a rule.
  {
    series: 2,
    type: 15,
    name: 'Access Control Policy Rule ID Metadata Block',
    fields: [
      ['uuid', 'uuid'],
      ['id', 'u32'],
      ['name', 'string'],
    ],
    source: 'Integration Guide 5.4 p.3-52 Table 3-32; 5.3 p.126-127',
  },
  {
    series: 2,
    type: 19,
    name: 'ICMP Type Data Block',
    fields: [
      ['type', 'u16'],
      ['ip_proto', 'u16'], // 1 ICMP, 58 ICMPv6 (printed as its name, as eNcore did)
      ['description', 'string'],
    ],
    source: 'Integration Guide 5.3 p.128 "ICMP Type Data Block"',
  },
  {
    series: 2,
    type: 20,
    name: 'ICMP Code Data Block',
    fields: [
      ['code', 'u16'],
      ['type', 'u16'],
      ['ip_proto', 'u16'],
      ['description', 'string'],
    ],
    source: 'Integration Guide 5.3 p.130 "ICMP Code Data Block"',
  },
  // 21: rule reasons up to 5.4, with a 16-bit reason (eNcore's key: `reason`); 6.0 replaced it by block 59.
  {
    series: 2,
    type: 21,
    name: 'Access Control Policy Rule Reason Data Block',
    fields: [
      ['reason', 'u16'],
      ['description', 'string'],
    ],
    source: 'Integration Guide 5.4 p.3-56 Table 3-35',
  },
  // 22: a Security Intelligence list of an access control policy, keyed (id, policy uuid); eNcore
  // printed the list id as `fw_rule` and the policy as `policy_uuid`.
  {
    series: 2,
    type: 22,
    name: 'Security Intelligence Category Data Block 5.1+',
    fields: [
      ['fw_rule', 'u32'],
      ['policy_uuid', 'uuid'], // access control policy
      ['name', 'string'],
    ],
    source: 'Integration Guide 5.3 p.385-386; 5.4 p.4-177 Table 4-90',
  },
  // 26: 5.1.1-5.2.x; the string is "File Name or Disposition" in the guide.
  {
    series: 2,
    type: 26,
    name: 'File Event SHA Hash for 5.1.1-5.2.x',
    fields: SHA_FILE_NAME,
    source: 'Integration Guide 5.4 p.B-123 Table B-28',
  },
  // 27: the rule's documentation, eleven texts in the guide's order.
  {
    series: 2,
    type: 27,
    name: 'Rule Documentation Data Block for 5.2+',
    fields: [
      ['sid', 'u32'],
      ['gid', 'u32'],
      ['rev', 'u32'],
      ['summary', 'string'],
      ['impact', 'string'],
      ['detailed_information', 'string'],
      ['affected_systems', 'string'],
      ['attack_scenarios', 'string'],
      ['ease_of_attack', 'string'],
      ['false_positives', 'string'],
      ['false_negatives', 'string'],
      ['corrective_action', 'string'],
      ['contributors', 'string'],
      ['additional_references', 'string'],
    ],
    source: 'Integration Guide 5.4 p.3-74/3-75 Table 3-40; 5.3 p.154-156',
  },
  // 28: country code (ISO 3166 numeric, as in events' country fields) → country name.
  {
    series: 2,
    type: 28,
    name: 'Geolocation Data Block for 5.2+',
    fields: [
      ['id', 'u16'],
      ['name', 'string'],
    ],
    source: 'Integration Guide 5.3 p.156 "Geolocation Data Block for 5.2+"',
  },
  {
    series: 2,
    type: 39,
    name: 'IOC Name Data Block for 5.3+',
    fields: [
      ['ioc_id', 'u32'], // eNcore's key
      ['category', 'string'],
      ['event_type', 'string'],
    ],
    source: 'Integration Guide 5.3 p.161 "IOC Name Data Block for 5.3+"',
  },
  // 40: the guide's field table says "always 26" for the block type; its diagram and title say 40.
  {
    series: 2,
    type: 40,
    name: 'File Event SHA Hash for 5.3+',
    fields: [
      ...SHA_FILE_NAME,
      ['disposition', 'u8'],
      ['user_defined', 'u8'],
    ],
    source: 'Integration Guide 5.4 p.3-71 Table 3-39; 5.3 p.149',
  },
  // 50: a server certificate seen by SSL inspection, keyed by its SHA-1 fingerprint.
  {
    series: 2,
    type: 50,
    name: 'SSL Certificate Details Data Block for 5.4+',
    fields: [
      ['fingerprint', 'hex20'],
      ['public_key_hash', 'hex20'],
      ['serial_number', 'hex20'],
      ['serial_number_length', 'u32'], // how many of the 20 serial number bytes are used
      ['subject_cn', 'string'],
      ['subject_org', 'string'],
      ['subject_ou', 'string'],
      ['subject_country', 'string'],
      ['issuer_cn', 'string'],
      ['issuer_org', 'string'],
      ['issuer_ou', 'string'],
      ['issuer_country', 'string'],
      ['valid_start_sec', 'u32'],
      ['valid_end_sec', 'u32'],
    ],
    source: 'protocol.md §6.11 (record 614); Integration Guide 5.4 "SSL Certificate Details Data Block"',
  },
  // 57: users of records 62 and 98 since 6.0. The protocol is the one the user was seen with:
  // eNcore printed it in 98 as `ip_proto` (Unknown for 0), so it is `ip_proto_id` here; in 62 as
  // `protocol`, raw (record 62 renames it).
  {
    series: 2,
    type: 57,
    name: 'User Data Block 6.0+',
    fields: [
      ['id', 'u32'],
      ['ip_proto_id', 'u32'],
      ['name', 'string'],
    ],
    source: 'Integration Guide 6.1 Table 3-1 (62 → series-2 block 57); FMC capture 2020 (record 98); protocol.md §6.11',
  },
  {
    series: 2,
    type: 58,
    name: 'Endpoint Profile Data Block 6.0+',
    fields: [
      ['id', 'u32'],
      ['name', 'string'],
      ['full_name', 'string'], // fully qualified profile name
    ],
    source: 'protocol.md §6.11 (record 301)',
  },
  // 59: rule reasons since 6.0 (32-bit id); see 21.
  {
    series: 2,
    type: 59,
    name: 'Access Control Policy Rule Reason Data Block 6.0+',
    fields: [
      ['reason', 'u32'],
      ['description', 'string'],
    ],
    source: 'protocol.md §6.11 (record 124)',
  },
  // 61: DNS record types (1 "A") and DNS response types, each with a longer description.
  {
    series: 2,
    type: 61,
    name: 'ID Name Description Data Block',
    fields: [
      ['id', 'u32'],
      ['name', 'string'],
      ['description', 'string'],
    ],
    source: 'protocol.md §6.11 (records 320/321); FMC capture 2020; eNcore test vectors',
  },
  // 64: a policy as deployed to one device: names are per (device, policy uuid).
  {
    series: 2,
    type: 64,
    name: 'Access Control Policy Metadata Data Block',
    fields: [
      ['uuid', 'uuid'],
      ['sensor_id', 'u32'], // managed device; eNcore printed `sensor`
      ['name', 'string'],
    ],
    source: 'protocol.md §6.11 (records 145-147); FMC capture 2020 (record 145)',
  },
];

// ---- Header-less record bodies (besides IDLN) ----

/** 54: an OS fingerprint uuid and the OS it stands for (eNcore's keys). */
const OS_FINGERPRINT: readonly Field[] = [
  ['fpuuid', 'uuid'],
  ['os_name_data', 'str32'],
  ['os_vendor_data', 'str32'],
  ['os_version_data', 'str32'],
];

/** 57: a vulnerability of the Cisco (Sourcefire) vulnerability database. */
const VULNERABILITY: readonly Field[] = [
  ['id', 'u32'],
  ['impact', 'u32'],
  ['exploits', 'u8'],
  ['remote', 'u8'],
  ['entry_date', 'str32'],
  ['published_date', 'str32'],
  ['modified_date', 'str32'],
  ['title', 'str32'],
  ['short_description', 'str32'],
  ['description', 'str32'],
  ['technical_description', 'str32'],
  ['solution', 'str32'],
];

/**
 * 66: the message length comes before the two uuids, the message after them. The language has no
 * "bytes counted by an earlier field", so the message is the rest of the record and msg_length is
 * kept as sent (the encoder writes what it is given).
 */
const RULE_MESSAGE: readonly Field[] = [
  ['gid', 'u32'],
  ['id', 'u32'], // the rule id events carry as `sid` (eNcore's key here: `id`)
  ['rev', 'u32'],
  ['sid', 'u32'], // the rendered signature id the FMC shows (differs for shared-object rules)
  ['msg_length', 'u16'],
  ['rule_uuid', 'uuid'],
  ['rev_uuid', 'uuid'],
  ['msg', 'text'],
];

/** 70: a correlation rule; strings counted by u16. */
const CORRELATION_RULE: readonly Field[] = [
  ['id', 'u32'],
  ['name', 'str16'],
  ['description', 'str16'],
  ['event_type', 'str16'],
  ['uuid', 'uuid'],
  ['rev_uuid', 'uuid'],
  ['whitelist_uuid', 'uuid'],
];

/** 601: an SSL rule, named per revision of its SSL policy. */
const SSL_RULE: readonly Field[] = [
  ['revision', 'uuid'],
  ['id', 'u32'],
  ['name', 'string'],
];

// ---- Records, by record number ----

type Shape = Pick<RecordDef, 'fields' | 'blocks'>;

/** Header-less fields. */
const flat = (fields: readonly Field[]): Shape => ({ fields });
/** Header-less u32 id, u32 length, name. */
const IDLN = flat(ID_NAME);
/** One series-2 block of the listed versions, oldest first. */
const block2 = (...versions: number[]): Shape => ({ fields: [['', inline(2)]], blocks: versions });
/** Archive and static analysis statuses: IDLN under eNcore's keys. */
const STATUS_DESCRIPTION = flat([
  ['status', 'u32'],
  ['description', 'str32'],
]);

const meta = (type: number, name: string, simple: string, shape: Shape, source: string): RecordDef => ({
  type,
  name,
  simple,
  category: 'metadata',
  ...shape,
  source,
});

const G53_DISCOVERY = 'Integration Guide 5.3 ch.4 "Metadata for Discovery Events"';
const G53_INTRUSION = 'Integration Guide 5.3 ch.3 "Intrusion Event and Metadata Record Types"';
const P611 = 'protocol.md §6.11';
const CAPTURE = 'FMC capture 2020';

export const records: RecordDef[] = [
  meta(4, 'Priority Metadata', 'PRIORITY', flat([['priority_id', 'u32'], ['name', 'str16']]), `${G53_INTRUSION} p.69; 5.4 p.3-5 Table 3-3`),
  meta(54, 'Fingerprint Metadata', 'FINGERPRINT', flat(OS_FINGERPRINT), `${P611}; eNcore test vector test_RNA_FINGERPRINT`),
  meta(55, 'Client Application Metadata', 'CLIENT APP', IDLN, `${G53_DISCOVERY} p.175; ${CAPTURE}`),
  meta(57, 'Vulnerability Metadata', 'VULNERABILITY', flat(VULNERABILITY), `${G53_DISCOVERY} p.175-178; ${P611}`),
  meta(58, 'Criticality Metadata', 'CRITICALITY', IDLN, `${G53_DISCOVERY} p.178`),
  meta(59, 'Network Protocol Metadata', 'NETWORK', IDLN, G53_DISCOVERY),
  meta(60, 'Attribute Metadata', 'ATTRIBUTE', IDLN, `${G53_DISCOVERY} p.181`),
  meta(61, 'Scan Type Metadata', 'SCAN TYPE', IDLN, `${G53_DISCOVERY} p.181-182`),
  // 62: the FMC user behind user-input events. The 5.x guides show IDLN; 6.x sends block 57 like 98.
  meta(62, 'User Metadata', 'SYSTEM USER', { fields: [['', inline(2, { ip_proto_id: 'protocol' })]], blocks: [57] }, 'Integration Guide 6.1 Table 3-1 "62 / 57 / 2 User Metadata"; 5.3 p.81-82 (IDLN before 6.0)'),
  meta(63, 'Server Metadata', 'SERVICE', IDLN, `${G53_DISCOVERY} p.182-183; ${CAPTURE}`),
  meta(66, 'Rule Message Metadata', 'RULE', flat(RULE_MESSAGE), `${G53_INTRUSION} p.82-83 "Rule Message Record for 4.6.1+"; 5.4 Table 3-7`),
  meta(67, 'Classification Metadata', 'CLASSIFICATION', flat(ID_NAME_DESCRIPTION_UUIDS), `${G53_INTRUSION} p.83-85 "Classification Record for 4.6.1+"; 5.4 Table 3-8`),
  // 69: eNcore notes the guide's diagram is wrong; its field table (followed here) matches the wire.
  meta(69, 'Correlation Policy Metadata', 'POLICY', flat(ID_NAME_DESCRIPTION_UUIDS), `Integration Guide 5.4 p.3-19 Table 3-9; ${P611}`),
  meta(70, 'Correlation Rule Metadata', 'RULE', flat(CORRELATION_RULE), 'Integration Guide 5.4 p.3-20/3-21 Table 3-10'),
  meta(90, 'Source Type', 'SOURCE TYPE', IDLN, `${G53_DISCOVERY} p.183-184; ${CAPTURE}`),
  meta(91, 'Source Application', 'SOURCE APP', IDLN, `${G53_DISCOVERY} p.184-185`),
  meta(96, 'Source Detector', 'SOURCE DETECTOR', IDLN, `${G53_DISCOVERY} p.185-186; ${CAPTURE}`),
  // 98: the 5.x guides show a header-less u32 id, u32 protocol, u32 length, name; the 2020 capture
  // has block 57, and eNcore's tests feed the old form as a record that must fail.
  meta(98, 'User', 'RUA USER', block2(57), `${CAPTURE}; ${P611}; Integration Guide 5.3 p.188 (pre-6.0 form)`),
  meta(109, 'Web Application', 'PAYLOAD', IDLN, `${G53_DISCOVERY}; ${CAPTURE}`),
  meta(111, 'Intrusion Event Extra Data Metadata', 'EXTRA DATA TYPE', block2(5), `${G53_INTRUSION} p.91; protocol.md §6.4`),
  meta(115, 'Security Zone Name Metadata', 'ZONE', block2(14), `${G53_INTRUSION} p.93-94; ${CAPTURE}`),
  meta(116, 'Interface Name Metadata', 'INTERFACE', block2(14), `${G53_INTRUSION} p.94-96; ${CAPTURE}`),
  // 117: superseded by 145 (names per device) in 6.x.
  meta(117, 'Access Control Policy Name Metadata', 'FIREWALL POLICY', block2(14), `${G53_INTRUSION} p.96-97`),
  meta(118, 'Intrusion Policy Name Metadata', 'INTRUSION POLICY', block2(14), `${G53_DISCOVERY} p.190-191`),
  meta(119, 'Access Control Rule ID Metadata', 'FIREWALL RULE', block2(15), `${G53_INTRUSION} p.97-98; ${CAPTURE}`),
  meta(120, 'Access Control Rule Action Metadata', 'FIREWALL RULE ACTION', IDLN, `${G53_DISCOVERY} p.191; ${CAPTURE}`),
  meta(121, 'URL Category Metadata', 'FIREWALL URL CATEGORY', IDLN, G53_DISCOVERY),
  meta(122, 'URL Reputation Metadata', 'FIREWALL URL REPUTATION', IDLN, `${G53_DISCOVERY}; ${CAPTURE}`),
  meta(123, 'Managed Device Metadata', 'SENSOR', IDLN, `${P611}; ${CAPTURE}; eNcore test vector test_parse_SENSOR`),
  meta(124, 'Access Control Policy Rule Reason Data', 'FIREWALL RULE REASON', block2(21, 59), `Integration Guide 5.4 Table 3-35 (block 21); ${P611} (block 59)`),
  meta(127, 'Cisco AMP Cloud Name Metadata', 'FIREAMP CLOUD', block2(14), `${G53_INTRUSION} p.101-102 "Sourcefire Cloud Name"`),
  meta(128, 'Malware Event Type Metadata', 'MALWARE EVENT TYPE', IDLN, `${G53_INTRUSION} p.102`),
  meta(129, 'Malware Event Subtype Metadata', 'MALWARE EVENT SUBTYPE', IDLN, G53_INTRUSION),
  meta(130, 'AMP for Endpoints Detector Type Metadata', 'MALWARE DETECTOR TYPE', IDLN, G53_INTRUSION),
  meta(131, 'AMP for Endpoints File Type Metadata', 'MALWARE FILE TYPE', IDLN, G53_INTRUSION),
  // 132: a uuid and a string block, with no block around them (also 282 and 600).
  meta(132, 'Security Context Name', 'CONTEXT ID', flat(UUID_NAME), P611),
  meta(140, 'Rule Documentation Data', 'IPS RULE DOC', block2(27), 'Integration Guide 5.4 p.3-74 Table 3-40'),
  meta(145, 'Access Control Policy Metadata', 'ACCESS CONTROL POLICY', block2(64), `${CAPTURE}; ${P611}`),
  meta(146, 'Prefilter Policy Metadata', 'ACCESS CONTROL POLICY', block2(64), P611),
  meta(147, 'Tunnel or Prefilter Rule Metadata', 'ACCESS CONTROL POLICY', block2(64), P611),
  meta(161, 'IOC Name Data', 'IOC', block2(39), 'Integration Guide 5.3 p.161'),
  meta(260, 'ICMP Type Data', 'ICMP TYPE', block2(19), 'Integration Guide 5.3 p.128'),
  meta(270, 'ICMP Code Data', 'ICMP CODE', block2(20), 'Integration Guide 5.3 p.130'),
  meta(280, 'Security Intelligence Category Metadata', 'SECURITY INTELLIGENCE CATEGORY', block2(22), `Integration Guide 5.3 p.385; ${P611}`),
  meta(281, 'Security Intelligence Source/Destination', 'SECURITY INTELLIGENCE SOURCE/DEST', IDLN, P611),
  meta(282, 'Security Intelligence Category Metadata', 'SECURITY INTELLIGENCE CATEGORY', flat(UUID_NAME), P611),
  meta(300, 'Realm Metadata', 'REALM DATA', IDLN, P611),
  meta(301, 'Endpoint Profile', 'ENDPOINT PROFILE', block2(58), P611),
  meta(302, 'Security Group Metadata', 'SECURITY GROUP', IDLN, P611),
  meta(320, 'DNS Record Type Metadata', 'DNS', block2(61), `${CAPTURE}; eNcore test vector test_parse_DNS_RECORD; ${P611}`),
  meta(321, 'DNS Response Type Metadata', 'DNS', block2(61), `eNcore test vector test_parse_DNS_RESPONSE; ${P611}`),
  meta(322, 'Sinkhole Metadata', 'SINKHOLE', block2(14), `eNcore test vector test_parse_SINKHOLE; ${P611}`),
  // 350: names the netmap (domain) id of record headers. eNcore parses IDLN but caches uuid/name;
  // no capture has one, so IDLN (the id the headers carry) is taken as is.
  meta(350, 'Netmap Domain Metadata', 'NETMAP DOMAIN', IDLN, `${P611} (unverified)`),
  meta(510, 'File Type ID Metadata', 'FILELOG FILE TYPE', IDLN, P611),
  meta(511, 'File Event SHA Hash', 'FILELOG SHA', block2(26, 40), 'Integration Guide 5.4 Table B-28 (block 26), Table 3-39 (block 40)'),
  meta(515, 'Filelog Storage Metadata', 'FILELOG STORAGE', IDLN, P611),
  meta(516, 'Filelog Sandbox Metadata', 'FILELOG SANDBOX', IDLN, P611),
  meta(517, 'Filelog Spero Metadata', 'FILELOG SPERO', IDLN, P611),
  meta(518, 'Filelog Archive Metadata', 'FILELOG ARCHIVE', STATUS_DESCRIPTION, P611),
  meta(519, 'Filelog Static Analysis Metadata', 'FILELOG STATIC ANALYSIS', STATUS_DESCRIPTION, P611),
  meta(520, 'Geolocation Data', 'GEOLOCATION', block2(28), `Integration Guide 5.3 p.156; ${CAPTURE}`),
  // 530 and 700: eNcore says the guide's diagram and text are both wrong; the wire has a block type
  // and length, then uuid and string block. The 2020 capture shows 700 as exactly block 14.
  meta(530, 'File Policy Name', 'FILE POLICY NAME', block2(14), `${P611}; same form as 700 in the ${CAPTURE}`),
  meta(600, 'SSL Policy Name', 'SSL POLICY NAME', flat(UUID_NAME), P611),
  meta(601, 'SSL Rule ID', 'SSL RULE ID', flat(SSL_RULE), P611),
  meta(602, 'SSL Cipher Suite', 'SSL CIPHER SUITE', IDLN, `${CAPTURE}; ${P611}`),
  meta(604, 'SSL Version', 'SSL VERSION', IDLN, `${CAPTURE}; ${P611}`),
  meta(605, 'SSL Server Certificate Status', 'SSL SERVER CERT STATUS', flat(ID_DESCRIPTION), `${CAPTURE}; ${P611}`),
  meta(606, 'SSL Actual Action', 'SSL ACTION', flat(ID_DESCRIPTION), `${CAPTURE}; ${P611}`),
  meta(607, 'SSL Expected Action', 'SSL ACTION', flat(ID_DESCRIPTION), P611),
  meta(608, 'SSL Flow Status', 'SSL FLOW STATUS', flat(ID_DESCRIPTION), `${CAPTURE}; ${P611}`),
  meta(613, 'SSL URL Category', 'SSL URL CATEGORY', IDLN, P611),
  meta(614, 'SSL Certificate Details Data', 'SSL CERTIFICATE DETAILS', block2(50), P611),
  meta(700, 'Network Analysis Policy', 'NAP NAME', block2(14), `${CAPTURE} (block 14); ${P611}`),
];
