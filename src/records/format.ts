// Value formatters shared by the compiled decoders: addresses, UUIDs, hashes, text.

import { utf8NoNul } from '../protocol/reader';

export { utf8NoNul };

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

// Most opaque fields of real events are all zeros (no SSL, no tunnel, no NAT...): answer those
// with a constant string instead of building one.
const ZERO_HEX: string[] = Array.from({ length: 33 }, (_, n) => '00'.repeat(n));
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

function allZero(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 0) return false;
  return true;
}

export function hex(buf: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= 32 && allZero(buf, start, end)) return ZERO_HEX[n];
  let s = '';
  for (let i = start; i < end; i++) s += HEX[buf[i]];
  return s;
}

const HEX_DIGIT: Uint8Array = new TextEncoder().encode('0123456789abcdef');

/** Two 32-bit words as 16 lowercase hex digits (big-endian, as `hex` prints their bytes), made as one string. */
export function hexWords(a: number, b: number): string {
  const d = HEX_DIGIT;
  return String.fromCharCode(
    d[a >>> 28], d[(a >>> 24) & 15], d[(a >>> 20) & 15], d[(a >>> 16) & 15], d[(a >>> 12) & 15], d[(a >>> 8) & 15], d[(a >>> 4) & 15], d[a & 15],
    d[b >>> 28], d[(b >>> 24) & 15], d[(b >>> 20) & 15], d[(b >>> 16) & 15], d[(b >>> 12) & 15], d[(b >>> 8) & 15], d[(b >>> 4) & 15], d[b & 15],
  );
}

/** The big-endian 32-bit word at `p`, signed (addresses and UUIDs are compared and hashed as words). */
function word(buf: Uint8Array, p: number): number {
  return (buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3];
}

/**
 * Dotted quads, kept in a small table indexed by the address (a stream repeats its hosts): a
 * repeated address costs a read and a compare, not seven concatenations.
 */
const IPV4_SLOTS = 4096;
const OCTET: string[] = Array.from({ length: 256 }, (_, i) => String(i));
const OCTET_DOT: string[] = OCTET.map((o) => o + '.');
const ipv4Keys = new Int32Array(IPV4_SLOTS);
const ipv4Text: string[] = new Array<string>(IPV4_SLOTS).fill('');

function ipv4Of(w: number): string {
  const slot = Math.imul(w, 0x9e3779b1) >>> 20;
  const known = ipv4Text[slot];
  if (known !== '' && ipv4Keys[slot] === w) return known;
  const text = OCTET_DOT[w >>> 24] + OCTET_DOT[(w >>> 16) & 255] + OCTET_DOT[(w >>> 8) & 255] + OCTET[w & 255];
  ipv4Keys[slot] = w;
  ipv4Text[slot] = text;
  return text;
}

export function ipv4(buf: Uint8Array, p: number): string {
  return ipv4Of(word(buf, p));
}

/** RFC 5952 text; IPv4-mapped addresses (::ffff:a.b.c.d) print as the plain dotted quad. */
export function ipv6(buf: Uint8Array, p: number): string {
  const w0 = word(buf, p);
  const w1 = word(buf, p + 4);
  const w2 = word(buf, p + 8);
  const w3 = word(buf, p + 12);
  // Connection events carry IPv4 as mapped IPv6, and zeros where they have no address.
  if ((w0 | w1) === 0) {
    if (w2 === 0xffff) return ipv4Of(w3);
    if ((w2 | w3) === 0) return '::';
  }
  // Longest run of zero groups (at least two) becomes "::".
  let bestStart = -1;
  let bestLen = 1;
  let runStart = -1;
  for (let g = 0; g < 8; g++) {
    const zero = buf[p + 2 * g] === 0 && buf[p + 2 * g + 1] === 0;
    if (zero) {
      if (runStart < 0) runStart = g;
      if (g - runStart + 1 > bestLen) {
        bestLen = g - runStart + 1;
        bestStart = runStart;
      }
    } else runStart = -1;
  }
  let s = '';
  for (let g = 0; g < 8; g++) {
    if (g === bestStart) {
      s += g === 0 ? '::' : ':';
      g += bestLen - 1;
      continue;
    }
    s += ((buf[p + 2 * g] << 8) | buf[p + 2 * g + 1]).toString(16);
    if (g < 7) s += ':';
  }
  return s;
}

/**
 * UUIDs name zones, interfaces, policies, rules and devices: a stream repeats a few of them.
 * Their text is kept in a small table indexed by a hash of the 16 bytes, so a repeated UUID
 * costs four word reads and compares, and is the same string object every time (which makes
 * the decorator's lookups of it cheap too).
 */
const UUID_SLOTS = 1024;
const uuidWords = new Int32Array(UUID_SLOTS * 4);
const uuidText: string[] = new Array<string>(UUID_SLOTS).fill('');

export function uuid(buf: Uint8Array, p: number): string {
  const w0 = word(buf, p);
  const w1 = word(buf, p + 4);
  const w2 = word(buf, p + 8);
  const w3 = word(buf, p + 12);
  if ((w0 | w1 | w2 | w3) === 0) return ZERO_UUID;
  const slot = Math.imul(w0 ^ Math.imul(w1, 31) ^ Math.imul(w2, 961) ^ Math.imul(w3, 29791), 0x9e3779b1) >>> 22;
  const at = slot * 4;
  const known = uuidText[slot];
  if (known !== '' && uuidWords[at] === w0 && uuidWords[at + 1] === w1 && uuidWords[at + 2] === w2 && uuidWords[at + 3] === w3) return known;
  const text =
    HEX[buf[p]] + HEX[buf[p + 1]] + HEX[buf[p + 2]] + HEX[buf[p + 3]] + '-' +
    HEX[buf[p + 4]] + HEX[buf[p + 5]] + '-' +
    HEX[buf[p + 6]] + HEX[buf[p + 7]] + '-' +
    HEX[buf[p + 8]] + HEX[buf[p + 9]] + '-' +
    HEX[buf[p + 10]] + HEX[buf[p + 11]] + HEX[buf[p + 12]] + HEX[buf[p + 13]] + HEX[buf[p + 14]] + HEX[buf[p + 15]];
  uuidWords[at] = w0;
  uuidWords[at + 1] = w1;
  uuidWords[at + 2] = w2;
  uuidWords[at + 3] = w3;
  uuidText[slot] = text;
  return text;
}

const ZERO_MAC = '00:00:00:00:00:00';

export function mac(buf: Uint8Array, p: number): string {
  // Connection events carry no MAC in their discovery header.
  if (allZero(buf, p, p + 6)) return ZERO_MAC;
  return (
    HEX[buf[p]] + ':' + HEX[buf[p + 1]] + ':' + HEX[buf[p + 2]] + ':' + HEX[buf[p + 3]] + ':' + HEX[buf[p + 4]] + ':' + HEX[buf[p + 5]]
  );
}

const DIGIT: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const char = String.fromCharCode;

/**
 * A value as `'' + value` prints it, for the integers that change from record to record (ports,
 * counters, times, ids). V8 converts a number through a cache of recent answers: values that
 * rarely repeat miss it, and every miss puts a new string in it, which the next young-generation
 * garbage collection must copy (most of what survived it, at about 25 such values per connection
 * event). Integers below 2^31 are spelt out here, in one string made at once (unrolled, so that
 * each length calls fromCharCode with its exact digits); anything else goes to V8.
 */
export function decimal(value: number | string): string {
  if (typeof value !== 'number' || !(value >= 0 && value < 0x80000000)) return '' + value;
  let x = value | 0;
  if (x !== value) return '' + value;
  const d0 = x % 10;
  x = (x / 10) | 0;
  if (x === 0) return DIGIT[d0];
  const d1 = x % 10;
  x = (x / 10) | 0;
  if (x === 0) return char(48 + d1, 48 + d0);
  const d2 = x % 10;
  x = (x / 10) | 0;
  if (x === 0) return char(48 + d2, 48 + d1, 48 + d0);
  const d3 = x % 10;
  x = (x / 10) | 0;
  if (x === 0) return char(48 + d3, 48 + d2, 48 + d1, 48 + d0);
  const d4 = x % 10;
  x = (x / 10) | 0;
  if (x === 0) return char(48 + d4, 48 + d3, 48 + d2, 48 + d1, 48 + d0);
  const d5 = x % 10;
  x = (x / 10) | 0;
  if (x === 0) return char(48 + d5, 48 + d4, 48 + d3, 48 + d2, 48 + d1, 48 + d0);
  const d6 = x % 10;
  x = (x / 10) | 0;
  if (x === 0) return char(48 + d6, 48 + d5, 48 + d4, 48 + d3, 48 + d2, 48 + d1, 48 + d0);
  const d7 = x % 10;
  x = (x / 10) | 0;
  if (x === 0) return char(48 + d7, 48 + d6, 48 + d5, 48 + d4, 48 + d3, 48 + d2, 48 + d1, 48 + d0);
  const d8 = x % 10;
  x = (x / 10) | 0;
  if (x === 0) return char(48 + d8, 48 + d7, 48 + d6, 48 + d5, 48 + d4, 48 + d3, 48 + d2, 48 + d1, 48 + d0);
  return char(48 + x, 48 + d8, 48 + d7, 48 + d6, 48 + d5, 48 + d4, 48 + d3, 48 + d2, 48 + d1, 48 + d0);
}

/** u64 as a number while exact, as a decimal string beyond 2^53. */
export function u64(buf: Uint8Array, p: number): number | string {
  const hi = buf[p] * 0x1000000 + ((buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]);
  const lo = buf[p + 4] * 0x1000000 + ((buf[p + 5] << 16) | (buf[p + 6] << 8) | buf[p + 7]);
  if (hi < 0x200000) return hi * 0x100000000 + lo;
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}
