// Names for discovery (RNA) events, from the ids in records/tables/discovery.ts. eNcore resolved
// few of them (client application and application protocol of 15/35/107, network and transport
// protocol of 13/14, source type and protocol of 101/103); the others are named the same way.
// Ids inside lists (a host profile's servers, a scan's vulnerabilities) stay ids, except the
// application of a host server's first server information block.

import type { Fields, Value } from '../../records/decoder';
import type { ComputedDecoration, Decoration, RecordDecorations } from '../schema';
import { IP_PROTOCOL, lookup, lookupIfKnown } from './connection';

/** The managed device that reported the event: the discovery header's device id. */
export const SENSOR = lookup('sensor', 'sensor', ['device_id']);

/** Operating system name, vendor and version of a fingerprint uuid, when the metadata knows it. */
const OS_NAMES: readonly Decoration[] = [
  lookupIfKnown('os_name', 'os_fingerprint', ['os_uuid'], 'os_name_data'),
  lookupIfKnown('os_vendor', 'os_fingerprint', ['os_uuid'], 'os_vendor_data'),
  lookupIfKnown('os_ver', 'os_fingerprint', ['os_uuid'], 'os_version_data'),
];

/** Who supplied user-input or third-party data: a source type, and per type whose id the source id is. */
const SOURCE_ID_TABLE: Readonly<Record<number, string>> = { 1: 'system_user', 3: 'source_app' };
const SOURCE: readonly Decoration[] = [
  lookup('source_type', 'source_type'),
  {
    name: 'source',
    compute: (f, find) => {
      const table = SOURCE_ID_TABLE[f.source_type_id as number];
      return table === undefined ? undefined : (find(table, String(f.source_id)) as Value);
    },
  },
];

const firstItem = (f: Fields, list: string): Fields | undefined => {
  const items = f[list];
  return Array.isArray(items) ? items[0] : undefined;
};

/** What a host server is: the application protocol of its first server information block. */
const SERVER_APPLICATION: ComputedDecoration = {
  name: 'app_proto',
  compute: (f, find) => {
    const id = firstItem(f, 'server_info')?.app_proto_id;
    return id === undefined ? undefined : ((find('application', String(id)) as Value) ?? id);
  },
};

const CLIENT_APPLICATION: readonly Decoration[] = [
  lookup('client_app', 'client_app', ['client_id']),
  lookup('app_proto', 'application'),
];

/** Record 160: the IOC's category and event type, by its id (6.1+ Integer block, 6.0 IOC state block). */
const iocName = (name: string, pick: string): ComputedDecoration => ({
  name,
  compute: (f, find) => {
    const entry = find('ioc', String(f.id ?? f.ioc_id)) as Record<string, Value> | undefined;
    return entry?.[pick];
  },
});

const byRecord: Readonly<Record<number, readonly Decoration[]>> = {
  11: [SERVER_APPLICATION],
  12: [SERVER_APPLICATION],
  13: [lookup('net_proto', 'network_protocol')],
  14: [IP_PROTOCOL],
  15: CLIENT_APPLICATION,
  16: [SERVER_APPLICATION],
  17: [SERVER_APPLICATION],
  18: OS_NAMES,
  35: CLIENT_APPLICATION,
  45: [IP_PROTOCOL],
  51: [SERVER_APPLICATION],
  52: [SERVER_APPLICATION],
  53: OS_NAMES,
  74: [...SOURCE, lookup('app_proto', 'application'), ...OS_NAMES],
  75: [...SOURCE, lookup('app_proto', 'application'), ...OS_NAMES],
  76: SOURCE,
  77: SOURCE,
  78: SOURCE,
  79: SOURCE,
  80: SOURCE,
  81: SOURCE,
  82: [...SOURCE, lookup('criticality', 'criticality')],
  83: [...SOURCE, lookup('attribute', 'attribute')],
  84: [...SOURCE, lookup('attribute', 'attribute')],
  85: SOURCE,
  86: [...SOURCE, lookup('app_proto', 'application'), ...OS_NAMES],
  87: SOURCE,
  88: SOURCE,
  89: [lookup('scan_type', 'scan_type')],
  101: [...OS_NAMES, ...SOURCE],
  102: [...SOURCE, IP_PROTOCOL],
  103: [...SOURCE, IP_PROTOCOL],
  107: CLIENT_APPLICATION,
  160: [iocName('ioc_category', 'category'), iocName('ioc_event_type', 'event_type')],
};

/** Every discovery event record type (106 is metadata, not an event). */
const DISCOVERY_EVENTS = [
  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 31, 34, 35, 42, 44, 45, 46, 47, 48,
  51, 52, 53, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 101, 102, 103, 107, 160,
];

export const decorations: RecordDecorations[] = DISCOVERY_EVENTS.map((recordType) => ({
  recordType,
  decorations: [SENSOR, ...(byRecord[recordType] ?? [])],
}));
