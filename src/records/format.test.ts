// Value formatters: RFC 5952 addresses, and the interning tables behind IPv4 and UUID text,
// which must never answer with another value's text (checked against plain formatting).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decimal, hex, hexWords, ipv4, ipv6, uuid } from './format';

const bytes = (hex: string) => Buffer.from(hex, 'hex');

test('IPv6 text follows RFC 5952, IPv4-mapped addresses print as dotted quads', () => {
  const cases: [string, string][] = [
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['00000000000000000000ffff0a010203', '10.1.2.3'],
    ['00000000000000000000ffff00000000', '0.0.0.0'],
    ['00000000000000000000fffeffffffff', '::fffe:ffff:ffff'],
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
    ['00010000000000020000000000000003', '1:0:0:2::3'],
    ['fe800000000000000202b3fffe1e8329', 'fe80::202:b3ff:fe1e:8329'],
  ];
  for (const [hex, text] of cases) assert.equal(ipv6(bytes('ff' + hex), 1), text, hex);
});

test('interned IPv4 and UUID text is always the text of the bytes asked for', () => {
  const hex = (b: Buffer, from: number, to: number) => b.subarray(from, to).toString('hex');
  // Few values repeat, many collide in the tables' slots: every answer is checked.
  const pool = Array.from({ length: 50_000 }, () => randomBytes(16));
  for (let i = 0; i < 200_000; i++) {
    const b = pool[(i * 7919) % (i % 3 === 0 ? 97 : pool.length)];
    assert.equal(ipv4(b, 0), `${b[0]}.${b[1]}.${b[2]}.${b[3]}`);
    const u = hex(b, 0, 16);
    assert.equal(uuid(b, 0), `${u.slice(0, 8)}-${u.slice(8, 12)}-${u.slice(12, 16)}-${u.slice(16, 20)}-${u.slice(20)}`);
    const mapped = Buffer.concat([bytes('00000000000000000000ffff'), b.subarray(4, 8)]);
    assert.equal(ipv6(mapped, 0), `${b[4]}.${b[5]}.${b[6]}.${b[7]}`);
  }
});

test('integers spelt out by decimal() read as JavaScript prints them, whatever the value', () => {
  const edges = [0, -0, 1, 9, 10, 99, 100, 65535, 65536, 999_999_999, 1_000_000_000, 1_700_000_000, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 53 - 1];
  const odd = [-1, -(2 ** 31), 1.5, 0.25, NaN, Infinity, 1e21, '18446744073709551615', '9007199254740993'];
  for (const value of [...edges, ...odd]) assert.equal(decimal(value), '' + value, String(value));
  for (let digits = 1; digits <= 10; digits++) {
    for (let i = 0; i < 2000; i++) {
      const value = Math.floor(Math.random() * 10 ** digits);
      assert.equal(decimal(value), String(value));
    }
  }
});

test('hexWords prints two words as hex() prints their big-endian bytes', () => {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  for (const [a, b] of [[0, 0], [-1, -1], [0x01234567, 0x89abcdef], [0x80000000, 1]]) {
    view.setInt32(0, a);
    view.setInt32(4, b);
    assert.equal(hexWords(a, b), hex(bytes, 0, 8));
  }
  for (let i = 0; i < 10_000; i++) {
    const a = (Math.random() * 2 ** 32) | 0;
    const b = (Math.random() * 2 ** 32) | 0;
    view.setInt32(0, a);
    view.setInt32(4, b);
    assert.equal(hexWords(a, b), hex(bytes, 0, 8));
  }
});
