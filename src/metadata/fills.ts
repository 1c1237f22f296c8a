// Which lookup table each metadata record fills (keys as the FMC keys them). Field names are those
// of src/records/tables/metadata.ts (eNcore's keys, so not always `id`/`name`); table names are the
// project's (see decorations/*.ts).
import type { CacheFill } from './schema';

/** The common case: `id` → `name` in one table. */
const byId = (table: string, value: string | readonly string[] = 'name'): readonly CacheFill[] => [{ table, key: ['id'], value }];
/** Named by a uuid (block 14 and the header-less uuid + string records). */
const byUuid = (table: string): readonly CacheFill[] => [{ table, key: ['uuid'], value: 'name' }];

export const FILLS: ReadonlyMap<number, readonly CacheFill[]> = new Map<number, readonly CacheFill[]>([
  [4, [{ table: 'priority', key: ['priority_id'], value: 'name' }]],
  [54, [{ table: 'os_fingerprint', key: ['fpuuid'], value: ['os_name_data', 'os_vendor_data', 'os_version_data'] }]],
  [55, byId('client_app')],
  [57, byId('vulnerability', 'title')],
  [58, byId('criticality')],
  [59, byId('network_protocol')],
  [60, byId('attribute')],
  [61, byId('scan_type')],
  [62, byId('system_user')],
  [63, byId('application')],
  // Events carry (gid, rule id) as (gid, sid); the FMC shows the rendered sid (66's `sid`), which
  // differs for shared-object rules.
  [
    66,
    [
      { table: 'rule_message', key: ['gid', 'id'], value: 'msg' },
      { table: 'rule_rendered_sid', key: ['gid', 'id'], value: 'sid' },
    ],
  ],
  [67, byId('classification', ['name', 'description'])],
  [69, byId('correlation_policy')],
  [70, byId('correlation_rule')],
  [90, byId('source_type')],
  [91, byId('source_app')],
  [96, byId('source_detector')],
  [98, byId('user')],
  [109, byId('web_app')],
  [111, [{ table: 'extra_data_type', key: ['type'], value: ['name', 'encoding'] }]],
  [115, byUuid('zone')],
  [116, byUuid('interface')],
  [117, byUuid('ac_policy')],
  [118, byUuid('ids_policy')],
  // The uuid is the access control policy (revision) the rule belongs to.
  [119, [{ table: 'ac_rule', key: ['uuid', 'id'], value: 'name' }]],
  [120, byId('fw_rule_action')],
  [121, byId('url_category')],
  [122, byId('url_reputation')],
  [123, byId('sensor')],
  [124, [{ table: 'fw_rule_reason', key: ['reason'], value: 'description' }]],
  [127, byUuid('amp_cloud')],
  [128, byId('malware_event_type')],
  [129, byId('malware_event_subtype')],
  [130, byId('amp_detector')],
  [131, byId('fireamp_file_type')],
  [132, byUuid('security_context')],
  [
    140,
    [
      {
        table: 'rule_documentation',
        key: ['gid', 'sid'],
        value: [
          'summary',
          'impact',
          'detailed_information',
          'affected_systems',
          'attack_scenarios',
          'ease_of_attack',
          'false_positives',
          'false_negatives',
          'corrective_action',
          'contributors',
          'additional_references',
        ],
      },
    ],
  ],
  // The same policy can be deployed under one uuid to several devices: both views are kept.
  [
    145,
    [
      { table: 'ac_policy', key: ['uuid'], value: 'name' },
      { table: 'ac_policy_device', key: ['sensor_id', 'uuid'], value: 'name' },
    ],
  ],
  [146, byUuid('prefilter_policy')],
  [147, byUuid('tunnel_rule')],
  [161, [{ table: 'ioc', key: ['ioc_id'], value: ['category', 'event_type'] }]],
  [260, [{ table: 'icmp_type', key: ['ip_proto', 'type'], value: 'description' }]],
  [270, [{ table: 'icmp_code', key: ['ip_proto', 'type', 'code'], value: 'description' }]],
  // A Security Intelligence list id (280's `fw_rule`) is only unique within its access control policy.
  [280, [{ table: 'si_category', key: ['fw_rule', 'policy_uuid'], value: 'name' }]],
  [281, byId('si_src_dest')],
  [282, byUuid('si_category_general')],
  [300, byId('realm')],
  [301, byId('endpoint_profile')],
  [302, byId('security_group')],
  // Events show both the short name ("A") and the description ("a host address").
  [320, byId('dns_record_type', ['name', 'description'])],
  [321, byId('dns_response_type', ['name', 'description'])],
  [322, byUuid('sinkhole')],
  [350, byId('netmap_domain')],
  [510, byId('file_type')],
  [511, [{ table: 'file_sha', key: ['sha256'], value: ['name', 'disposition'] }]],
  [515, byId('file_storage')],
  [516, byId('file_sandbox')],
  [517, byId('spero')],
  [518, [{ table: 'archive', key: ['status'], value: 'description' }]],
  [519, [{ table: 'static_analysis', key: ['status'], value: 'description' }]],
  [520, byId('geolocation')],
  [530, byUuid('file_policy')],
  [600, byUuid('ssl_policy')],
  [601, [{ table: 'ssl_rule', key: ['revision', 'id'], value: 'name' }]],
  [602, byId('ssl_cipher_suite')],
  [604, byId('ssl_version')],
  [605, byId('ssl_cert_status', 'description')],
  [606, byId('ssl_actual_action', 'description')],
  [607, byId('ssl_expected_action', 'description')],
  [608, byId('ssl_flow_status', 'description')],
  [613, byId('ssl_url_category')],
  [614, [{ table: 'ssl_certificate', key: ['fingerprint'], value: ['subject_cn', 'subject_org', 'issuer_cn', 'issuer_org'] }]],
  [700, byUuid('net_analysis_policy')],
]);
