// Encodes records from the same layouts the decoder compiles: the simulator's event generator and
// tests use it. Not on the hot path, so it interprets the tables directly.

import { Writer } from '../protocol/writer';
import type { Fields, LayoutSource, Value } from './decoder';
import { inlineFields, type Field, type FieldType, type InlineType, type RecordDef, type Series } from './schema';

function ipBytes(text: string, size: 4 | 16): Buffer {
  const out = Buffer.alloc(size);
  if (!text) return out;
  if (text.includes('.') && !text.includes(':')) {
    const quad = text.split('.').map(Number);
    const at = size === 16 ? 12 : 0;
    if (size === 16) out.writeUInt16BE(0xffff, 10);
    quad.forEach((b, i) => (out[at + i] = b));
    return out;
  }
  const [head, tail] = text.split('::');
  const groups = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  all.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

function hexBytes(text: string, size?: number): Buffer {
  const raw = Buffer.from(text.replace(/[-:]/g, ''), 'hex');
  if (size === undefined) return raw;
  const out = Buffer.alloc(size);
  raw.copy(out, 0, 0, size);
  return out;
}

const num = (v: Value): number => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : 0);
const str = (v: Value): string => (v === undefined ? '' : String(v));

export class RecordEncoder {
  constructor(private readonly layouts: LayoutSource) {}

  /** The record body (what follows the record header) for `def`, main block `blockType`. */
  encodeRecord(def: RecordDef, values: Fields, blockType?: number): Buffer {
    const w = new Writer(512);
    this.writeFields(w, def.fields, values, blockType);
    return w.toBuffer();
  }

  /** A whole block (header included) of `series`/`type` from `values`. */
  encodeBlock(series: Series, type: number, values: Fields, inline?: InlineType): Buffer {
    const def = this.layouts.block(series, type);
    if (!def) throw new Error(`no layout for series ${series} block ${type}`);
    const w = new Writer(256);
    w.u32(type).u32(0);
    this.writeFields(w, inline ? inlineFields(inline, def) : def.fields, values, undefined);
    const buf = w.toBuffer();
    buf.writeUInt32BE(buf.length, 4);
    return buf;
  }

  private writeFields(w: Writer, fields: readonly Field[], values: Fields, blockType: number | undefined): void {
    for (const [name, type, opts] of fields) {
      if (opts?.if && !num(values[opts.if])) continue;
      this.writeField(w, type, values[name], values, blockType);
    }
  }

  private writeField(w: Writer, type: FieldType, v: Value, values: Fields, blockType: number | undefined): void {
    if (typeof type === 'object') {
      if ('inline' in type) {
        if (blockType === undefined) throw new Error('a record with a main block needs its block type');
        w.bytes(this.encodeBlock(type.inline, blockType, values, type));
      } else if ('block' in type) {
        const item = (v ?? {}) as Fields;
        w.bytes(this.encodeBlock(type.block, num(item.block_type), item));
      } else {
        const items = (v ?? []) as Fields[];
        const parts = items.map((item) => this.encodeBlock(type.list, num(item.block_type), item));
        const length = 8 + parts.reduce((n, b) => n + b.length, 0);
        w.u32(11).u32(length);
        for (const b of parts) w.bytes(b);
      }
      return;
    }
    switch (type) {
      case 'u8':
        return void w.u8(num(v));
      case 'u16':
        return void w.u16(num(v));
      case 'u32':
        return void w.u32(num(v));
      case 'i32':
        return void w.i32(num(v));
      case 'u64':
        return void w.u64(typeof v === 'string' ? BigInt(v || '0') : BigInt(Math.trunc(num(v))));
      case 'ipv4':
        return void w.bytes(ipBytes(str(v), 4));
      case 'ipv6':
        return void w.bytes(ipBytes(str(v), 16));
      case 'uuid':
      case 'hex16':
        return void w.bytes(hexBytes(str(v), 16));
      case 'mac':
        return void w.bytes(hexBytes(str(v), 6));
      case 'hex4':
        return void w.bytes(hexBytes(str(v), 4));
      case 'hex20':
        return void w.bytes(hexBytes(str(v), 20));
      case 'hex32':
        return void w.bytes(hexBytes(str(v), 32));
      case 'pad8':
        return void w.u8(0);
      case 'pad16':
        return void w.u16(0);
      case 'pad32':
        return void w.u32(0);
      case 'string': {
        const b = Buffer.from(str(v), 'utf8');
        return void w.u32(0).u32(8 + b.length).bytes(b);
      }
      case 'blob': {
        const b = hexBytes(str(v));
        return void w.u32(10).u32(8 + b.length).bytes(b);
      }
      case 'str16': {
        const b = Buffer.from(str(v), 'utf8');
        return void w.u16(b.length).bytes(b);
      }
      case 'str32': {
        const b = Buffer.from(str(v), 'utf8');
        return void w.u32(b.length).bytes(b);
      }
      case 'text':
        return void w.bytes(Buffer.from(str(v), 'utf8'));
      case 'hexrest':
        return void w.bytes(hexBytes(str(v)));
    }
  }
}
