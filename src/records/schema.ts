// The declarative language of record and block layouts. Every layout in `tables/` is written in it,
// and it is the single source of truth for the decoder (compiled by `decoder.ts`), the simulator's
// encoder (`encoder.ts`) and the coverage table in the docs (`coverage.ts`).

/**
 * Field types on the wire (all big-endian).
 * - u8/u16/u32/u64/i32: integers; u64 above 2^53 is decoded as a decimal string.
 * - ipv4: 4 bytes, dotted quad. ipv6: 16 bytes; IPv4-mapped addresses print as a dotted quad.
 * - uuid: 16 bytes, 8-4-4-4-12. mac: 6 bytes, colon separated.
 * - hex4/hex16/hex20/hex32: opaque bytes (security context, fingerprints, hashes) as lowercase hex.
 * - string: a string block (u32 type 0, u32 length including its 8-byte header, UTF-8 bytes).
 * - blob: any block (u32 type, u32 length including header); the payload as hex.
 * - str16/str32: a u16/u32 byte count, then UTF-8 bytes.
 * - text/hexrest: all bytes up to the end of the enclosing block or record, as UTF-8 / hex.
 * - pad8/pad16/pad32: skipped; not part of the output (give them the name '').
 * UTF-8 text always has its NUL bytes removed.
 */
export type ScalarType =
  | 'u8'
  | 'u16'
  | 'u32'
  | 'u64'
  | 'i32'
  | 'ipv4'
  | 'ipv6'
  | 'uuid'
  | 'mac'
  | 'hex4'
  | 'hex16'
  | 'hex20'
  | 'hex32'
  | 'string'
  | 'blob'
  | 'str16'
  | 'str32'
  | 'text'
  | 'hexrest'
  | 'pad8'
  | 'pad16'
  | 'pad32';

export type Series = 1 | 2;

/** A list block (type 11 or 31) whose sub-blocks are decoded by their own type in `series`. */
export interface ListType {
  list: Series;
  /**
   * The items may also come without their block header, as blocks of this type: an item is read
   * with its header when its first 8 bytes are a header of this type whose length fits the list,
   * else as this block's fields alone (eNcore read VPN sessions, 166, that way).
   */
  bare?: number;
}
/** One nested block decoded by its own type in `series`, kept as a nested object. */
export interface BlockType {
  block: Series;
}
/**
 * One block decoded by its own type in `series`, its fields merged into the enclosing record
 * (how records carry their versioned main block: 71 → connection block 160…174). The field's
 * name, when it has one, is the output name of the block's type (eNcore's `blockType`).
 */
export interface InlineType {
  inline: Series;
  /**
   * Output names this record gives some of the block's fields, where eNcore named a field of a
   * shared block differently per record (block 167's `ipv6` is `ipv6Address` in 170/171).
   */
  keys?: Readonly<Record<string, string>>;
}

export type FieldType = ScalarType | ListType | BlockType | InlineType;

export interface FieldOptions {
  /** The field is present only when this earlier field is non-zero (e.g. the discovery header's IPv6 address). */
  if?: string;
}

/** [output name, type, options]. Output names are eNcore's snake_case keys. */
export type Field = readonly [name: string, type: FieldType, options?: FieldOptions];

export interface BlockDef {
  series: Series;
  type: number;
  /** What the block is, as the Integration Guide names it ("Connection Statistics Data Block 6.x"). */
  name: string;
  /** Fields after the 8-byte block header (type and length are implicit). */
  fields: readonly Field[];
  /** Where the layout comes from (guide page / protocol.md section). */
  source?: string;
}

/**
 * Output categories; the Splunk input's `records` setting selects among them. One is not a
 * record's own but a share of the connection events: `security_intelligence`, the connection
 * events whose Security Intelligence verdict is set; `connections` then means the others.
 */
export type RecordCategory =
  | 'connections'
  | 'security_intelligence'
  | 'intrusion'
  | 'file_malware'
  | 'correlation'
  | 'discovery'
  | 'user'
  | 'metadata'
  | 'packets';

export interface RecordDef {
  type: number;
  /** rec_type_desc, e.g. "Connection Statistics". */
  name: string;
  /** rec_type_simple, e.g. "RNA". */
  simple: string;
  category: RecordCategory;
  /** The record body, in order. A record that is one block has a single `inline` field. */
  fields: readonly Field[];
  /** Main block versions known for the `inline` field, oldest first (docs and simulator default). */
  blocks?: readonly number[];
  source?: string;
}

// Small constructors keep the tables short and readable.
export const list = (series: Series, bare?: number): ListType => (bare === undefined ? { list: series } : { list: series, bare });
export const block = (series: Series): BlockType => ({ block: series });
export const inline = (series: Series, keys?: Readonly<Record<string, string>>): InlineType => (keys ? { inline: series, keys } : { inline: series });

/** The fields of a record's main block under the names the record gives them (InlineType.keys). */
export function inlineFields(type: InlineType, block: BlockDef): readonly Field[] {
  const keys = type.keys;
  if (!keys) return block.fields;
  const key = (name: string) => keys[name] ?? name;
  return block.fields.map(([name, t, opts]): Field => [key(name), t, opts?.if ? { ...opts, if: key(opts.if) } : opts]);
}

/** Fixed byte size of a scalar type, or undefined for variable-length ones. */
export function fixedSize(type: FieldType): number | undefined {
  switch (type) {
    case 'u8':
    case 'pad8':
      return 1;
    case 'u16':
    case 'pad16':
      return 2;
    case 'u32':
    case 'i32':
    case 'ipv4':
    case 'hex4':
    case 'pad32':
      return 4;
    case 'u64':
      return 8;
    case 'mac':
      return 6;
    case 'ipv6':
    case 'uuid':
    case 'hex16':
      return 16;
    case 'hex20':
      return 20;
    case 'hex32':
      return 32;
    default:
      return undefined;
  }
}

export function isPad(type: FieldType): boolean {
  return type === 'pad8' || type === 'pad16' || type === 'pad32';
}
