// Names inside metadata records themselves: the protocol a user was seen with (records 62, 98),
// the IP protocol of ICMP types and codes (260, 270). (The device of 145-147 gets its `sensor`
// name like every record with a sensor_id.)

import type { Value } from '../../records/decoder';
import type { ComputedDecoration, RecordDecorations } from '../schema';
import { lookup } from './connection';

/**
 * The user's protocol is an application id: the FMC's application names, else the built-in ones;
 * 0 is "Unknown" as eNcore printed. `field` holds the id (98: ip_proto_id; 62: eNcore's raw `protocol`).
 */
const userProtocol = (field: string): ComputedDecoration => ({
  name: 'ip_proto',
  uses: [field],
  compute: (f, find): Value => {
    const id = f[field];
    if (id === undefined) return undefined;
    const name = find('application', String(id)) ?? find('user_protocol', String(id));
    if (name !== undefined) return name as Value;
    return id === 0 ? 'Unknown' : id;
  },
});

/** eNcore printed the protocol of an ICMP type or code by its name (1 → ICMP); unknown numbers stay numbers. */
const ICMP_PROTOCOL = lookup('ip_proto', 'ip_protocol', ['ip_proto']);

export const decorations: RecordDecorations[] = [
  { recordType: 62, decorations: [userProtocol('protocol')] },
  { recordType: 98, decorations: [userProtocol('ip_proto_id')] },
  { recordType: 260, decorations: [ICMP_PROTOCOL] },
  { recordType: 270, decorations: [ICMP_PROTOCOL] },
];
