// Names eNcore printed for intrusion events (400), their packets (2), extra data (110) and
// impact alerts (9).

import type { Fields, Value } from '../../records/decoder';
import { hex, ipv4, ipv6 } from '../../records/format';
import type { Decoration, RecordDecorations } from '../schema';
import {
  ACCESS_CONTROL,
  APPLICATIONS,
  COUNTRIES,
  IOC_CATEGORY,
  IP_PROTOCOL,
  TLS_OUTCOME,
  ZONES_AND_INTERFACES,
  lookup,
  lookupIfKnown,
} from './connection';

/**
 * eNcore's impact level from the impact flags: 1 (red, vulnerable) if any of bits 0x08/0x10/0x40/0x80,
 * 2 when both 0x02 and 0x04, 3 for 0x02 alone, 4 for 0x01, else 0 (unknown).
 */
export function impactFromFlags(flags: Value): number {
  const bits = typeof flags === 'number' ? flags : 0;
  if (bits & 0xd8) return 1;
  if ((bits & 0x06) === 0x06) return 2;
  if (bits & 0x02) return 3;
  if (bits & 0x01) return 4;
  return 0;
}

const SENSOR_BY_DEVICE = lookup('sensor', 'sensor', ['device_id']);
const IMPACT = { name: 'impact', compute: (f: Fields) => impactFromFlags(f.impact_bits), uses: ['impact_bits'] };

/**
 * The packet's payload past its Ethernet (VLAN tags included), IPv4/IPv6 and TCP/UDP/ICMP headers,
 * as hex: what eNcore prints as `packet` (the whole frame is `original_packet`). Undefined when
 * the frame is not one of those.
 */
export function packetPayload(frameHex: string, linkType: number): string | undefined {
  if (linkType !== 1) return undefined;
  const b = Buffer.from(frameHex, 'hex');
  let p = 12;
  let etherType = b.length >= 14 ? b.readUInt16BE(p) : -1;
  while ((etherType === 0x8100 || etherType === 0x88a8) && b.length >= p + 6) {
    p += 4;
    etherType = b.readUInt16BE(p);
  }
  p += 2;
  let proto: number;
  if (etherType === 0x0800 && b.length >= p + 20) {
    proto = b[p + 9];
    p += (b[p] & 0x0f) * 4;
  } else if (etherType === 0x86dd && b.length >= p + 40) {
    proto = b[p + 6];
    p += 40;
  } else return undefined;
  if (proto === 6 && b.length >= p + 20) p += (b[p + 12] >> 4) * 4;
  else if ((proto === 17 || proto === 1 || proto === 58) && b.length >= p + 8) p += 8;
  else return undefined;
  return p <= b.length ? hex(b, p, b.length) : undefined;
}

/** Extra data types eNcore decodes: 1/2 the original client IPv4/IPv6 behind a proxy, 9 the HTTP URI. */
function originalClientIp(f: Fields): Value {
  const data = typeof f.data === 'string' ? Buffer.from(f.data, 'hex') : Buffer.alloc(0);
  if (f.type === 1 && data.length === 4) return ipv4(data, 0);
  if (f.type !== 2 || data.length !== 16) return undefined;
  // Some senders put an IPv4 address in the last 4 bytes with no ::ffff: prefix.
  const zeroPrefix = data.subarray(0, 12).every((x) => x === 0);
  return zeroPrefix ? ipv4(data, 12) : ipv6(data, 0);
}

const INTRUSION_EVENT: readonly Decoration[] = [
  SENSOR_BY_DEVICE,
  lookupIfKnown('msg', 'rule_message', ['gid', 'sid']),
  { ...lookup('class', 'classification', ['class_id']), pick: 'name' },
  lookupIfKnown('class_desc', 'classification', ['class_id'], 'description'),
  lookup('priority', 'priority'),
  lookup('ids_policy', 'ids_policy'),
  ...ACCESS_CONTROL,
  lookup('blocked', 'blocked'),
  lookup('blocked_reason', 'blocked_reason'), // 81+
  IP_PROTOCOL,
  ...APPLICATIONS,
  ...ZONES_AND_INTERFACES,
  ...COUNTRIES,
  lookup('user', 'user'),
  IOC_CATEGORY,
  ...TLS_OUTCOME,
  IMPACT,
  lookupIfKnown('impact_desc', 'impact', ['impact_level']),
  lookup('net_analysis_policy', 'net_analysis_policy'),
];

export const decorations: RecordDecorations[] = [
  {
    recordType: 2,
    decorations: [
      SENSOR_BY_DEVICE,
      {
        name: 'packet',
        compute: (f) => packetPayload(String(f.original_packet ?? ''), Number(f.link_type)),
      },
    ],
  },
  { recordType: 9, decorations: [SENSOR_BY_DEVICE, IMPACT] },
  {
    recordType: 110,
    decorations: [
      SENSOR_BY_DEVICE,
      lookupIfKnown('extra_data_type', 'extra_data_type', ['type'], 'name'),
      { name: 'original_src_ip', compute: originalClientIp },
      {
        name: 'xff_uri',
        compute: (f) => (f.type === 9 && typeof f.data === 'string' ? Buffer.from(f.data, 'hex').toString('utf8') : undefined),
      },
    ],
  },
  { recordType: 400, decorations: INTRUSION_EVENT },
];
