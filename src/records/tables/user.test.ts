// User activity records 92-95 and VPN records 170/171 with every User Information (120, 155) and
// User Login Information (121, 127, 159, 165, 167) block version and the VPN Session block (166),
// built field by field from the guide's layouts (protocol.md §6.8; Integration Guide 5.3
// p.377-381, p.566) with test/bytes.ts. Each is decoded and checked value by value, re-encoded and
// decoded again, and cut at every byte.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytes, type Bytes } from '../../../test/bytes';
import { MalformedRecordError } from '../../protocol/errors';
import { recordFrame } from '../../protocol/messages';
import { BUILTIN_TABLES } from '../../metadata/builtin';
import { Decorator } from '../../metadata/decorator';
import { RecordDecoder, type Fields } from '../decoder';
import { RecordEncoder } from '../encoder';
import { layouts } from '../registry';
import { blocks as userBlocks, records as userRecords } from './user';

const decoder = new RecordDecoder(layouts);
const encoder = new RecordEncoder(layouts);

const frame = (recordType: number, body: Buffer) => recordFrame(recordType, body, 1700001999);

/** Discovery event header (protocol.md §5.3) of a user event, Has-IPv6 set. */
const header = (subtype: number): Bytes =>
  bytes()
    .u32(5) // Device ID
    .ipv4('0.0.0.0')
    .hex('00:50:56:aa:bb:cc')
    .u8(1) // Has IPv6
    .u8(0)
    .u32(1700001000) // Event second
    .u32(42) // Event microsecond
    .u32(1004) // Event type: user
    .u32(subtype)
    .u32(0x11) // File number (skipped)
    .u32(0x22) // File position (skipped)
    .mapped('10.20.30.40');

const headerFields = (subtype: number): Fields => ({
  device_id: 5,
  legacy_ip: '0.0.0.0',
  mac_address: '00:50:56:aa:bb:cc',
  has_ipv6: 1,
  event_sec: 1700001000,
  event_usec: 42,
  event_type: 1004,
  event_subtype: subtype,
  src_host: '10.20.30.40',
});

// ---- User Information: 120 (5.x) and 155 (6.0+) ----

const userInformation120 = {
  body: bytes()
    .u32(1401) // User ID
    .string('jdoe')
    .u32(710) // Protocol: LDAP
    .string('Jane')
    .string('Doe')
    .string('jdoe@example.com')
    .string('Finance')
    .string('+1 555 0100'),
  fields: {
    user_id: 1401,
    username: 'jdoe',
    protocol_id: 710,
    first_name: 'Jane',
    last_name: 'Doe',
    email: 'jdoe@example.com',
    department: 'Finance',
    phone: '+1 555 0100',
  },
};

const userInformation155 = {
  body: bytes()
    .u32(1402) // User ID
    .string('asmith')
    .u32(2) // Realm ID
    .u32(710) // Protocol
    .string('Alex')
    .string('Smith')
    .string('asmith@example.com')
    .string('IT')
    .string('')
    .u32(31) // Endpoint Profile ID
    .u32(47) // Security Group ID
    .hex('20010db8000000000000000000000c01'), // Location IPv6 Address
  fields: {
    user_id: 1402,
    username: 'asmith',
    realm_id: 2,
    protocol_id: 710,
    first_name: 'Alex',
    last_name: 'Smith',
    email: 'asmith@example.com',
    department: 'IT',
    phone: '',
    endpoint_profile_id: 31,
    security_group_id: 47,
    location_ipv6: '2001:db8::c01',
  },
};

// ---- User Login Information: 121, 127, 159, 165, 167 ----

/** Timestamp, IPv4 address and username start every version. */
const loginHead = (b: Bytes) => b.u32(1700000990).ipv4('10.20.30.40').string('jdoe');
const LOGIN_HEAD = { timestamp: 1700000990, ipv4: '10.20.30.40', username: 'jdoe' };

const login121 = {
  body: loginHead(bytes()).u32(1401).u32(710).string('jdoe@example.com'),
  fields: { ...LOGIN_HEAD, user_id: 1401, client_app_id: 710, email: 'jdoe@example.com' },
};

const login127 = {
  body: loginHead(bytes())
    .u32(1401) // User ID
    .u32(710) // Application ID
    .string('jdoe@example.com')
    .hex('20010db8000000000000000000000d01') // IPv6 Address
    .u8(1) // Login Type
    .string('dc01.example.com'), // Reported By
  fields: {
    ...LOGIN_HEAD,
    user_id: 1401,
    client_app_id: 710,
    email: 'jdoe@example.com',
    ipv6: '2001:db8::d01',
    login_type: 1,
    reported_by: 'dc01.example.com',
  },
};

/** 6.0+: domain, then user, realm, endpoint profile and security group ids. */
const domainAndIds = (b: Bytes) => b.string('EXAMPLE').u32(1401).u32(2).u32(31).u32(47);
const DOMAIN_AND_IDS = { domain: 'EXAMPLE', user_id: 1401, realm_id: 2, endpoint_profile_id: 31, security_group_id: 47 };
/** 6.1+: port, range start, start port, end port. */
const ports = (b: Bytes) => b.u16(3389).u16(1).u16(1024).u16(1535);
const PORTS = { port: 3389, range_start: 1, start_port: 1024, end_port: 1535 };
/** 6.0+ tail: email, IPv6 and location IPv6, login and authentication type, Reported By. */
const addressesTypes = (b: Bytes) =>
  b
    .string('jdoe@example.com')
    .mapped('10.20.30.40')
    .hex('20010db8000000000000000000000e01')
    .u8(0) // Login Type
    .u8(1) // Authentication Type: passive
    .string('ise.example.com');
const ADDRESSES_TYPES = {
  email: 'jdoe@example.com',
  ipv6: '10.20.30.40',
  location_ipv6: '2001:db8::e01',
  login_type: 0,
  user_auth_type_id: 1,
  reported_by: 'ise.example.com',
};

const login159 = {
  body: addressesTypes(domainAndIds(loginHead(bytes())).u32(547).u32(710)),
  fields: { ...LOGIN_HEAD, ...DOMAIN_AND_IDS, client_app_id: 547, protocol_id: 710, ...ADDRESSES_TYPES },
};

const login165 = {
  body: addressesTypes(ports(domainAndIds(loginHead(bytes())).u32(547).u32(710))),
  fields: { ...LOGIN_HEAD, ...DOMAIN_AND_IDS, client_app_id: 547, protocol_id: 710, ...PORTS, ...ADDRESSES_TYPES },
};

/** One VPN Session (166), with the block header every list item has. */
const vpnSession = (index: number, clientIp: Bytes) =>
  bytes().block(
    166,
    bytes()
      .u32(index)
      .u8(3) // VPN Type: AnyConnect SSL
      .string('GP-Employees') // Group Policy
      .string('RA-Profile') // Connection Profile
      .raw(clientIp.build()) // Client IP
      .u16(276) // Country Code
      .string('Windows 11') // Client OS
      .string('AnyConnect Windows 4.10.07061') // Client Application
      .u32(3600) // Connection Duration
      .u64(123456789012n) // Bytes Transmitted
      .u64(9876543210n), // Bytes Received
  );
const SESSION_FIELDS = {
  block_type: 166,
  vpn_type_id: 3,
  vpn_policy: 'GP-Employees',
  vpn_profile: 'RA-Profile',
  country_code: 276,
  client_os: 'Windows 11',
  client_app: 'AnyConnect Windows 4.10.07061',
  duration: 3600,
  bytes_transmitted: 123456789012,
  bytes_received: 9876543210,
};

const login167 = (sessions: Bytes[], sessionFields: Fields[]) => {
  const list = bytes();
  for (const s of sessions) list.raw(s.build());
  return {
    body: addressesTypes(ports(domainAndIds(loginHead(bytes())).u32(710)))
      .string('VPN login')
      .block(11, list),
    fields: {
      ...LOGIN_HEAD,
      ...DOMAIN_AND_IDS,
      protocol_id: 710,
      ...PORTS,
      ...ADDRESSES_TYPES,
      description: 'VPN login',
      vpn_sessions: sessionFields,
    },
  };
};
/** 170/171 print block 167's IPv6 address under eNcore's key for them. */
const vpnKeys = ({ ipv6, ...rest }: Fields): Fields => ({ ...rest, ipv6Address: ipv6 });
const loginVpn = login167(
  [vpnSession(1, bytes().mapped('203.0.113.9')), vpnSession(2, bytes().hex('20010db8000000000000000000000f01'))],
  [
    { ...SESSION_FIELDS, index: 1, client_ip: '203.0.113.9' },
    { ...SESSION_FIELDS, index: 2, client_ip: '2001:db8::f01' },
  ],
);
const loginNoVpn = login167([], []);

// ---- The records ----

interface Case {
  record: number;
  subtype: number;
  blockType: number;
  block: { body: Bytes; fields: Fields };
}

const cases: Case[] = [
  { record: 92, subtype: 4, blockType: 155, block: userInformation155 },
  { record: 93, subtype: 3, blockType: 155, block: userInformation155 },
  { record: 94, subtype: 1, blockType: 120, block: userInformation120 },
  { record: 94, subtype: 1, blockType: 155, block: userInformation155 },
  { record: 95, subtype: 2, blockType: 121, block: login121 },
  { record: 95, subtype: 2, blockType: 127, block: login127 },
  { record: 95, subtype: 2, blockType: 159, block: login159 },
  { record: 95, subtype: 2, blockType: 165, block: login165 },
  { record: 95, subtype: 2, blockType: 167, block: loginNoVpn },
  { record: 170, subtype: 2, blockType: 167, block: { ...loginVpn, fields: vpnKeys(loginVpn.fields) } },
  { record: 171, subtype: 2, blockType: 167, block: { ...loginVpn, fields: vpnKeys(loginVpn.fields) } },
];

const bodyOf = (c: Case) => header(c.subtype).block(c.blockType, c.block.body).build();

for (const c of cases) {
  test(`record ${c.record} with block ${c.blockType}`, () => {
    const body = bodyOf(c);
    const d = decoder.decode(frame(c.record, body));
    assert.equal(d.def?.type, c.record);
    assert.equal(d.def?.category, 'user');
    assert.equal(d.blockType, c.blockType);
    assert.equal(d.unknownBlock, false);
    assert.deepEqual(d.fields, { ...headerFields(c.subtype), ...c.block.fields });

    // Our encoder writes zero file number/position; everything else must come out the same.
    const again = encoder.encodeRecord(layouts.record(c.record)!, d.fields, c.blockType);
    assert.equal(again.length, body.length);
    assert.equal(again.subarray(44).toString('hex'), body.subarray(44).toString('hex'));
    assert.deepEqual(decoder.decode(frame(c.record, again)).fields, d.fields);

    for (let cut = 0; cut < body.length; cut++) {
      assert.throws(() => decoder.decode(frame(c.record, Buffer.from(body.subarray(0, cut)))), MalformedRecordError, `cut at ${cut}`);
    }
  });
}

test('every user record and block version has a vector here', () => {
  for (const r of userRecords) {
    assert.ok(cases.some((c) => c.record === r.type), `record ${r.type}`);
    for (const b of r.blocks ?? []) assert.ok(cases.some((c) => c.blockType === b), `record ${r.type} block ${b}`);
  }
  const tested = new Set([...cases.map((c) => c.blockType), 166]);
  for (const b of userBlocks) assert.ok(tested.has(b.type), `block ${b.type}`);
  assert.deepEqual(
    userRecords.map((r) => [r.type, r.simple]),
    [[92, 'RUA'], [93, 'RUA'], [94, 'RUA'], [95, 'RUA'], [170, 'VPN'], [171, 'VPN']],
  );
});

// ---- VPN sessions without block headers, as eNcore read them (ListType.bare) ----

/** A session's fields alone: the block built with its header, the header cut off. */
const bareSession = (index: number, clientIp: Bytes) => bytes().raw(vpnSession(index, clientIp).build().subarray(8));

for (const record of [170, 171]) {
  test(`record ${record}: VPN sessions without their block headers decode as those with them`, () => {
    const bare = login167([bareSession(1, bytes().mapped('203.0.113.9')), bareSession(2, bytes().hex('20010db8000000000000000000000f01'))], []);
    const body = header(2).block(167, bare.body).build();
    assert.deepEqual(decoder.decode(frame(record, body)).fields, decoder.decode(frame(record, bodyOf(find(record, 167)))).fields);
    for (let cut = 0; cut < body.length; cut++) {
      assert.throws(() => decoder.decode(frame(record, Buffer.from(body.subarray(0, cut)))), MalformedRecordError, `cut at ${cut}`);
    }
  });
}

test('a header-less VPN session whose index is 166 is not taken for a header: the length after it does not fit', () => {
  const bare = login167([bareSession(166, bytes().mapped('203.0.113.9'))], []);
  const sessions = decoder.decode(frame(170, header(2).block(167, bare.body).build())).fields.vpn_sessions as Fields[];
  assert.deepEqual(sessions, [{ ...SESSION_FIELDS, index: 166, client_ip: '203.0.113.9' }]);
});

test('a list of the two forms mixed reads each session by what it starts with', () => {
  const mixed = login167([vpnSession(1, bytes().mapped('203.0.113.9')), bareSession(2, bytes().mapped('203.0.113.10'))], []);
  const sessions = decoder.decode(frame(171, header(2).block(167, mixed.body).build())).fields.vpn_sessions as Fields[];
  assert.deepEqual(sessions.map((f) => [f.index, f.client_ip]), [[1, '203.0.113.9'], [2, '203.0.113.10']]);
});

// ---- Decorations (decorations/user.ts) ----

const NAMES: Record<string, Record<string, unknown>> = {
  sensor: { 5: 'ftd-hq-5' },
  user: { 1401: 'EXAMPLE\\jdoe' },
  realm: { 2: 'EXAMPLE-AD' },
  endpoint_profile: { 31: 'Windows11-Workstation' },
  security_group: { 47: 'Employees' },
  application: { 547: 'AOL Instant Messenger' },
};
const decorator = new Decorator({ lookup: (table, key) => NAMES[table]?.[key] ?? BUILTIN_TABLES.get(table)?.get(key) });
const decorate = (c: Case) => decorator.decorate(decoder.decode(frame(c.record, bodyOf(c))));
const find = (record: number, blockType: number) => cases.find((c) => c.record === record && c.blockType === blockType)!;

test('user decorations: user, realm, protocol, identity context, application, authentication', () => {
  const login = decorate(find(95, 165));
  assert.equal(login.sensor, 'ftd-hq-5');
  assert.equal(login.event_desc, 'User Login Information');
  assert.equal(login.user, 'EXAMPLE\\jdoe');
  assert.equal(login.realm, 'EXAMPLE-AD');
  assert.equal(login.protocol, 'LDAP');
  assert.equal(login.endpoint_profile, 'Windows11-Workstation');
  assert.equal(login.security_group, 'Employees');
  assert.equal(login.client_app, 'AOL Instant Messenger');
  assert.equal(login.user_auth_type, 'Passive Authentication, AD Agent, or ISE Session');
  // Each name right after its id.
  const keys = Object.keys(login);
  assert.equal(keys[keys.indexOf('user_id') + 1], 'user');
  assert.equal(keys[keys.indexOf('realm_id') + 1], 'realm');

  // A user the table does not know yet is named by the event's own username.
  const newUser = decorate(find(94, 155));
  assert.equal(newUser.user, 'asmith');
  assert.equal(newUser.security_group, 'Employees');
});

test('VPN decorations: the first session at the top level, as eNcore printed it', () => {
  const vpn = decorate(find(170, 167));
  assert.equal(vpn.rec_type_simple, 'VPN');
  assert.equal(vpn.vpn_type, 'AnyConnect SSL');
  assert.deepEqual(
    [vpn.index, vpn.vpn_policy, vpn.client_ip, vpn.country_code, vpn.client_os, vpn.client_app, vpn.duration],
    [1, 'GP-Employees', '203.0.113.9', 276, 'Windows 11', 'AnyConnect Windows 4.10.07061', 3600],
  );
  assert.deepEqual([vpn.bytes_transmitted, vpn.bytes_received], [123456789012, 9876543210]);
  assert.equal((vpn.vpn_sessions as Fields[]).length, 2);

  const noSession = decorate(find(95, 167));
  assert.equal(noSession.vpn_type, undefined);
  assert.equal(noSession.index, undefined);
});
