// Discovery (RNA) records and their series-1 blocks, built field by field from the guide's layouts
// (protocol.md §6.10; Integration Guide 5.3/5.4 chapter 4) with test/bytes.ts, not with our
// encoder. Every record type and every block version of tables/discovery.ts appears below, the
// list item blocks inside the records that carry them. Each vector is decoded and checked value by
// value, re-encoded and decoded again, and cut at every byte (which must throw).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytes, type Bytes } from '../../../test/bytes';
import { MalformedRecordError } from '../../protocol/errors';
import { recordFrame } from '../../protocol/messages';
import { BUILTIN_TABLES } from '../../metadata/builtin';
import { Decorator } from '../../metadata/decorator';
import { RecordDecoder, type Fields } from '../decoder';
import { RecordEncoder } from '../encoder';
import { LayoutRegistry, layouts } from '../registry';
import { list } from '../schema';
import { blocks as discoveryBlocks, records as discoveryRecords } from './discovery';

const decoder = new RecordDecoder(layouts);
const encoder = new RecordEncoder(layouts);

const frame = (recordType: number, body: Buffer) => recordFrame(recordType, body, 1700000999);

// ---- The discovery event header (protocol.md §5.3), with Has-IPv6 set as real FMCs send it ----

type Event = readonly [type: number, subtype: number];

const header = ([type, subtype]: Event): Bytes =>
  bytes()
    .u32(3) // Device ID
    .ipv4('0.0.0.0') // Legacy IP address: unused when Has-IPv6 is set
    .hex('00:1a:2b:3c:4d:5e') // MAC address
    .u8(1) // Has IPv6
    .u8(0) // Reserved
    .u32(1700000100) // Event second
    .u32(250000) // Event microsecond
    .u32(type)
    .u32(subtype)
    .hex('0000a001') // File number: internal to the FMC, skipped
    .hex('0000b002') // File position: skipped
    .mapped('192.168.10.20'); // IPv6 address of the host (IPv4-mapped)

const headerFields = ([type, subtype]: Event): Fields => ({
  device_id: 3,
  legacy_ip: '0.0.0.0',
  mac_address: '00:1a:2b:3c:4d:5e',
  has_ipv6: 1,
  event_sec: 1700000100,
  event_usec: 250000,
  event_type: type,
  event_subtype: subtype,
  src_host: '192.168.10.20',
});

// ---- Blocks: the body as the guide lays it out, and the fields it decodes to ----

interface Block {
  type: number;
  body: Bytes;
  fields: Fields;
}
const blk = (type: number, body: Bytes, fields: Fields): Block => ({ type, body, fields });
/** The block on the wire: type, length (header included), body. */
const wire = (b: Block): Bytes => bytes().block(b.type, b.body);
/** A List (11) or Generic List (31) block of the given blocks. */
const listOf = (listType: 11 | 31, items: readonly Block[]): Bytes => {
  const content = bytes();
  for (const i of items) content.raw(wire(i).build());
  return bytes().block(listType, content);
};
/** How a list item decodes: its own fields and its block type. */
const decoded = (items: readonly Block[]): Fields[] => items.map((b) => ({ block_type: b.type, ...b.fields }));
const join = (...parts: Bytes[]): Bytes => {
  const out = bytes();
  for (const p of parts) out.raw(p.build());
  return out;
};

const uuid = (tail: string) => `5ca1ab1e-0000-4000-8000-${tail.padStart(12, '0')}`;
const V6_A = '20010db8000000000000000000000a01';

const subServer = (name: string, vendor: string, version: string) =>
  blk(1, bytes().string(name).string(vendor).string(version), { name, vendor, version });
const protocol = (n: number) => blk(4, bytes().u16(n), { protocol: n });
const integer = (n: number) => blk(7, bytes().u32(n), { id: n });
const stringInfo = (s: string) => blk(35, bytes().string(s), { value: s });
const webApp = (id: number) => blk(123, bytes().u32(id), { web_app_id: id });
const ipRange = (start: string, end: string, startWire: Bytes, endWire: Bytes) =>
  blk(141, join(startWire, endWire), { start_ip: start, end_ip: end });
const RANGE = ipRange('10.0.0.1', '10.0.0.254', bytes().mapped('10.0.0.1'), bytes().mapped('10.0.0.254'));
const RANGE_V6 = ipRange('2001:db8::a01', '2001:db8::aff', bytes().hex(V6_A), bytes().hex('20010db8000000000000000000000aff'));
const macSpec = (mac: string) => blk(63, bytes().hex(mac), { mac });
const hostVulnerability = (id: number) =>
  blk(85, bytes().u32(id).u8(1).u32(2), { vuln_id: id, invalid: 1, vuln_type: 2 });
const hostMac = (mac: string, lastSeen: number) =>
  blk(95, bytes().u8(64).hex(mac).u8(1).u32(lastSeen), {
    ttl: 64,
    additional_mac_address: mac,
    primary: 1,
    last_seen: lastSeen,
  });

const serverInfo = blk(
  117,
  join(
    bytes().u32(676).string('Apache').string('2.4.57').u32(1700000050).u32(0).u32(0),
    listOf(11, [subServer('mod_ssl', 'Apache', '2.4.57')]),
  ),
  {
    app_proto_id: 676,
    vendor: 'Apache',
    version: '2.4.57',
    last_used: 1700000050,
    source_type_id: 0,
    source_id: 0,
    sub_servers: decoded([subServer('mod_ssl', 'Apache', '2.4.57')]),
  },
);

const hostServer = (port: number) =>
  blk(
    103,
    join(bytes().u16(port).u32(17).u32(1700000060), listOf(31, [serverInfo]), bytes().u32(90), listOf(31, [webApp(929)])),
    {
      port,
      hits: 17,
      last_used: 1700000060,
      server_info: decoded([serverInfo]),
      confidence: 90,
      web_apps: decoded([webApp(929)]),
    },
  );

const hostClientApp = blk(
  122,
  join(bytes().u32(4).u32(1700000070).u32(1296).u32(676).string('115.0'), listOf(31, [webApp(1121)])),
  { hits: 4, last_used: 1700000070, client_id: 1296, app_proto_id: 676, version: '115.0', web_apps: decoded([webApp(1121)]) },
);

const fullHostClientApp = blk(
  112,
  join(bytes().u32(9).u32(1700000080).u32(638).string('8.0'), listOf(31, [webApp(638)]), listOf(31, [hostVulnerability(41222)])),
  {
    hits: 9,
    last_used: 1700000080,
    client_id: 638,
    version: '8.0',
    web_apps: decoded([webApp(638)]),
    vulnerabilities: decoded([hostVulnerability(41222)]),
  },
);

const OS_FP_BODY = () => bytes().hex(uuid('f1')).u32(1).u32(0).u32(0).u32(1700000090).u8(3);
const OS_FP_FIELDS = {
  os_uuid: uuid('f1'),
  os_type: 1,
  source_type_id: 0,
  source_id: 0,
  last_seen: 1700000090,
  ttl_difference: 3,
};
const mobileDevice = blk(131, bytes().string('iPhone 14').u32(1700000091).u32(1).u32(0), {
  device: 'iPhone 14',
  last_seen: 1700000091,
  mobile: 1,
  jailbroken: 0,
});
const osFingerprint87 = blk(87, OS_FP_BODY(), OS_FP_FIELDS);
const osFingerprint130 = blk(130, join(OS_FP_BODY(), listOf(31, [mobileDevice])), {
  ...OS_FP_FIELDS,
  mobile_devices: decoded([mobileDevice]),
});

// Host profiles: the fingerprint lists, then servers, protocols, MACs and the host's type and VLAN.
const fingerprintLists = (count: number, fp: Block) => {
  const wires: Bytes[] = [];
  for (let i = 0; i < count; i++) wires.push(listOf(31, i === 0 ? [fp] : []));
  return join(...wires);
};
const SERVERS_PROTOCOLS_WIRE = () =>
  join(
    listOf(11, [hostServer(443)]),
    listOf(11, [hostServer(53)]),
    listOf(11, [protocol(0x0800)]),
    listOf(11, [protocol(6), protocol(17)]),
    listOf(11, [hostMac('00:1a:2b:3c:4d:5f', 1700000095)]),
    bytes().u32(1700000096).u32(1), // last seen, host type (router)
  );
const SERVERS_PROTOCOLS_FIELDS = {
  tcp_servers: decoded([hostServer(443)]),
  udp_servers: decoded([hostServer(53)]),
  network_protocols: decoded([protocol(0x0800)]),
  transport_protocols: decoded([protocol(6), protocol(17)]),
  mac_addresses: decoded([hostMac('00:1a:2b:3c:4d:5f', 1700000095)]),
  last_seen: 1700000096,
  host_type: 1,
};
const VLAN_CLIENTS_WIRE = () =>
  join(bytes().u8(0).u16(42).u8(1).u8(5), listOf(31, [fullHostClientApp]), bytes().string('FILESRV01'));
const VLAN_CLIENTS_FIELDS = {
  vlan_presence: 0,
  vlan_id: 42,
  vlan_type: 1,
  vlan_priority: 5,
  client_apps: decoded([fullHostClientApp]),
  netbios_domain: 'FILESRV01',
};
const emptyFingerprints = (...names: string[]) => Object.fromEntries(names.map((n) => [n, []]));

const hostProfile91 = blk(
  91,
  join(bytes().ipv4('10.9.8.7').u8(2).u8(0), fingerprintLists(4, osFingerprint87), SERVERS_PROTOCOLS_WIRE(), VLAN_CLIENTS_WIRE()),
  {
    host_ip_address: '10.9.8.7',
    hops: 2,
    primary_secondary: 0,
    server_fingerprints: decoded([osFingerprint87]),
    ...emptyFingerprints('client_fingerprints', 'smb_fingerprints', 'dhcp_fingerprints'),
    ...SERVERS_PROTOCOLS_FIELDS,
    ...VLAN_CLIENTS_FIELDS,
  },
);

const hostProfile132 = blk(
  132,
  join(
    bytes().ipv4('10.9.8.7').u8(1).u8(1),
    fingerprintLists(5, osFingerprint130),
    SERVERS_PROTOCOLS_WIRE(),
    bytes().u8(1).u8(0), // mobile, jailbroken
    VLAN_CLIENTS_WIRE(),
  ),
  {
    host_ip_address: '10.9.8.7',
    hops: 1,
    primary_secondary: 1,
    server_fingerprints: decoded([osFingerprint130]),
    ...emptyFingerprints('client_fingerprints', 'smb_fingerprints', 'dhcp_fingerprints', 'mobile_device_fingerprints'),
    ...SERVERS_PROTOCOLS_FIELDS,
    mobile: 1,
    jailbroken: 0,
    ...VLAN_CLIENTS_FIELDS,
  },
);

const hostProfile139 = blk(
  139,
  join(
    bytes().hex(V6_A).u8(3).u8(0),
    fingerprintLists(9, osFingerprint130),
    SERVERS_PROTOCOLS_WIRE(),
    bytes().u8(0).u8(0),
    VLAN_CLIENTS_WIRE(),
  ),
  {
    host_ip_address: '2001:db8::a01',
    hops: 3,
    primary_secondary: 0,
    server_fingerprints: decoded([osFingerprint130]),
    ...emptyFingerprints(
      'client_fingerprints',
      'smb_fingerprints',
      'dhcp_fingerprints',
      'mobile_device_fingerprints',
      'ipv6_server_fingerprints',
      'ipv6_client_fingerprints',
      'ipv6_dhcp_fingerprints',
      'user_agent_fingerprints',
    ),
    ...SERVERS_PROTOCOLS_FIELDS,
    mobile: 0,
    jailbroken: 0,
    ...VLAN_CLIENTS_FIELDS,
  },
);

const operatingSystem53 = blk(53, bytes().u32(87).hex(uuid('5e')), { confidence: 87, os_uuid: uuid('5e') });

const vlan = blk(14, bytes().u16(300).u8(2).u8(6), { vlan_id: 300, vlan_type: 2, vlan_priority: 6 });
const netbiosName = stringInfo('WORKSTATION-7');
const banner = blk(37, bytes().u16(22).u8(6).block(10, bytes().hex('5353482d322e30')), {
  port: 22,
  ip_proto_id: 6,
  banner: '5353482d322e30', // "SSH-2.0"
});

const listItem = (id: number, name: string) => blk(39, bytes().u32(id).string(name), { attribute_id: id, name });
const attributeAddress = blk(38, bytes().u32(12).ipv4('172.16.0.0').u32(12), {
  attribute_id: 12,
  ip: '172.16.0.0',
  netmask_bits: 12,
});
const attributeDefinition = blk(
  55,
  join(
    bytes().u32(5).hex(uuid('a7')).u32(12).string('Compliance zone').u32(1).u32(2).u32(0).u32(100).ipv4('172.16.0.1'),
    listOf(31, [listItem(1, 'PCI'), listItem(2, 'HIPAA')]),
    listOf(31, [attributeAddress]),
  ),
  {
    source_id: 5,
    attribute_uuid: uuid('a7'),
    attribute_id: 12,
    attribute_name: 'Compliance zone',
    attribute_type: 1,
    category: 2,
    range_start: 0,
    range_end: 100,
    auto_assign_ip: '172.16.0.1',
    list_items: decoded([listItem(1, 'PCI'), listItem(2, 'HIPAA')]),
    auto_assign_networks: decoded([attributeAddress]),
  },
);
// The Attribute Value block (48) travels in full host profiles; here inside an attribute list.
const attributeValue = blk(48, bytes().u32(12).u32(2).u32(99).string('rack 4'), {
  attribute_id: 12,
  attribute_type: 2,
  int_value: 99,
  text_value: 'rack 4',
});

// ---- User input (event type 1002) ----

const fix = (id: number) => blk(67, bytes().u32(id), { fix_id: id });
const userProduct = blk(
  134,
  join(
    bytes().u32(7).u32(1), // source id, source type (user)
    listOf(31, [RANGE]),
    bytes().u16(3306).u16(6).u32(0),
    bytes().string('Oracle').string('MySQL').string('8.0.35'),
    bytes().u32(4400).u32(1111).u32(55).u32(66),
    bytes().string('8').string('0').string('35').string('8').string('0').string('36').string('1').string('p1').string('x'),
    bytes().hex(uuid('05')).string('rack server').u8(0).u8(0),
    listOf(31, [fix(9001), fix(9002)]),
  ),
  {
    source_id: 7,
    source_type_id: 1,
    ip_ranges: decoded([RANGE]),
    port: 3306,
    protocol: 6,
    drop_user_product: 0,
    custom_vendor: 'Oracle',
    custom_product: 'MySQL',
    custom_version: '8.0.35',
    software_id: 4400,
    app_proto_id: 1111,
    vendor_id: 55,
    product_id: 66,
    version_major: '8',
    version_minor: '0',
    revision: '35',
    to_version_major: '8',
    to_version_minor: '0',
    to_revision: '36',
    build: '1',
    patch: 'p1',
    extension: 'x',
    os_uuid: uuid('05'),
    device: 'rack server',
    mobile: 0,
    jailbroken: 0,
    fixes: decoded([fix(9001), fix(9002)]),
  },
);

const userProtocol = blk(57, join(listOf(31, [RANGE_V6]), listOf(31, [macSpec('00:50:56:00:00:01')]), bytes().u8(1).u16(132)), {
  ip_ranges: decoded([RANGE_V6]),
  mac_ranges: decoded([macSpec('00:50:56:00:00:01')]),
  protocol_type: 1,
  protocol: 132,
});
const userProtocolList = blk(83, join(bytes().u32(1).u32(8), listOf(31, [userProtocol])), {
  source_type_id: 1,
  source_id: 8,
  protocols: decoded([userProtocol]),
});

const userClientApp = blk(138, join(listOf(31, [RANGE]), bytes().u32(676).u32(1296).string('1.2').u32(0).u32(1121)), {
  ip_ranges: decoded([RANGE]),
  app_proto_id: 676,
  client_app_id: 1296,
  version: '1.2',
  payload_type: 0,
  web_app_id: 1121,
});
const userClientAppList = blk(60, join(bytes().u32(3).u32(4), listOf(31, [userClientApp])), {
  source_type_id: 3,
  source_id: 4,
  client_apps: decoded([userClientApp]),
});

const userHosts = blk(78, join(listOf(31, [RANGE]), listOf(31, [macSpec('00:50:56:00:00:02')]), bytes().u32(9).u32(1)), {
  ip_ranges: decoded([RANGE]),
  mac_ranges: decoded([macSpec('00:50:56:00:00:02')]),
  source_id: 9,
  source_type_id: 1,
});

const userServer = blk(76, join(listOf(31, [RANGE]), bytes().u16(8443).u16(6)), {
  ip_ranges: decoded([RANGE]),
  port: 8443,
  protocol: 6,
});
const userServerList = blk(77, join(bytes().u32(1).u32(10), listOf(31, [userServer])), {
  source_type_id: 1,
  source_id: 10,
  servers: decoded([userServer]),
});

const userVulnerability = blk(
  124,
  join(listOf(31, [RANGE]), bytes().u16(445).u16(6).u32(2045).hex(uuid('0b')).string('SMB remote code execution').u32(0).u32(0).string('')),
  {
    ip_ranges: decoded([RANGE]),
    port: 445,
    protocol: 6,
    vuln_id: 2045,
    third_party_vuln_uuid: uuid('0b'),
    vuln_name: 'SMB remote code execution',
    client_app_id: 0,
    app_proto_id: 0,
    version: '',
  },
);
const userVulnerabilityChange = blk(80, join(bytes().u32(11).u32(1).u32(0), listOf(31, [userVulnerability])), {
  source_id: 11,
  source_type_id: 1,
  vuln_type: 0,
  vulnerabilities: decoded([userVulnerability]),
});

const userCriticality = blk(81, join(listOf(31, [RANGE]), bytes().u32(12).u32(1).u32(3)), {
  ip_ranges: decoded([RANGE]),
  source_id: 12,
  source_type_id: 1,
  criticality_id: 3,
});

const userAttributeValue = blk(82, join(listOf(31, [RANGE]), bytes().u32(13).u32(1).u32(12).block(10, bytes().hex('7261636b2034'))), {
  ip_ranges: decoded([RANGE]),
  source_id: 13,
  source_type_id: 1,
  attribute_id: 12,
  value: '7261636b2034', // BLOB "rack 4", as hex
});

const scanVulnerability = blk(
  109,
  join(
    bytes().u16(80).u16(6).string('QID-38170').string('SSL weak ciphers').string('<p>weak</p>').string('SSL weak ciphers').string('weak'),
    listOf(31, [integer(58690)]),
    listOf(31, [stringInfo('CVE-2013-2566')]),
  ),
  {
    port: 80,
    protocol: 6,
    vuln_id: 'QID-38170',
    name: 'SSL weak ciphers',
    description: '<p>weak</p>',
    name_clean: 'SSL weak ciphers',
    description_clean: 'weak',
    bugtraq_ids: decoded([integer(58690)]),
    cve_ids: decoded([stringInfo('CVE-2013-2566')]),
  },
);
const genericScanResult = blk(108, bytes().u16(80).u16(6).string('HTTP').string('<b>nginx</b>').string('HTTP').string('nginx'), {
  port: 80,
  protocol: 6,
  sub_server: 'HTTP',
  value: '<b>nginx</b>',
  sub_server_unformatted: 'HTTP',
  value_unformatted: 'nginx',
});
const scanResult = blk(
  142,
  join(
    bytes().u32(2).u32(4).mapped('10.0.0.5').u16(80).u16(6).u16(1),
    listOf(31, [scanVulnerability]),
    listOf(31, [genericScanResult]),
    listOf(31, [userProduct]),
  ),
  {
    user_id: 2,
    scan_type_id: 4,
    ip_address: '10.0.0.5',
    port: 80,
    protocol: 6,
    flag: 1,
    vulnerabilities: decoded([scanVulnerability]),
    scan_results: decoded([genericScanResult]),
    user_products: decoded([userProduct]),
  },
);

const identity = blk(94, bytes().u32(2).u32(6).hex(uuid('1d')).u16(25).u16(6).u32(77), {
  source_type_id: 2,
  source_id: 6,
  identity_uuid: uuid('1d'),
  port: 25,
  ip_proto_id: 6,
  server_map: 77,
});

const iocState = blk(
  150,
  bytes()
    .u32(41)
    .u8(0)
    .u32(1699990000)
    .u32(501)
    .u32(3)
    .u16(2)
    .u32(1699989990)
    .u16(7)
    .u32(1700000000)
    .u32(777)
    .u16(2)
    .u32(1699999990)
    .u16(9),
  {
    ioc_id: 41,
    disabled: 0,
    first_seen: 1699990000,
    first_event_id: 501,
    first_device_id: 3,
    first_instance_id: 2,
    first_connection_time: 1699989990,
    first_counter: 7,
    last_seen: 1700000000,
    last_event_id: 777,
    last_instance_id: 2,
    last_connection_time: 1699999990,
    last_counter: 9,
  },
);

// ---- The records ----

interface Case {
  record: number;
  event: Event;
  /** What follows the discovery header (none for 106, which has no header). */
  payload: Bytes;
  fields: Fields;
  blockType?: number;
  noHeader?: boolean;
}
const withBlock = (record: number, event: Event, b: Block): Case => ({
  record,
  event,
  payload: wire(b),
  fields: b.fields,
  blockType: b.type,
});
const withFields = (record: number, event: Event, payload: Bytes, fields: Fields): Case => ({ record, event, payload, fields });

const cases: Case[] = [
  withBlock(10, [1000, 1], hostProfile91),
  withBlock(10, [1000, 1], hostProfile132),
  withBlock(10, [1000, 1], hostProfile139),
  withBlock(11, [1000, 2], hostServer(443)),
  withBlock(12, [1000, 6], hostServer(161)),
  withFields(13, [1000, 3], bytes().u16(0x86dd), { net_proto_id: 0x86dd }),
  withFields(14, [1000, 4], bytes().u8(132), { ip_proto_id: 132 }),
  withBlock(15, [1000, 7], hostClientApp),
  withBlock(16, [1001, 6], hostServer(8080)),
  withBlock(17, [1001, 10], hostServer(514)),
  withBlock(18, [1001, 2], operatingSystem53),
  withBlock(18, [1001, 2], osFingerprint130),
  withFields(19, [1001, 7], bytes(), {}),
  withFields(20, [1001, 3], bytes(), {}),
  withFields(21, [1001, 19], bytes(), {}),
  withFields(22, [1001, 5], bytes().u8(4), { hops: 4 }),
  withFields(23, [1001, 8], bytes().u16(3389), { port: 3389 }),
  withFields(24, [1001, 9], bytes().u16(69), { port: 69 }),
  withFields(25, [1001, 11], bytes().u16(8443), { port: 8443 }),
  withFields(26, [1001, 12], bytes().u16(1900), { port: 1900 }),
  withBlock(27, [1001, 13], hostMac('00:1a:2b:3c:4d:60', 1700000010)),
  withBlock(28, [1001, 14], hostMac('00:1a:2b:3c:4d:61', 1700000011)),
  withFields(29, [1001, 1], bytes().hex(V6_A), { new_ip_address: '2001:db8::a01' }),
  withFields(31, [1001, 16], bytes().u32(2), { host_type: 2 }),
  withBlock(34, [1001, 18], vlan),
  withBlock(35, [1001, 20], hostClientApp),
  withBlock(42, [1001, 21], netbiosName),
  withFields(44, [1001, 23], bytes(), {}),
  withBlock(45, [1001, 24], banner),
  withBlock(46, [1002, 6], attributeDefinition),
  withBlock(47, [1002, 7], attributeDefinition),
  withBlock(48, [1002, 8], attributeDefinition),
  withBlock(51, [1001, 25], hostServer(21)),
  withBlock(52, [1001, 26], hostServer(123)),
  withBlock(53, [1001, 27], operatingSystem53),
  withBlock(74, [1002, 16], userProduct),
  withBlock(75, [1002, 19], userProduct),
  withBlock(76, [1002, 14], userProtocolList),
  withBlock(77, [1002, 15], userClientAppList),
  withBlock(78, [1002, 20], userHosts),
  withBlock(79, [1002, 21], userServerList),
  withBlock(80, [1002, 22], userVulnerabilityChange),
  withBlock(81, [1002, 23], userVulnerabilityChange),
  withBlock(82, [1002, 24], userCriticality),
  withBlock(83, [1002, 25], userAttributeValue),
  withBlock(84, [1002, 26], userAttributeValue),
  withBlock(85, [1002, 27], userHosts),
  withBlock(86, [1002, 28], userProduct),
  withBlock(87, [1002, 29], userClientAppList),
  withBlock(88, [1002, 30], userProtocolList),
  withBlock(89, [1002, 11], scanResult),
  withBlock(101, [1000, 8], osFingerprint130),
  withBlock(102, [1001, 29], identity),
  withBlock(103, [1001, 30], identity),
  withBlock(107, [1001, 32], hostClientApp),
  withBlock(160, [1008, 1], integer(41)),
  withBlock(160, [1008, 1], iocState),
  {
    record: 106,
    event: [0, 0],
    noHeader: true,
    payload: bytes()
      .u32(38170)
      .u32(2)
      .u32(16)
      .raw(Buffer.from('SSL weak ciphers'))
      .u32(5)
      .raw(Buffer.from('weak.'))
      .u32(13)
      .raw(Buffer.from('CVE-2013-2566'))
      .u32(5)
      .raw(Buffer.from('58690')),
    fields: {
      id: 38170,
      scanner_type: 2,
      title: 'SSL weak ciphers',
      description: 'weak.',
      cve_id: 'CVE-2013-2566',
      bugtraq_id: '58690',
    },
  },
];

for (const c of cases) {
  test(`record ${c.record}${c.blockType === undefined ? '' : ` with block ${c.blockType}`}`, () => {
    const body = (c.noHeader ? c.payload : header(c.event).raw(c.payload.build())).build();
    const d = decoder.decode(frame(c.record, body));
    assert.equal(d.def?.type, c.record);
    assert.equal(d.blockType, c.blockType ?? 0);
    assert.equal(d.unknownBlock, false);
    assert.deepEqual(d.fields, c.noHeader ? c.fields : { ...headerFields(c.event), ...c.fields });

    // Round trip: our encoder writes every list as type 11 and zero file number/position, so the
    // bytes differ there; the length and the decoded values must not.
    const again = encoder.encodeRecord(layouts.record(c.record)!, d.fields, c.blockType);
    assert.equal(again.length, body.length);
    assert.deepEqual(decoder.decode(frame(c.record, again)).fields, d.fields);

    for (let cut = 0; cut < body.length; cut++) {
      assert.throws(() => decoder.decode(frame(c.record, Buffer.from(body.subarray(0, cut)))), MalformedRecordError, `cut at ${cut}`);
    }
  });
}

test('every discovery record and block of the table has a vector here', () => {
  const records = new Set(cases.map((c) => c.record));
  const blocks = new Set<number>([attributeValue.type]); // 48: tested on its own below
  const collect = (f: Fields) => {
    for (const v of Object.values(f)) {
      if (!Array.isArray(v)) continue;
      for (const item of v) {
        blocks.add(item.block_type as number);
        collect(item);
      }
    }
  };
  for (const c of cases) {
    if (c.blockType !== undefined) blocks.add(c.blockType);
    collect(c.fields);
  }
  for (const r of discoveryRecords) {
    assert.ok(records.has(r.type), `record ${r.type}`);
    for (const b of r.blocks ?? []) assert.ok(blocks.has(b), `record ${r.type} block ${b}`);
  }
  for (const b of discoveryBlocks) assert.ok(blocks.has(b.type), `block ${b.type}`);
});

test('Attribute Value block (48), which only full host profiles carry, as a list item', () => {
  // A miniature record whose one field is a list, over the project's blocks.
  const registry = new LayoutRegistry([{ type: 9999, name: 'Test', simple: 'TEST', category: 'discovery', fields: [['attributes', list(1)]] }]);
  const body = listOf(11, [attributeValue]).build();
  const d = new RecordDecoder(registry).decode(frame(9999, body));
  assert.deepEqual(d.fields, { attributes: decoded([attributeValue]) });
  const again = new RecordEncoder(registry).encodeRecord(registry.record(9999)!, d.fields);
  assert.equal(again.toString('hex'), body.toString('hex'));
});

// ---- Decorations (decorations/discovery.ts) ----

const NAMES: Record<string, Record<string, unknown>> = {
  sensor: { 3: 'ftd-branch-3' },
  client_app: { 1296: 'Firefox' },
  application: { 676: 'HTTPS', 1111: 'MySQL' },
  network_protocol: { 34525: 'IPv6' },
  os_fingerprint: { [uuid('5e')]: { os_name_data: 'Windows', os_vendor_data: 'Microsoft', os_version_data: '11' } },
  system_user: { 7: 'admin' },
  ioc: { 41: { category: 'CnC Connected', event_type: 'Intrusion Event' } },
};
const decorator = new Decorator({
  lookup: (table, key) => NAMES[table]?.[key] ?? BUILTIN_TABLES.get(table)?.get(key),
});
const decorate = (c: Case): Fields => {
  const body = header(c.event).raw(c.payload.build()).build();
  return decorator.decorate(decoder.decode(frame(c.record, body)));
};
const find = (record: number, blockType?: number) => cases.find((c) => c.record === record && (blockType === undefined || c.blockType === blockType))!;

test('discovery decorations: sensor, event description, applications, protocols, OS, source, IOC', () => {
  const newServer = decorate(find(11));
  assert.equal(newServer.sensor, 'ftd-branch-3');
  assert.equal(newServer.event_desc, 'New TCP Service');
  assert.equal(newServer.app_proto, 'HTTPS');

  const client = decorate(find(15));
  assert.equal(client.client_app, 'Firefox');
  assert.equal(client.app_proto, 'HTTPS');
  assert.deepEqual(Object.keys(client).slice(-6, -2), ['client_id', 'client_app', 'app_proto_id', 'app_proto']);

  assert.equal(decorate(find(13)).net_proto, 'IPv6');
  assert.equal(decorate(find(14)).ip_proto, 'SCTP'); // the built-in IP protocol table

  const os = decorate(find(18, 53));
  assert.deepEqual([os.os_name, os.os_vendor, os.os_ver], ['Windows', 'Microsoft', '11']);
  assert.equal(decorate(find(18, 130)).os_name, undefined); // unknown fingerprint: nothing printed

  const product = decorate(find(74));
  assert.deepEqual([product.source_type, product.source, product.app_proto], [1, 'admin', 'MySQL']);

  const ioc = decorate(find(160, 7));
  assert.deepEqual([ioc.ioc_category, ioc.ioc_event_type], ['CnC Connected', 'Intrusion Event']);
  assert.equal(decorate(find(160, 150)).ioc_category, 'CnC Connected');
});
