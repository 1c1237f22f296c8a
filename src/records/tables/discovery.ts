// Discovery (RNA) events: what the FMC learns about hosts on the network map (new hosts, servers,
// client applications, operating systems, MAC/VLAN/NetBIOS changes, identity conflicts, IOCs) and
// what its users change by hand (records 74-89). Every record but 106 is the discovery event header
// followed by one payload: a scalar for the small change events, otherwise one series-1 block
// merged into the record (`inline`), dispatched on the block type received, so a record
// decodes whichever block version the FMC sends.
//
// Layout sources, in order of trust: the Integration Guide's tables (5.3 and 5.4, chapter 4
// "Understanding Discovery & Connection Data Structures"), Sourcefire's own Perl SDK block table
// (blocks up to 95), and Cisco's eNcore parser definitions for blocks the readable guide pages did
// not cover; where they disagree it says so below.
//
// Field names are eNcore's Splunk keys where eNcore printed the field (`hops`, `last_seen`,
// `host_type`, `port`, `hits`, `last_used`, `confidence`, `client_id`, `version`, `os_uuid`,
// `identity_uuid`, `server_map` …); ids eNcore printed as resolved names are `<key>_id` here and
// decorations/discovery.ts adds the names. Fields of nested blocks (list items) are named for what
// they are; the Splunk output prefixes them with their list's name (`tcp_servers.0.port`).

import { DISCOVERY_HEADER } from './common';
import { inline, list, type BlockDef, type Field, type RecordDef } from '../schema';

// ---- Field runs shared by several blocks ----

/** Where user input and third-party data came from (0 RNA, 1 user, 2 scanner, 3 application). */
const SOURCE_TYPE_ID: Field = ['source_type_id', 'u32'];
/** Which user, scanner or application supplied it, depending on the source type. */
const SOURCE_ID: Field = ['source_id', 'u32'];
/** Lists of IP Address Range (141) and MAC Address Specification (63) blocks: what user input applies to. */
const IP_RANGES: Field = ['ip_ranges', list(1)];
const MAC_RANGES: Field = ['mac_ranges', list(1)];

/** Operating System Fingerprint, 4.9+ (87); 5.1 (130) appends the mobile device list. */
const OS_FINGERPRINT: readonly Field[] = [
  ['os_uuid', 'uuid'], // os_fingerprint table (metadata 54)
  ['os_type', 'u32'], // fingerprint type
  SOURCE_TYPE_ID,
  SOURCE_ID,
  ['last_seen', 'u32'],
  ['ttl_difference', 'u8'],
];

/** Host Profile runs. 5.0 (91) → 5.1 (132) adds mobile fingerprints and flags → 5.2 (139) IPv6. */
const HOPS_NETWORK: readonly Field[] = [
  ['hops', 'u8'],
  ['primary_secondary', 'u8'], // 0: the host is in the device's primary network, 1: secondary
];
const FINGERPRINTS_50: readonly Field[] = [
  ['server_fingerprints', list(1)],
  ['client_fingerprints', list(1)],
  ['smb_fingerprints', list(1)],
  ['dhcp_fingerprints', list(1)],
];
const MOBILE_FINGERPRINTS: Field = ['mobile_device_fingerprints', list(1)];
const FINGERPRINTS_IPV6_USER_AGENT: readonly Field[] = [
  ['ipv6_server_fingerprints', list(1)],
  ['ipv6_client_fingerprints', list(1)],
  ['ipv6_dhcp_fingerprints', list(1)],
  ['user_agent_fingerprints', list(1)],
];
const SERVERS_PROTOCOLS_TYPE: readonly Field[] = [
  ['tcp_servers', list(1)], // Host Server blocks (103)
  ['udp_servers', list(1)],
  ['network_protocols', list(1)], // Protocol blocks (4): Ethertypes
  ['transport_protocols', list(1)], // Protocol blocks (4): IANA protocol numbers
  ['mac_addresses', list(1)], // Host MAC Address blocks (95)
  ['last_seen', 'u32'],
  ['host_type', 'u32'], // 0 host, 1 router, 2 bridge, 3 NAT device, 4 load balancer
];
const MOBILE_FLAGS: readonly Field[] = [
  ['mobile', 'u8'],
  ['jailbroken', 'u8'],
];
const VLAN_CLIENTS_NETBIOS: readonly Field[] = [
  ['vlan_presence', 'u8'], // the guide says 0 yes, 1 no
  ['vlan_id', 'u16'],
  ['vlan_type', 'u8'],
  ['vlan_priority', 'u8'],
  ['client_apps', list(1)], // Full Host Client Application blocks (112); the guide's 5.2 table mislabels the list header
  // The host's NetBIOS name; eNcore printed it as `netbios_domain`.
  ['netbios_domain', 'string'],
];

/** Who entered user input: source id, then type (60, 77 and 83 put the type first). */
const USER_INPUT_SOURCE: readonly Field[] = [SOURCE_ID, SOURCE_TYPE_ID];

// ---- Series-1 blocks, by block type ----

export const blocks: BlockDef[] = [
  {
    series: 1,
    type: 1,
    name: 'Sub-Server Data Block',
    fields: [
      ['name', 'string'],
      ['vendor', 'string'],
      ['version', 'string'],
    ],
    source: 'Integration Guide 5.3 p.242-243 "Sub-Server Data Block"; Perl SDK SFRNABlocks index 1',
  },
  {
    series: 1,
    type: 4,
    name: 'Protocol Data Block',
    fields: [['protocol', 'u16']], // IANA protocol number or Ethertype, by the list it is in
    source: 'Integration Guide 5.3 p.243 "Protocol Data Block"; protocol.md §5.4',
  },
  {
    series: 1,
    type: 7,
    name: 'Integer Data Block',
    // One u32: the IOC id of record 160 (eNcore's key `id`), bugtraq ids in scan vulnerabilities.
    fields: [['id', 'u32']],
    source: 'protocol.md §5.4 (Integer, type 7); Perl SDK SFRNABlocks index 7',
  },
  {
    series: 1,
    type: 14,
    name: 'VLAN Data Block',
    fields: [
      ['vlan_id', 'u16'],
      ['vlan_type', 'u8'],
      ['vlan_priority', 'u8'],
    ],
    source: 'Perl SDK SFRNABlocks index 14; protocol.md §6.10 (record 34)',
  },
  {
    series: 1,
    type: 35,
    name: 'String Information Data Block',
    // A NetBIOS name (record 42), a CVE id (scan vulnerability lists).
    fields: [['value', 'string']],
    source: 'Perl SDK SFRNABlocks index 35; protocol.md §6.10 (record 42)',
  },
  {
    series: 1,
    type: 37,
    name: 'Server Banner Data Block',
    fields: [
      ['port', 'u16'],
      ['ip_proto_id', 'u8'],
      ['banner', 'blob'], // BLOB block: the first bytes the server sent, as hex
    ],
    source: 'Perl SDK SFRNABlocks index 37; protocol.md §6.10 (record 45)',
  },
  {
    series: 1,
    type: 38,
    name: 'Attribute Address Data Block 4.7+',
    fields: [
      ['attribute_id', 'u32'],
      ['ip', 'ipv4'],
      ['netmask_bits', 'u32'],
    ],
    source: 'Perl SDK SFRNABlocks index 38 (auto-assign network of an attribute definition)',
  },
  {
    series: 1,
    type: 39,
    name: 'Attribute List Item Data Block',
    fields: [
      ['attribute_id', 'u32'],
      ['name', 'string'],
    ],
    source: 'Integration Guide 5.3 p.253 "Attribute List Item Data Block Fields"',
  },
  {
    series: 1,
    type: 48,
    name: 'Attribute Value Data Block',
    fields: [
      ['attribute_id', 'u32'],
      ['attribute_type', 'u32'],
      ['int_value', 'u32'],
      ['text_value', 'string'],
    ],
    source: 'Integration Guide 5.3 p.253 "Attribute Value Data Block" (type 48); Perl SDK SFRNABlocks index 48',
  },
  {
    series: 1,
    type: 53,
    name: 'Operating System Data Block 3.5+',
    fields: [
      ['confidence', 'u32'],
      ['os_uuid', 'uuid'],
    ],
    source: 'Integration Guide 5.3 p.259 "Operating System Data Block 3.5+ Fields"',
  },
  {
    series: 1,
    type: 55,
    name: 'Attribute Definition Data Block 4.7+',
    fields: [
      SOURCE_ID,
      ['attribute_uuid', 'uuid'],
      ['attribute_id', 'u32'],
      ['attribute_name', 'string'],
      ['attribute_type', 'u32'], // text, list, integer, URL …
      ['category', 'u32'],
      ['range_start', 'u32'], // bounds of an integer attribute
      ['range_end', 'u32'],
      ['auto_assign_ip', 'ipv4'],
      ['list_items', list(1)], // Attribute List Item blocks (39)
      ['auto_assign_networks', list(1)], // Attribute Address blocks (38)
    ],
    // The guide page shows the head (source id, uuid, id, name, type); the rest is the Perl SDK's.
    source: 'Integration Guide 5.3 p.261 "Attribute Definition Data Block for 4.7+"; Perl SDK SFRNABlocks index 55',
  },
  {
    series: 1,
    type: 57,
    name: 'User Protocol Data Block',
    fields: [
      IP_RANGES,
      MAC_RANGES,
      ['protocol_type', 'u8'], // 0 network layer (Ethertype), 1 transport layer (IANA number)
      ['protocol', 'u16'],
    ],
    source: 'Integration Guide 5.3 p.266 (User Protocol fields); Perl SDK SFRNABlocks index 57',
  },
  {
    series: 1,
    type: 60,
    name: 'User Client Application List Data Block',
    fields: [SOURCE_TYPE_ID, SOURCE_ID, ['client_apps', list(1)]], // User Client Application blocks (138)
    source: 'Integration Guide 5.3 p.268-269 "User Client Application List Data Block"',
  },
  {
    series: 1,
    type: 63,
    name: 'MAC Address Specification Data Block',
    fields: [['mac', 'mac']],
    source: 'Perl SDK SFRNABlocks index 63; Integration Guide 5.3 p.274',
  },
  {
    series: 1,
    type: 67,
    name: 'Fix List Data Block',
    fields: [['fix_id', 'u32']],
    source: 'Perl SDK SFRNABlocks index 67',
  },
  {
    series: 1,
    type: 76,
    name: 'User Server Data Block',
    fields: [IP_RANGES, ['port', 'u16'], ['protocol', 'u16']],
    source: 'Integration Guide 5.3 p.280-281 "User Server Data Block Fields"',
  },
  {
    series: 1,
    type: 77,
    name: 'User Server List Data Block',
    // Source type first, as the guide and the Perl SDK have it (eNcore reads the two swapped).
    fields: [SOURCE_TYPE_ID, SOURCE_ID, ['servers', list(1)]], // User Server blocks (76)
    source: 'Integration Guide 5.3 p.281-282 / 5.4 Table 4-57 "User Server List Data Block Fields"',
  },
  {
    series: 1,
    type: 78,
    name: 'User Host Data Block 4.7+',
    fields: [IP_RANGES, MAC_RANGES, ...USER_INPUT_SOURCE],
    source: 'Perl SDK SFRNABlocks index 78; Integration Guide 5.3 p.284',
  },
  {
    series: 1,
    type: 80,
    name: 'User Vulnerability Change Data Block 4.7+',
    fields: [
      ...USER_INPUT_SOURCE,
      // Not in the guide's diagram, but in its field table (so eNcore) and in the Perl SDK.
      ['vuln_type', 'u32'],
      ['vulnerabilities', list(1)], // User Vulnerability blocks (124)
    ],
    source: 'Integration Guide 5.3 p.285 "User Vulnerability Change Data Block 4.7+"; Perl SDK SFRNABlocks index 80',
  },
  {
    series: 1,
    type: 81,
    name: 'User Criticality Change Data Block 4.7+',
    fields: [IP_RANGES, ...USER_INPUT_SOURCE, ['criticality_id', 'u32']],
    source: 'Perl SDK SFRNABlocks index 81; protocol.md §6.10 (record 82)',
  },
  {
    series: 1,
    type: 82,
    name: 'User Attribute Value Data Block 4.7+',
    fields: [IP_RANGES, ...USER_INPUT_SOURCE, ['attribute_id', 'u32'], ['value', 'blob']],
    source: 'Integration Guide 5.3 p.290-291 "User Attribute Value Data Block Fields"',
  },
  {
    series: 1,
    type: 83,
    name: 'User Protocol List Data Block 4.7+',
    fields: [SOURCE_TYPE_ID, SOURCE_ID, ['protocols', list(1)]], // User Protocol blocks (57)
    source: 'Integration Guide 5.3 p.291-293 "User Protocol List Data Block 4.7+"',
  },
  {
    series: 1,
    type: 85,
    name: 'Host Vulnerability Data Block 4.9.0+',
    fields: [
      ['vuln_id', 'u32'],
      ['invalid', 'u8'], // invalid flags: whether the vulnerability does not apply to the host
      ['vuln_type', 'u32'],
    ],
    source: 'Integration Guide 5.3 p.293-294 "Host Vulnerability Data Block Fields"',
  },
  {
    series: 1,
    type: 87,
    name: 'Operating System Fingerprint Data Block 4.9.x-5.0.2',
    fields: OS_FINGERPRINT,
    source: 'Integration Guide 5.3 p.575-577 (Legacy OS Fingerprint Data Blocks); Perl SDK SFRNABlocks index 87',
  },
  {
    series: 1,
    type: 91,
    name: 'Host Profile Data Block 5.0-5.0.2',
    fields: [
      ['host_ip_address', 'ipv4'],
      ...HOPS_NETWORK,
      ...FINGERPRINTS_50,
      ...SERVERS_PROTOCOLS_TYPE,
      ...VLAN_CLIENTS_NETBIOS,
    ],
    source: 'Integration Guide 5.4 Table B-17 "Host Profile Data Block for 5.0 - 5.0.2"; Perl SDK SFRNABlocks index 91',
  },
  {
    series: 1,
    type: 94,
    name: 'Identity Data Block',
    fields: [
      SOURCE_TYPE_ID,
      SOURCE_ID,
      ['identity_uuid', 'uuid'], // the fingerprint or server identity in conflict
      ['port', 'u16'],
      ['ip_proto_id', 'u16'],
      ['server_map', 'u32'],
    ],
    source: 'Integration Guide 5.3 p.294 "Identity Data Block" (type 94); Perl SDK SFRNABlocks index 94',
  },
  {
    series: 1,
    type: 95,
    name: 'Host MAC Address Data Block 4.9+',
    fields: [
      ['ttl', 'u8'],
      ['additional_mac_address', 'mac'], // eNcore's key (records 27/28)
      ['primary', 'u8'],
      ['last_seen', 'u32'],
    ],
    source: 'Perl SDK SFRNABlocks index 95; Integration Guide 5.3 p.297',
  },
  {
    series: 1,
    type: 103,
    name: 'Host Server Data Block 4.10.0+',
    fields: [
      ['port', 'u16'],
      ['hits', 'u32'],
      ['last_used', 'u32'],
      ['server_info', list(1)], // Server Information blocks (117)
      ['confidence', 'u32'],
      // eNcore: the guide lists more web application fields after this list, which the wire does not carry.
      ['web_apps', list(1)], // Web Application blocks (123)
    ],
    source: 'Integration Guide 5.3 p.313 "Host Server Data Block Fields"; protocol.md §6.10',
  },
  {
    series: 1,
    type: 108,
    name: 'Generic Scan Results Data Block 4.10.0+',
    fields: [
      ['port', 'u16'],
      ['protocol', 'u16'],
      ['sub_server', 'string'],
      ['value', 'string'],
      ['sub_server_unformatted', 'string'],
      ['value_unformatted', 'string'],
    ],
    source: "eNcore's definition of block 108 (the guide page was not readable)",
  },
  {
    series: 1,
    type: 109,
    name: 'Scan Vulnerability Data Block 4.10.0+',
    fields: [
      ['port', 'u16'],
      ['protocol', 'u16'],
      ['vuln_id', 'string'], // the scanner's id, as text
      ['name', 'string'],
      ['description', 'string'],
      ['name_clean', 'string'],
      ['description_clean', 'string'],
      ['bugtraq_ids', list(1)], // Integer blocks (7)
      ['cve_ids', list(1)], // String Information blocks (35)
    ],
    source: "eNcore's definition of block 109 (the guide page was not readable)",
  },
  {
    series: 1,
    type: 112,
    name: 'Full Host Client Application Data Block 5.0+',
    fields: [
      ['hits', 'u32'],
      ['last_used', 'u32'],
      ['client_id', 'u32'], // client application id
      ['version', 'string'],
      ['web_apps', list(1)], // Web Application blocks (123)
      ['vulnerabilities', list(1)], // Host Vulnerability blocks (85)
    ],
    source: 'Integration Guide 5.3 p.333-334 "Full Host Client Application Data Block 5.0+ Fields"',
  },
  {
    series: 1,
    type: 117,
    name: 'Server Information Data Block 5.0+',
    fields: [
      ['app_proto_id', 'u32'],
      ['vendor', 'string'],
      ['version', 'string'],
      ['last_used', 'u32'],
      SOURCE_TYPE_ID,
      SOURCE_ID,
      ['sub_servers', list(1)], // Sub-Server blocks (1)
    ],
    source: 'Integration Guide 5.3 p.320-321 "Server Information Data Block Fields"',
  },
  {
    series: 1,
    type: 122,
    name: 'Host Client Application Data Block 5.0+',
    fields: [
      ['hits', 'u32'],
      ['last_used', 'u32'],
      ['client_id', 'u32'], // eNcore's key for the client application id
      ['app_proto_id', 'u32'],
      ['version', 'string'],
      ['web_apps', list(1)], // Web Application blocks (123)
    ],
    source: 'Integration Guide 5.3 p.334-335 "Host Client Application Data Block for 5.0+"; protocol.md §6.10',
  },
  {
    series: 1,
    type: 123,
    name: 'Web Application Data Block 5.0+',
    fields: [['web_app_id', 'u32']],
    source: "protocol.md §6.10; eNcore's definition (one u32, as the guide's legacy block 97, 5.3 p.520)",
  },
  {
    series: 1,
    type: 124,
    name: 'User Vulnerability Data Block 5.0+',
    fields: [
      IP_RANGES,
      ['port', 'u16'],
      ['protocol', 'u16'],
      ['vuln_id', 'u32'],
      ['third_party_vuln_uuid', 'uuid'],
      ['vuln_name', 'string'],
      ['client_app_id', 'u32'], // 0 for server vulnerabilities
      ['app_proto_id', 'u32'],
      ['version', 'string'],
    ],
    source: 'Integration Guide 5.3 p.336-339 "User Vulnerability Data Block 5.0+"',
  },
  {
    series: 1,
    type: 130,
    name: 'Operating System Fingerprint Data Block 5.1+',
    fields: [...OS_FINGERPRINT, ['mobile_devices', list(1)]], // Mobile Device Information blocks (131)
    source: 'Integration Guide 5.3 p.339-341 "Operating System Fingerprint Data Block 5.1+"',
  },
  {
    series: 1,
    type: 131,
    name: 'Mobile Device Information Data Block 5.1+',
    fields: [
      ['device', 'string'], // hardware description
      ['last_seen', 'u32'],
      ['mobile', 'u32'],
      ['jailbroken', 'u32'],
    ],
    source: "Integration Guide 5.4 p.4-144 (type 131); field sizes from eNcore's definition",
  },
  {
    series: 1,
    type: 132,
    name: 'Host Profile Data Block 5.1.x',
    fields: [
      ['host_ip_address', 'ipv4'],
      ...HOPS_NETWORK,
      ...FINGERPRINTS_50,
      MOBILE_FINGERPRINTS,
      ...SERVERS_PROTOCOLS_TYPE,
      ...MOBILE_FLAGS,
      ...VLAN_CLIENTS_NETBIOS,
    ],
    source: 'Integration Guide 5.3 p.713-717 / 5.4 p.B-162-B-166 "Host Profile Data Block for 5.1.x"',
  },
  {
    series: 1,
    type: 134,
    name: 'User Product Data Block 5.1+',
    fields: [
      ...USER_INPUT_SOURCE,
      IP_RANGES,
      ['port', 'u16'],
      ['protocol', 'u16'],
      ['drop_user_product', 'u32'], // 1: the user definition was deleted from the host
      ['custom_vendor', 'string'],
      ['custom_product', 'string'],
      ['custom_version', 'string'],
      ['software_id', 'u32'],
      ['app_proto_id', 'u32'], // the server's application id
      ['vendor_id', 'u32'],
      ['product_id', 'u32'],
      ['version_major', 'string'],
      ['version_minor', 'string'],
      ['revision', 'string'],
      ['to_version_major', 'string'],
      ['to_version_minor', 'string'],
      ['to_revision', 'string'],
      ['build', 'string'],
      ['patch', 'string'],
      ['extension', 'string'],
      ['os_uuid', 'uuid'],
      ['device', 'string'],
      ['mobile', 'u8'],
      ['jailbroken', 'u8'],
      ['fixes', list(1)], // Fix List blocks (67)
    ],
    source: 'Integration Guide 5.3 p.357 / 5.4 p.4-159 "User Product Data Block"; eNcore for the order of the ids',
  },
  {
    series: 1,
    type: 138,
    name: 'User Client Application Data Block 5.1.1+',
    fields: [
      IP_RANGES,
      ['app_proto_id', 'u32'],
      ['client_app_id', 'u32'],
      ['version', 'string'],
      ['payload_type', 'u32'], // always 0 (kept for compatibility)
      ['web_app_id', 'u32'],
    ],
    source: 'Integration Guide 5.3 p.266-268 "User Client Application Data Block for 5.1.1+"',
  },
  {
    series: 1,
    type: 139,
    name: 'Host Profile Data Block 5.2+',
    fields: [
      ['host_ip_address', 'ipv6'],
      ...HOPS_NETWORK,
      ...FINGERPRINTS_50,
      MOBILE_FINGERPRINTS,
      ...FINGERPRINTS_IPV6_USER_AGENT,
      ...SERVERS_PROTOCOLS_TYPE,
      ...MOBILE_FLAGS,
      ...VLAN_CLIENTS_NETBIOS,
    ],
    source: 'Integration Guide 5.3 p.350-353 "Host Profile Data Block 5.2+ Fields"; protocol.md §6.10',
  },
  {
    series: 1,
    type: 141,
    name: 'IP Address Range Data Block 5.2+',
    fields: [
      ['start_ip', 'ipv6'],
      ['end_ip', 'ipv6'],
    ],
    source: 'Integration Guide 5.3 p.270 (IP Range Specification); 5.2+ addresses are 16 bytes (protocol.md §5.5)',
  },
  {
    series: 1,
    type: 142,
    name: 'Scan Result Data Block 5.2+',
    fields: [
      ['user_id', 'u32'], // the FMC user who added the result
      ['scan_type_id', 'u32'],
      ['ip_address', 'ipv6'],
      ['port', 'u16'],
      ['protocol', 'u16'],
      ['flag', 'u16'], // in eNcore's definition only; the guide page was not readable
      ['vulnerabilities', list(1)], // Scan Vulnerability blocks (109)
      ['scan_results', list(1)], // Generic Scan Results blocks (108)
      ['user_products', list(1)], // User Product blocks (134)
    ],
    source: "Integration Guide 5.3 p.221 (record 89 carries a Scan Result block); eNcore's definition of block 142",
  },
  {
    series: 1,
    type: 150,
    name: 'IOC State Data Block 5.3',
    // eNcore's layout; note it has a first but no last device id.
    fields: [
      ['ioc_id', 'u32'],
      ['disabled', 'u8'],
      ['first_seen', 'u32'],
      ['first_event_id', 'u32'],
      ['first_device_id', 'u32'],
      ['first_instance_id', 'u16'],
      ['first_connection_time', 'u32'],
      ['first_counter', 'u16'],
      ['last_seen', 'u32'],
      ['last_event_id', 'u32'],
      ['last_instance_id', 'u16'],
      ['last_connection_time', 'u32'],
      ['last_counter', 'u16'],
    ],
    source: "protocol.md §6.10 (record 160 in 6.0); eNcore's definition of block 150",
  },
];

// ---- Records, by record type ----

/** A record that is the discovery header and one series-1 block, with the block versions it is known to carry. */
const withBlock = (
  type: number,
  name: string,
  known: readonly number[],
  source: string,
): RecordDef => ({
  type,
  name,
  simple: 'RNA',
  category: 'discovery',
  fields: [...DISCOVERY_HEADER, ['', inline(1)]],
  blocks: known,
  source,
});

/** A record that is the discovery header and the given fields (possibly none). */
const withFields = (type: number, name: string, fields: readonly Field[], source: string): RecordDef => ({
  type,
  name,
  simple: 'RNA',
  category: 'discovery',
  fields: [...DISCOVERY_HEADER, ...fields],
  source,
});

const SEC_6_10 = 'protocol.md §6.10; Integration Guide 5.3 chapter 4 "Host Discovery Structures by Event Type"';
const HOST_SERVER = [103];
const CLIENT_APP = [122];
const OS = [53, 130];
const USER_PRODUCT = [134];

export const records: RecordDef[] = [
  withBlock(10, 'New Host Detected', [91, 132, 139], SEC_6_10),
  withBlock(11, 'New TCP Server', HOST_SERVER, SEC_6_10),
  withBlock(12, 'New UDP Server', HOST_SERVER, SEC_6_10),
  withFields(13, 'New Network Protocol', [['net_proto_id', 'u16']], SEC_6_10),
  withFields(14, 'New Transport Protocol', [['ip_proto_id', 'u8']], SEC_6_10),
  withBlock(15, 'New Client Application', CLIENT_APP, SEC_6_10),
  withBlock(16, 'TCP Server Information Update', HOST_SERVER, SEC_6_10),
  withBlock(17, 'UDP Server Information Update', HOST_SERVER, SEC_6_10),
  // eNcore names block 53 for 18 and 53 but never defined it; the guide's OS data block is used here.
  withBlock(18, 'OS Information Update', OS, SEC_6_10),
  withFields(19, 'Host Timeout', [], SEC_6_10),
  withFields(20, 'Host IP Address Reused', [], SEC_6_10),
  withFields(21, 'Host Deleted: Host Limit Reached', [], SEC_6_10),
  withFields(22, 'Hops Change', [['hops', 'u8']], SEC_6_10),
  withFields(23, 'TCP Port Closed', [['port', 'u16']], SEC_6_10),
  withFields(24, 'UDP Port Closed', [['port', 'u16']], SEC_6_10),
  withFields(25, 'TCP Port Timeout', [['port', 'u16']], SEC_6_10),
  withFields(26, 'UDP Port Timeout', [['port', 'u16']], SEC_6_10),
  withBlock(27, 'MAC Information Change', [95], SEC_6_10),
  withBlock(28, 'Additional MAC Detected for Host', [95], SEC_6_10),
  withFields(29, 'Host IP Address Changed', [['new_ip_address', 'ipv6']], SEC_6_10),
  withFields(31, 'Host Identified as Router/Bridge', [['host_type', 'u32']], SEC_6_10),
  withBlock(34, 'VLAN Tag Information Update', [14], SEC_6_10),
  withBlock(35, 'Client Application Timeout', CLIENT_APP, SEC_6_10),
  withBlock(42, 'NetBIOS Name Change', [35], SEC_6_10),
  withFields(44, 'Host Dropped: Host Limit Reached', [], SEC_6_10),
  withBlock(45, 'Update Banner', [37], SEC_6_10),
  withBlock(46, 'Add Host Attribute', [55], SEC_6_10),
  withBlock(47, 'Update Host Attribute', [55], SEC_6_10),
  withBlock(48, 'Delete Host Attribute', [55], SEC_6_10),
  withBlock(51, 'TCP Server Confidence Update', HOST_SERVER, SEC_6_10),
  withBlock(52, 'UDP Server Confidence Update', HOST_SERVER, SEC_6_10),
  withBlock(53, 'OS Confidence Update', OS, SEC_6_10),
  // User input (event type 1002).
  withBlock(74, 'User Set OS', USER_PRODUCT, SEC_6_10),
  withBlock(75, 'User Set Server', USER_PRODUCT, SEC_6_10),
  withBlock(76, 'User Delete Protocol', [83], SEC_6_10),
  withBlock(77, 'User Delete Client Application', [60], SEC_6_10),
  withBlock(78, 'User Delete Address', [78], SEC_6_10),
  withBlock(79, 'User Delete Server', [77], SEC_6_10),
  withBlock(80, 'User Set Valid Vulnerabilities', [80], SEC_6_10),
  withBlock(81, 'User Set Invalid Vulnerabilities', [80], SEC_6_10),
  withBlock(82, 'User Set Host Criticality', [81], SEC_6_10),
  withBlock(83, 'User Set Attribute Value', [82], SEC_6_10),
  withBlock(84, 'User Delete Attribute Value', [82], SEC_6_10),
  withBlock(85, 'User Add Host', [78], SEC_6_10),
  withBlock(86, 'User Add Server', USER_PRODUCT, SEC_6_10),
  withBlock(87, 'User Add Client Application', [60], SEC_6_10),
  withBlock(88, 'User Add Protocol', [83], SEC_6_10),
  withBlock(89, 'User Add Scan Result', [142], SEC_6_10),
  withBlock(101, 'New OS Event', [130], SEC_6_10),
  withBlock(102, 'Identity Conflict Event', [94], SEC_6_10),
  withBlock(103, 'Identity Timeout Event', [94], SEC_6_10),
  // Not an event: the FMC's description of a third-party scanner's vulnerability, sent with the
  // metadata (header-less, u32-counted strings, like the vulnerability metadata record 57).
  {
    type: 106,
    name: 'Third Party Scanner Vulnerability',
    simple: 'VULNERABILITY',
    category: 'metadata',
    fields: [
      ['id', 'u32'],
      ['scanner_type', 'u32'],
      ['title', 'str32'],
      ['description', 'str32'],
      ['cve_id', 'str32'],
      ['bugtraq_id', 'str32'],
    ],
    source: "protocol.md §6.12 (record 106); eNcore's definition of record 106",
  },
  withBlock(107, 'Client Application Update', CLIENT_APP, SEC_6_10),
  // 6.0 sent the IOC's state (block 150); 6.1+ sends only its id (an Integer block).
  withBlock(160, 'Host IOC Set Messages', [150, 7], SEC_6_10),
];
