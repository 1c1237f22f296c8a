// Request flags of the Event Stream Request (protocol.md §2.2). Bit n has value 2^n.

export const RequestFlag = {
  PACKETS: 1 << 0,
  METADATA_V1: 1 << 1,
  INTRUSION_LEGACY: 1 << 2,
  DISCOVERY_V1: 1 << 3,
  CORRELATION_V1: 1 << 4,
  IMPACT_ALERTS: 1 << 5,
  INTRUSION: 1 << 6,
  DISCOVERY_V2: 1 << 7,
  CONNECTION_V1: 1 << 8,
  CORRELATION_V2: 1 << 9,
  DISCOVERY_V3: 1 << 10,
  HOST_ONLY: 1 << 11,
  CONNECTION_V3: 1 << 12,
  CORRELATION_V3: 1 << 13,
  METADATA_V2: 1 << 14,
  METADATA_V3: 1 << 15,
  RESERVED_16: 1 << 16,
  DISCOVERY_V4: 1 << 17,
  CONNECTION_V4: 1 << 18,
  CORRELATION_V4: 1 << 19,
  METADATA_V4: 1 << 20,
  USER_ACTIVITY: 1 << 21,
  CORRELATION_V5: 1 << 22,
  ARCHIVE_TIMESTAMPS: 1 << 23,
  DISCOVERY_V5: 1 << 24,
  DISCOVERY_V6: 1 << 25,
  CONNECTION_V5: 1 << 26,
  EXTRA_DATA: 1 << 27,
  DISCOVERY_V7: 1 << 28,
  CORRELATION_V6: 1 << 29,
  EXTENDED: 1 << 30,
} as const;

/** Packets, impact alerts, intrusion, metadata v4, archive timestamps, extra data, extended: eNcore's default. */
export const DEFAULT_REQUEST_FLAGS = 0x48900061;

// Names as the FMC's own log prints them ("w/ Packets w/ Metadata v4 ...").
const FLAG_NAMES: ReadonlyArray<[number, string]> = [
  [RequestFlag.PACKETS, 'Packets'],
  [RequestFlag.METADATA_V1, 'Metadata'],
  [RequestFlag.INTRUSION_LEGACY, 'Intrusion Events'],
  [RequestFlag.DISCOVERY_V1, 'Discovery Events'],
  [RequestFlag.CORRELATION_V1, 'Correlation Events'],
  [RequestFlag.IMPACT_ALERTS, 'Impact Event Alerts'],
  [RequestFlag.INTRUSION, 'Intrusion Events w/ Impact Flags'],
  [RequestFlag.DISCOVERY_V2, 'Discovery Events v2'],
  [RequestFlag.CONNECTION_V1, 'Connection Events'],
  [RequestFlag.CORRELATION_V2, 'Correlation Events v2'],
  [RequestFlag.DISCOVERY_V3, 'Discovery Events v3'],
  [RequestFlag.HOST_ONLY, 'Host Only'],
  [RequestFlag.CONNECTION_V3, 'Connection Events v3'],
  [RequestFlag.CORRELATION_V3, 'Correlation Events v3'],
  [RequestFlag.METADATA_V2, 'Metadata v2'],
  [RequestFlag.METADATA_V3, 'Metadata v3'],
  [RequestFlag.RESERVED_16, 'Reserved (bit 16)'],
  [RequestFlag.DISCOVERY_V4, 'Discovery Events v4'],
  [RequestFlag.CONNECTION_V4, 'Connection Events v4'],
  [RequestFlag.CORRELATION_V4, 'Correlation Events v4'],
  [RequestFlag.METADATA_V4, 'Metadata v4'],
  [RequestFlag.USER_ACTIVITY, 'User Activity'],
  [RequestFlag.CORRELATION_V5, 'Correlation Events v5'],
  [RequestFlag.ARCHIVE_TIMESTAMPS, 'Archive Timestamps'],
  [RequestFlag.DISCOVERY_V5, 'Discovery Events v5'],
  [RequestFlag.DISCOVERY_V6, 'Discovery Events v6'],
  [RequestFlag.CONNECTION_V5, 'Connection Events v5'],
  [RequestFlag.EXTRA_DATA, 'Event Extra Data'],
  [RequestFlag.DISCOVERY_V7, 'Discovery Events v7'],
  [RequestFlag.CORRELATION_V6, 'Correlation Events v6'],
  [RequestFlag.EXTENDED, 'Extended Request'],
];

/** The names of the bits set in `flags`, lowest bit first. */
export function flagNames(flags: number): string[] {
  const names = FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
  if (flags & 0x80000000) names.push('Unknown (bit 31)');
  return names;
}

/** "0x48900061 (w/ Packets w/ Impact Event Alerts ...)" */
export function describeFlags(flags: number): string {
  const hex = '0x' + (flags >>> 0).toString(16).padStart(8, '0');
  const names = flagNames(flags);
  return names.length ? `${hex} (${names.map((n) => 'w/ ' + n).join(' ')})` : hex;
}
