// User activity (RUA) events: 92 user dropped, 93 user removed, 94 new user identity (a User
// Information block: 120 in 5.x, 155 since 6.0), 95 user login (a User Login Information block:
// 121 in 5.0, 127 in 5.1-5.4, 159 in 6.0, 165 in 6.1, 167 since 6.2), and the VPN login/logoff
// events 170/171 (6.2+: block 167 with its list of VPN Session blocks 166). Each is the discovery
// event header followed by the block, merged into the record and dispatched on its type.
//
// Field names are eNcore's Splunk keys (`username`, `email`, `timestamp`, `ipv4`, `ipv6`,
// `login_type`, `reported_by`, `domain`, `range_start` …); ids eNcore printed as names are
// `<key>_id` here (`user_id`, `realm_id`, `protocol_id`, `user_auth_type_id` …) and
// decorations/user.ts adds the names. eNcore printed block 167's IPv6 address as `ipv6` for 95 but
// `ipv6Address` for 170/171; so do the records here (170/171 rename it).

import { DISCOVERY_HEADER } from './common';
import { inline, list, type BlockDef, type Field, type RecordDef } from '../schema';

// ---- User Information (94 and the other user change events) ----

const USER_ID_NAME: readonly Field[] = [
  ['user_id', 'u32'],
  ['username', 'string'],
];
const USER_PROTOCOL: Field = ['protocol_id', 'u32']; // the protocol the user was seen with (user_protocol table)
const USER_DETAILS: readonly Field[] = [
  ['first_name', 'string'],
  ['last_name', 'string'],
  ['email', 'string'],
  ['department', 'string'],
  ['phone', 'string'],
];

/** Identity services context of 6.0+: the user's realm, ISE endpoint profile and security group. */
const REALM: Field = ['realm_id', 'u32'];
const PROFILE_GROUP: readonly Field[] = [
  ['endpoint_profile_id', 'u32'],
  ['security_group_id', 'u32'],
];
const LOCATION: Field = ['location_ipv6', 'ipv6']; // ISE location address

// ---- User Login Information (95, 170, 171) ----

const LOGIN_HEAD: readonly Field[] = [
  ['timestamp', 'u32'],
  ['ipv4', 'ipv4'], // where the user logged in
  ['username', 'string'],
];
/** 6.0+: the domain after the username, then the ids of the user and its identity context. */
const DOMAIN_AND_IDS_60: readonly Field[] = [['domain', 'string'], ['user_id', 'u32'], REALM, ...PROFILE_GROUP];
/** The application protocol the login was seen in (eNcore: `client_app`). */
const APPLICATION: Field = ['client_app_id', 'u32'];
/** 6.1+: the ports of the login (port range assigned by a terminal server agent). */
const PORTS_61: readonly Field[] = [
  ['port', 'u16'],
  ['range_start', 'u16'],
  ['start_port', 'u16'],
  ['end_port', 'u16'],
];
/** 6.0+ tail: addresses, login and authentication type, and the reporting identity source. */
const ADDRESSES_TYPES_60: readonly Field[] = [
  ['email', 'string'],
  ['ipv6', 'ipv6'],
  LOCATION,
  ['login_type', 'u8'],
  ['user_auth_type_id', 'u8'],
  ['reported_by', 'string'],
];

export const blocks: BlockDef[] = [
  {
    series: 1,
    type: 120,
    name: 'User Information Data Block 5.0+',
    fields: [...USER_ID_NAME, USER_PROTOCOL, ...USER_DETAILS],
    source: 'Integration Guide 5.3 p.377-378 "User Information Data Block Fields"; Perl SDK SFRNABlocks index 75 (4.x, same fields)',
  },
  {
    series: 1,
    type: 121,
    name: 'User Login Information Data Block 5.0-5.0.2',
    fields: [...LOGIN_HEAD, ['user_id', 'u32'], APPLICATION, ['email', 'string']],
    // 5.1's block 127 appends the IPv6 address, login type and Reported By to these fields.
    source: 'Integration Guide 5.3 p.566 "User Login Information Data Block Fields 5.0 - 5.0.2"',
  },
  {
    series: 1,
    type: 127,
    name: 'User Login Information Data Block 5.1+',
    fields: [
      ...LOGIN_HEAD,
      ['user_id', 'u32'],
      APPLICATION,
      ['email', 'string'],
      ['ipv6', 'ipv6'],
      ['login_type', 'u8'],
      ['reported_by', 'string'], // the Active Directory server that reported the login
    ],
    source: 'Integration Guide 5.3 p.378-381 "User Login Information Data Block 5.1+"',
  },
  {
    series: 1,
    type: 155,
    name: 'User Information Data Block 6.0+',
    fields: [...USER_ID_NAME, REALM, USER_PROTOCOL, ...USER_DETAILS, ...PROFILE_GROUP, LOCATION],
    source: 'protocol.md §6.8 (User Information block 155)',
  },
  {
    series: 1,
    type: 159,
    name: 'User Login Information Data Block 6.0',
    fields: [...LOGIN_HEAD, ...DOMAIN_AND_IDS_60, APPLICATION, USER_PROTOCOL, ...ADDRESSES_TYPES_60],
    source: "protocol.md §6.8 (block 159, 6.0); eNcore's definition of block 159",
  },
  {
    series: 1,
    type: 165,
    name: 'User Login Information Data Block 6.1',
    fields: [...LOGIN_HEAD, ...DOMAIN_AND_IDS_60, APPLICATION, USER_PROTOCOL, ...PORTS_61, ...ADDRESSES_TYPES_60],
    source: "protocol.md §6.8 (block 165, 6.1); eNcore's definition of block 165",
  },
  {
    // One VPN session of a login/logoff. Every list item carries a block header, but eNcore read
    // these without one, and no capture settles which form the FMC sends: block 167's list takes
    // both (see its vpn_sessions). The fields are eNcore's. The 6.2+ guide pages were not readable.
    series: 1,
    type: 166,
    name: 'VPN Session Data Block 6.2+',
    fields: [
      ['index', 'u32'],
      ['vpn_type_id', 'u8'], // vpn_type table: AnyConnect SSL, site to site IKEv2 …
      ['vpn_policy', 'string'], // group policy
      ['vpn_profile', 'string'], // connection profile
      ['client_ip', 'ipv6'],
      ['country_code', 'u16'],
      ['client_os', 'string'],
      ['client_app', 'string'], // the VPN client software, as text
      ['duration', 'u32'], // connection duration, seconds
      ['bytes_transmitted', 'u64'],
      ['bytes_received', 'u64'],
    ],
    source: "protocol.md §6.8 (caution on 166); eNcore's definition of block 166, read with or without the list item's block header",
  },
  {
    series: 1,
    type: 167,
    name: 'User Login Information Data Block 6.2+',
    // 6.2 drops the application id of 159/165 and appends a description and the VPN sessions.
    fields: [
      ...LOGIN_HEAD,
      ...DOMAIN_AND_IDS_60,
      USER_PROTOCOL,
      ...PORTS_61,
      ...ADDRESSES_TYPES_60,
      ['description', 'string'],
      // VPN Session blocks (166): with their block header, or without it as eNcore read them.
      ['vpn_sessions', list(1, 166)],
    ],
    source: 'protocol.md §6.8 "Block 167" table',
  },
];

const user = (type: number, name: string, simple: string, known: readonly number[], source: string, keys?: Record<string, string>): RecordDef => ({
  type,
  name,
  simple,
  category: 'user',
  fields: [...DISCOVERY_HEADER, ['', inline(1, keys)]],
  blocks: known,
  source,
});

const USER_INFORMATION = [120, 155];
/** eNcore's key for block 167's IPv6 address in the VPN records. */
const VPN_KEYS = { ipv6: 'ipv6Address' };
const SEC_6_8 = 'protocol.md §6.8; Integration Guide 5.3 chapter 4 "User Activity Event Structures"';

export const records: RecordDef[] = [
  user(92, 'User Dropped Change Event', 'RUA', USER_INFORMATION, SEC_6_8),
  user(93, 'User Removed Change Event', 'RUA', USER_INFORMATION, SEC_6_8),
  user(94, 'New User Identification Event', 'RUA', USER_INFORMATION, SEC_6_8),
  user(95, 'User Login Change Event', 'RUA', [121, 127, 159, 165, 167], SEC_6_8),
  // eNcore's category for these two is VPN, not RUA.
  user(170, 'New VPN Device Login', 'VPN', [167], SEC_6_8, VPN_KEYS),
  user(171, 'New VPN Device Logoff', 'VPN', [167], SEC_6_8, VPN_KEYS),
];
