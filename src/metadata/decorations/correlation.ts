// Names eNcore printed for correlation events (112).

import type { Decoration, RecordDecorations } from '../schema';
import {
  COUNTRIES,
  IP_PROTOCOL,
  TLS_OUTCOME,
  ZONES_AND_INTERFACES,
  lookup,
  lookupIfKnown,
} from './connection';
import { impactFromFlags } from './intrusion';

/** Per side (src/dest): host type, criticality, user, server application and OS fingerprint. */
const host = (side: 'src' | 'dest'): readonly Decoration[] => [
  lookup(`${side}_host_type`, 'host_type'),
  lookup(`${side}_criticality`, 'criticality'),
  lookup(`${side}_user`, 'user'),
  lookup(`${side}_app_proto`, 'application'),
  lookupIfKnown(`${side}_os_name`, 'os_fingerprint', [`${side}_os_fingerprint_uuid`], 'os_name_data'),
  lookupIfKnown(`${side}_os_vendor`, 'os_fingerprint', [`${side}_os_fingerprint_uuid`], 'os_vendor_data'),
  lookupIfKnown(`${side}_os_ver`, 'os_fingerprint', [`${side}_os_fingerprint_uuid`], 'os_version_data'),
];

const CORRELATION_EVENT: readonly Decoration[] = [
  lookup('sensor', 'sensor', ['policy_sensor']),
  lookup('event_type', 'correlation_event_type'),
  lookupIfKnown('msg', 'rule_message', ['gid', 'sid']),
  lookup('corr_rule', 'correlation_rule'),
  lookup('corr_policy', 'correlation_policy'),
  lookup('priority', 'priority'),
  lookup('blocked', 'blocked'),
  IP_PROTOCOL,
  lookup('net_proto', 'network_protocol'),
  ...host('src'),
  ...host('dest'),
  lookup('ids_policy', 'ids_policy', ['intrusion_policy']),
  lookup('client_app', 'client_app', ['client_id']),
  // The access control policy is `policy_uuid` here (eNcore's key), not fw_policy_id.
  lookup('fw_policy', 'ac_policy', ['policy_uuid']),
  lookup('fw_rule', 'ac_rule', ['policy_uuid', 'fw_rule_id']),
  ...ZONES_AND_INTERFACES,
  ...COUNTRIES,
  lookup('sec_intel_policy', 'si_category_general'),
  ...TLS_OUTCOME,
  lookup('url_category', 'url_category'),
  lookup('url_reputation', 'url_reputation'),
  { name: 'impact', compute: (f) => impactFromFlags(f.impact_bits), uses: ['impact_bits'] },
];

export const decorations: RecordDecorations[] = [{ recordType: 112, decorations: CORRELATION_EVENT }];
