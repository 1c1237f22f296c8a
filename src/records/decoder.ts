// Compiles the declarative layouts of `schema.ts` into straight-line JavaScript decoders: one
// function per (record type, main block type) and per nested block type, generated on first use.
// The hot path runs no interpreter: fixed runs of fields share one bounds check and every value
// lands in a local, returned as one object literal (a stable shape V8 keeps fast).

import { MalformedRecordError } from '../protocol/errors';
import type { RecordFrame } from '../protocol/messages';
import * as fmt from './format';
import { fixedSize, inlineFields, isPad, type BlockDef, type Field, type FieldType, type RecordDef, type Series } from './schema';

export type Value = number | string | Fields | Fields[] | undefined;
export interface Fields {
  [name: string]: Value;
}

export interface DecodedRecord {
  recordType: number;
  netmapId: number;
  archiveTimestamp: number;
  /** Type of the record's main (inline) block; 0 when the record has none, UNKNOWN_BLOCK when the tables do not define it. */
  blockType: number;
  /** The layout used; undefined for a record type we have no table for (passed on generically). */
  def: RecordDef | undefined;
  /** Whether the main block type was unknown (its bytes are in `block_data`). */
  unknownBlock: boolean;
  fields: Fields;
}

/** Where the decoder finds layouts; `registry.ts` implements it over all tables. */
export interface LayoutSource {
  record(type: number): RecordDef | undefined;
  block(series: Series, type: number): BlockDef | undefined;
}

/**
 * The generated code that reads one record shape (record type and main block type), for code
 * generators that use the values where they are read (the decorator's direct renderers).
 */
export interface ReadingCode {
  /**
   * Statements reading the record in `buf` from `p` to `end` into locals, with helpers `h`; they
   * `return null` after setting `h.retry` when the main block is of another type.
   */
  statements: string;
  /** The expression of each field's value (the local it is read into), in wire order. */
  locals: ReadonlyMap<string, string>;
  /**
   * For each field read lazily: the locals holding its raw bytes as 32-bit words, read where the
   * field is. Equal words mean an equal value, which is then not decoded at all.
   */
  raw: ReadonlyMap<string, readonly string[]>;
  /** Whether a field is a list or a nested block (a value that is an object). */
  nested: boolean;
}

/** The helpers generated code calls (`h`). */
export interface Helpers {
  hex: typeof fmt.hex;
  ipv4: typeof fmt.ipv4;
  ipv6: typeof fmt.ipv6;
  uuid: typeof fmt.uuid;
  mac: typeof fmt.mac;
  u64: typeof fmt.u64;
  utf8: typeof fmt.utf8NoNul;
  short(field: string, at: number, end: number): never;
  sub(series: Series, buf: Buffer, p: number, end: number): Fields;
  /** A block of `type` whose header is missing: its fields from `p`, setting `end` to where they stop. */
  bare(series: Series, type: number, buf: Buffer, p: number, end: number): Fields;
  end: number;
  /** A DataView of all of the memory `buf` is part of (made again only when that changes). */
  view(buf: Buffer): DataView;
  /** Whether the tables define block `type` of `series` (code compiled for unknown blocks asks). */
  known(series: Series, type: number): boolean;
  /** Set by a record decoder that met a main block type other than the one it was compiled for. */
  retry: number;
}

type CompiledFn = (buf: Buffer, p: number, end: number, h: Helpers) => Fields | null;

/** Fixed-size types whose value is a string made from several bytes: worth not decoding when unchanged. */
const LAZY_TYPES = new Set<FieldType>(['u64', 'ipv4', 'ipv6', 'uuid', 'mac', 'hex4', 'hex16', 'hex20', 'hex32']);

interface Combo {
  fn: CompiledFn;
  blockType: number;
  unknownBlock: boolean;
}

/**
 * The main block type code is compiled for when the tables do not define the one received: one
 * generic reader per record type serves every unknown block type, so hostile or future block
 * types cannot make the generated code (and memory) grow without bound.
 */
export const UNKNOWN_BLOCK = -2;

/** Generated-code builder for one function. */
class Gen {
  readonly lines: string[] = [];
  private readonly outputs = new Map<string, string>();
  private readonly locals: string[] = [];
  private readonly raw = new Map<string, string[]>();
  private n = 0;
  unknownBlock = false;
  /** Whether a field is a list or a nested block (a value that is an object). */
  nested = false;

  constructor(
    private readonly layouts: LayoutSource,
    /** Main block type to compile for; undefined = the record has no inline block. */
    private readonly inlineType?: number,
    /** Fields to read lazily when they sit in a run of fixed-size fields (see ReadingCode.raw). */
    private readonly lazy?: (name: string) => boolean,
  ) {}

  private local(name: string): string {
    const v = 'v' + this.n++;
    this.locals.push(v);
    if (name) this.outputs.set(name, v);
    return v;
  }
  private tmp(): string {
    return 't' + this.n++;
  }

  emitFields(fields: readonly Field[], end: string): void {
    let i = 0;
    while (i < fields.length) {
      // A run of unconditional fixed-size fields: one bounds check, constant offsets.
      let size = 0;
      let j = i;
      while (j < fields.length && fixedSize(fields[j][1]) !== undefined && !fields[j][2]?.if) {
        size += fixedSize(fields[j][1])!;
        j++;
      }
      if (j > i) {
        this.lines.push(`if (p + ${size} > ${end}) h.short(${JSON.stringify(fields[i][0])}, p, ${end});`);
        let off = 0;
        for (let k = i; k < j; k++) {
          const [name, type] = fields[k];
          if (!isPad(type) && name) {
            if (this.lazy?.(name) && LAZY_TYPES.has(type)) this.readLazily(name, type as string, off);
            else this.lines.push(`${this.local(name)} = ${this.read(type as string, off)};`);
          }
          off += fixedSize(type)!;
        }
        this.lines.push(`p += ${size};`);
        i = j;
        continue;
      }
      this.emitField(fields[i], end);
      i++;
    }
  }

  /**
   * A field's position and raw words now, its value only when asked for: the value expression
   * decodes from the saved position on first use in the record and keeps the answer.
   */
  private readLazily(name: string, type: string, off: number): void {
    const v = this.local(name);
    const at = this.tmp();
    this.lines.push(`const ${at} = p + ${off};`);
    const words: string[] = [];
    const size = fixedSize(type as FieldType)!;
    // One load per word (in the machine's byte order: the words are only compared).
    for (let k = 0; k < size; k += 4) {
      const word = this.tmp();
      this.lines.push(`const ${word} = dv.${size - k >= 4 ? 'getInt32' : 'getUint16'}(bo + ${at} + ${k}, true);`);
      words.push(word);
    }
    this.raw.set(name, words);
    this.outputs.set(name, `(${v} ??= ${this.read(type, 0, at)})`);
  }

  private read(type: string, off: number, base = 'p'): string {
    const at = (k: number) => `buf[${base} + ${off + k}]`;
    switch (type) {
      case 'u8':
        return at(0);
      case 'u16':
        return `(${at(0)} << 8 | ${at(1)})`;
      case 'u32':
        return `(${at(0)} * 16777216 + (${at(1)} << 16 | ${at(2)} << 8 | ${at(3)}))`;
      case 'i32':
        return `(${at(0)} << 24 | ${at(1)} << 16 | ${at(2)} << 8 | ${at(3)})`;
      case 'u64':
        return `h.u64(buf, ${base} + ${off})`;
      case 'ipv4':
        return `h.ipv4(buf, ${base} + ${off})`;
      case 'ipv6':
        return `h.ipv6(buf, ${base} + ${off})`;
      case 'uuid':
        return `h.uuid(buf, ${base} + ${off})`;
      case 'mac':
        return `h.mac(buf, ${base} + ${off})`;
      case 'hex4':
      case 'hex16':
      case 'hex20':
      case 'hex32':
        return `h.hex(buf, ${base} + ${off}, ${base} + ${off + fixedSize(type as FieldType)!})`;
      default:
        throw new Error(`not a fixed-size type: ${type}`);
    }
  }

  private emitField(field: Field, end: string): void {
    const [name, type, opts] = field;
    const q = JSON.stringify(name);
    if (opts?.if) {
      const cond = this.outputs.get(opts.if);
      if (!cond) throw new Error(`field ${name}: condition ${opts.if} is not an earlier field`);
      this.lines.push(`if (${cond}) {`);
      this.emitField([name, type], end);
      this.lines.push('}');
      return;
    }
    const size = fixedSize(type);
    if (size !== undefined) {
      this.lines.push(`if (p + ${size} > ${end}) h.short(${q}, p, ${end});`);
      if (!isPad(type) && name) this.lines.push(`${this.local(name)} = ${this.read(type as string, 0)};`);
      this.lines.push(`p += ${size};`);
      return;
    }
    if (typeof type === 'string') {
      switch (type) {
        case 'string':
        case 'blob': {
          const l = this.tmp();
          const v = this.local(name);
          const conv = type === 'string' ? 'h.utf8' : 'h.hex';
          this.lines.push(
            `if (p + 8 > ${end}) h.short(${q}, p, ${end});`,
            `const ${l} = buf[p + 4] * 16777216 + (buf[p + 5] << 16 | buf[p + 6] << 8 | buf[p + 7]);`,
            `if (${l} < 8 || p + ${l} > ${end}) h.short(${q}, p, ${end});`,
            `${v} = ${conv}(buf, p + 8, p + ${l});`,
            `p += ${l};`,
          );
          return;
        }
        case 'str16':
        case 'str32': {
          const l = this.tmp();
          const w = type === 'str16' ? 2 : 4;
          const len = type === 'str16' ? '(buf[p] << 8 | buf[p + 1])' : '(buf[p] * 16777216 + (buf[p + 1] << 16 | buf[p + 2] << 8 | buf[p + 3]))';
          const v = this.local(name);
          this.lines.push(
            `if (p + ${w} > ${end}) h.short(${q}, p, ${end});`,
            `const ${l} = ${len};`,
            `if (p + ${w} + ${l} > ${end}) h.short(${q}, p, ${end});`,
            `${v} = h.utf8(buf, p + ${w}, p + ${w} + ${l});`,
            `p += ${w} + ${l};`,
          );
          return;
        }
        case 'text':
        case 'hexrest':
          this.lines.push(`${this.local(name)} = ${type === 'text' ? 'h.utf8' : 'h.hex'}(buf, p, ${end});`, `p = ${end};`);
          return;
        default:
          throw new Error(`unhandled type ${type}`);
      }
    }
    const l = this.tmp();
    this.lines.push(
      `if (p + 8 > ${end}) h.short(${q}, p, ${end});`,
      `const ${l} = buf[p + 4] * 16777216 + (buf[p + 5] << 16 | buf[p + 6] << 8 | buf[p + 7]);`,
      `if (${l} < 8 || p + ${l} > ${end}) h.short(${q}, p, ${end});`,
    );
    if ('list' in type) {
      this.nested = true;
      const items = this.local(name);
      const qv = this.tmp();
      const le = this.tmp();
      const sl = this.tmp();
      const word = (at: string) => `(buf[${at}] * 16777216 + (buf[${at} + 1] << 16 | buf[${at} + 2] << 8 | buf[${at} + 3]))`;
      // ListType.bare: an item that does not start with a header of that type fitting the list has none.
      const bare =
        type.bare === undefined
          ? []
          : [
              `if (${qv} + 8 > ${le} || ${word(qv)} !== ${type.bare} || ${word(`${qv} + 4`)} < 8 || ${qv} + ${word(`${qv} + 4`)} > ${le}) {`,
              `${items}.push(h.bare(${type.list}, ${type.bare}, buf, ${qv}, ${le})); ${qv} = h.end; continue;`,
              `}`,
            ];
      this.lines.push(
        `${items} = [];`,
        `let ${qv} = p + 8; const ${le} = p + ${l};`,
        `while (${qv} < ${le}) {`,
        ...bare,
        `if (${qv} + 8 > ${le}) h.short(${q}, ${qv}, ${le});`,
        `const ${sl} = ${word(`${qv} + 4`)};`,
        `if (${sl} < 8 || ${qv} + ${sl} > ${le}) h.short(${q}, ${qv}, ${le});`,
        `${items}.push(h.sub(${type.list}, buf, ${qv}, ${qv} + ${sl}));`,
        `${qv} += ${sl};`,
        `}`,
        `p += ${l};`,
      );
    } else if ('block' in type) {
      this.nested = true;
      this.lines.push(`${this.local(name)} = h.sub(${type.block}, buf, p, p + ${l});`, `p += ${l};`);
    } else {
      // inline: the main block, compiled for one block type; another type makes the caller re-dispatch.
      const bt = this.tmp();
      const be = this.tmp();
      const expected = this.inlineType ?? -1;
      // The generic reader takes any block type the tables do not define.
      const other = expected === UNKNOWN_BLOCK ? `h.known(${type.inline}, ${bt})` : `${bt} !== ${expected}`;
      this.lines.push(
        `const ${bt} = buf[p] * 16777216 + (buf[p + 1] << 16 | buf[p + 2] << 8 | buf[p + 3]);`,
        `if (${other}) { h.retry = ${bt}; return null; }`,
        `const ${be} = p + ${l};`,
      );
      // A named inline field prints the block's type (eNcore's `blockType` of 9, 71 and 400).
      if (name) this.lines.push(`${this.local(name)} = ${bt};`);
      const def = this.layouts.block(type.inline, expected);
      if (def) {
        this.lines.push('p += 8;');
        this.emitFields(inlineFields(type, def), be);
      } else {
        this.unknownBlock = true;
        this.lines.push(`${this.local('block_type')} = ${bt};`, `${this.local('block_data')} = h.hex(buf, p + 8, ${be});`);
      }
      this.lines.push(`p = ${be};`);
    }
  }

  /** The statements that read the fields into locals, and the local of each field. */
  reading(): ReadingCode {
    // Raw words are read through a DataView of the buffer's memory, where the buffer begins.
    const view = this.raw.size > 0 ? ['const dv = h.view(buf), bo = buf.byteOffset;'] : [];
    return {
      statements: [...(this.locals.length ? [`let ${this.locals.join(', ')};`] : []), ...view, ...this.lines].join('\n'),
      locals: this.outputs,
      raw: this.raw,
      nested: this.nested,
    };
  }

  compile(prologue: string[], extraOutputs: [name: string, expression: string][] = []): CompiledFn {
    const props: [string, string][] = [...extraOutputs, ...this.outputs];
    // The result is built by a constructor, not an object literal: V8 creates literals of more
    // than about 128 properties (connection blocks have 150) in a slow dictionary mode.
    // Its prototype is Object.prototype, so a record's fields are a plain object to everyone else.
    const ctor =
      `function Fields(${props.map((_, i) => 'a' + i).join(', ')}) {\n${props.map(([name], i) => `this[${JSON.stringify(name)}] = a${i};`).join('\n')}\n}\n` +
      'Fields.prototype = Object.prototype;';
    const body = [
      ...(this.locals.length ? [`let ${this.locals.join(', ')};`] : []),
      ...prologue,
      ...this.lines,
      `return new Fields(${props.map(([, v]) => v).join(', ')});`,
    ].join('\n');
    return new Function(`${ctor}\nreturn function decode(buf, p, end, h) {\n${body}\n};`)() as CompiledFn;
  }
}

export class RecordDecoder {
  /** Last combo used per record type: streams rarely switch block versions. */
  private readonly last = new Map<number, Combo>();
  private readonly combos = new Map<string, Combo>();
  private readonly blocks = new Map<string, CompiledFn>();
  /** What generated code calls as `h`; reading code from `reading` runs with these. */
  readonly helpers: Helpers;
  private view: DataView | undefined;

  constructor(private readonly layouts: LayoutSource) {
    this.helpers = {
      ...fmt,
      utf8: fmt.utf8NoNul,
      short(field, at, end) {
        throw new MalformedRecordError(`field "${field}" at byte ${at} runs past its end at byte ${end}`);
      },
      sub: (series, buf, p, end) => this.subBlock(series, buf, p, end),
      bare: (series, type, buf, p, end) => this.bareBlock(series, type, buf, p, end),
      end: 0,
      view: (buf) => {
        // Records of one TCP read share its memory: one view serves them all.
        if (this.view === undefined || this.view.buffer !== buf.buffer) this.view = new DataView(buf.buffer);
        return this.view;
      },
      known: (series, type) => this.layouts.block(series, type) !== undefined,
      retry: 0,
    };
  }

  /**
   * The main block type to compile `def` for when `blockType` was received: itself if the tables
   * define it, else UNKNOWN_BLOCK (the generic reader); undefined stays undefined.
   */
  compiledBlockType(def: RecordDef, blockType: number | undefined): number | undefined {
    if (blockType === undefined || blockType === UNKNOWN_BLOCK) return blockType;
    const field = def.fields.find(([, t]) => typeof t === 'object' && 'inline' in t);
    const series = field && (field[1] as { inline: Series }).inline;
    return series === undefined || this.layouts.block(series, blockType) ? blockType : UNKNOWN_BLOCK;
  }

  /** Number of generated decoders; bounded by the tables, whatever arrives. */
  get compiledCount(): number {
    return this.combos.size + this.blocks.size;
  }

  decode(frame: RecordFrame): DecodedRecord {
    const type = frame.recordType;
    const def = this.layouts.record(type);
    if (!def) {
      return this.result(frame, def, 0, false, { data: fmt.hex(frame.body, 0, frame.body.length) });
    }
    const { body } = frame;
    let combo = this.last.get(type) ?? this.combo(def, undefined);
    let fields = combo.fn(body, 0, body.length, this.helpers);
    if (fields === null) {
      combo = this.combo(def, this.helpers.retry);
      fields = combo.fn(body, 0, body.length, this.helpers);
      if (fields === null) throw new Error(`decoder for record ${def.type} block ${combo.blockType} re-dispatched twice`);
    }
    this.last.set(type, combo);
    return this.result(frame, def, combo.blockType, combo.unknownBlock, fields);
  }

  /**
   * The reading code of a record type whose main block is `blockType` (undefined: the record has
   * none), with whether that block type is one we have no layout for. Fields `lazy` says yes to
   * are decoded only when their value is used (see ReadingCode.raw).
   */
  reading(def: RecordDef, blockType: number | undefined, lazy?: (name: string) => boolean): ReadingCode & { unknownBlock: boolean } {
    const gen = new Gen(this.layouts, blockType, lazy);
    gen.emitFields(def.fields, 'end');
    return { ...gen.reading(), unknownBlock: gen.unknownBlock };
  }

  private result(frame: RecordFrame, def: RecordDef | undefined, blockType: number, unknownBlock: boolean, fields: Fields): DecodedRecord {
    return {
      recordType: frame.recordType,
      netmapId: frame.netmapId,
      archiveTimestamp: frame.archiveTimestamp,
      blockType,
      def,
      unknownBlock,
      fields,
    };
  }

  private combo(def: RecordDef, received: number | undefined): Combo {
    const blockType = this.compiledBlockType(def, received);
    const key = `${def.type}/${blockType}`;
    let combo = this.combos.get(key);
    if (!combo) {
      const gen = new Gen(this.layouts, blockType);
      gen.emitFields(def.fields, 'end');
      combo = { fn: gen.compile([]), blockType: blockType ?? 0, unknownBlock: gen.unknownBlock };
      this.combos.set(key, combo);
    }
    return combo;
  }

  /** A list item of `type` that came without its block header (ListType.bare). */
  private bareBlock(series: Series, type: number, buf: Buffer, p: number, end: number): Fields {
    const key = `${series}/${type}/bare`;
    let fn = this.blocks.get(key);
    if (!fn) {
      const def = this.layouts.block(series, type);
      if (!def) throw new Error(`no layout for series ${series} block ${type}, which a list reads without its header`);
      const gen = new Gen(this.layouts);
      gen.emitFields(def.fields, 'end');
      gen.lines.push('h.end = p;');
      fn = gen.compile([], [['block_type', String(type)]]);
      this.blocks.set(key, fn);
    }
    return fn(buf, p, end, this.helpers)!;
  }

  /** A nested block (list item or block field), decoded by its own type. */
  private subBlock(series: Series, buf: Buffer, p: number, end: number): Fields {
    const type = buf[p] * 16777216 + ((buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]);
    const def = this.layouts.block(series, type);
    // A block type the tables do not define is passed on generically, with no code generated for it.
    if (!def) return { block_type: type, block_data: fmt.hex(buf, p + 8, end) };
    const key = `${series}/${type}`;
    let fn = this.blocks.get(key);
    if (!fn) {
      const gen = new Gen(this.layouts);
      gen.emitFields(def.fields, 'end');
      fn = gen.compile(['p += 8;'], [['block_type', String(type)]]);
      this.blocks.set(key, fn);
    }
    return fn(buf, p, end, this.helpers)!;
  }
}
