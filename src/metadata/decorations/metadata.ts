// Names inside metadata records themselves: the protocol a user was seen with (records 62, 98).
// (The device of 145-147 gets its `sensor` name like every record with a sensor_id.)

import type { Value } from '../../records/decoder';
import type { ComputedDecoration, RecordDecorations } from '../schema';

/** The user's protocol is an application id: the FMC's application names, else the built-in ones; 0 is "Unknown" as eNcore printed. */
const USER_PROTOCOL: ComputedDecoration = {
  name: 'ip_proto',
  compute: (f, find): Value => {
    const id = f.ip_proto_id;
    if (id === undefined) return undefined;
    const name = find('application', String(id)) ?? find('user_protocol', String(id));
    if (name !== undefined) return name as Value;
    return id === 0 ? 'Unknown' : id;
  },
};

export const decorations: RecordDecorations[] = [
  { recordType: 62, decorations: [USER_PROTOCOL] },
  { recordType: 98, decorations: [USER_PROTOCOL] },
];
