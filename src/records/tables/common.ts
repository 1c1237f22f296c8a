// Structures shared by many records.
import type { Field } from '../schema';

/**
 * Discovery event header (protocol.md §5.3; Integration Guide 5.4 Table 4-25, "5.2+"): starts
 * discovery, user and connection records. The IPv6 address is present when Has-IPv6 is set,
 * which real FMCs always do (IPv4 as ::ffff:a.b.c.d).
 */
export const DISCOVERY_HEADER: readonly Field[] = [
  ['device_id', 'u32'],
  ['legacy_ip', 'ipv4'],
  ['mac_address', 'mac'],
  ['has_ipv6', 'u8'],
  ['', 'pad8'],
  ['event_sec', 'u32'],
  ['event_usec', 'u32'],
  ['event_type', 'u32'],
  ['event_subtype', 'u32'],
  ['', 'pad32'], // file number: internal to the FMC
  ['', 'pad32'], // file position: internal to the FMC
  ['src_host', 'ipv6', { if: 'has_ipv6' }], // eNcore's name for the host the event is about
];
