// Names for user activity events (92-95) and VPN logins/logoffs (170/171), from the ids in
// records/tables/user.ts. Like eNcore, a VPN event also shows its first VPN session's fields
// at the top level (index, bytes, country, duration, client, group policy, VPN type); all
// sessions stay in `vpn_sessions`.

import type { Fields, Value } from '../../records/decoder';
import type { ComputedDecoration, Decoration, RecordDecorations } from '../schema';
import { SENSOR } from './discovery';
import { lookup } from './connection';

/**
 * The user's name: the user table's (metadata 98) when it knows the id, else the username the
 * event carries (a new user is often not in the table yet), else the id.
 */
const USER: ComputedDecoration = {
  name: 'user',
  compute: (f, find) => {
    const id = f.user_id;
    const known = id === undefined ? undefined : (find('user', String(id)) as Value);
    if (known !== undefined && id !== 0) return known;
    return f.username || known || id;
  },
};

const IDENTITY: readonly Decoration[] = [
  SENSOR,
  USER,
  lookup('realm', 'realm'),
  lookup('protocol', 'user_protocol'),
  lookup('endpoint_profile', 'endpoint_profile'),
  lookup('security_group', 'security_group'),
];

const AUTH_TYPE = lookup('user_auth_type', 'user_auth_type');

/** Login events add the application protocol the login was seen in and how the user authenticated. */
const LOGIN: readonly Decoration[] = [...IDENTITY, lookup('client_app', 'application'), AUTH_TYPE];

const firstSession = (f: Fields): Fields | undefined => {
  const sessions = f.vpn_sessions;
  return Array.isArray(sessions) ? sessions[0] : undefined;
};
const fromFirstSession = (name: string): ComputedDecoration => ({ name, compute: (f) => firstSession(f)?.[name] });

/** VPN events (block 167 has no application id): the first session's client is the VPN client software. */
const VPN: readonly Decoration[] = [
  ...IDENTITY,
  AUTH_TYPE,
  ...['index', 'vpn_policy', 'client_ip', 'country_code', 'client_os', 'client_app', 'duration', 'bytes_transmitted', 'bytes_received'].map(
    fromFirstSession,
  ),
  {
    name: 'vpn_type',
    compute: (f, find) => {
      const id = firstSession(f)?.vpn_type_id;
      return id === undefined ? undefined : ((find('vpn_type', String(id)) as Value) ?? id);
    },
  },
];

export const decorations: RecordDecorations[] = [
  { recordType: 92, decorations: IDENTITY },
  { recordType: 93, decorations: IDENTITY },
  { recordType: 94, decorations: IDENTITY },
  { recordType: 95, decorations: LOGIN },
  { recordType: 170, decorations: VPN },
  { recordType: 171, decorations: VPN },
];
