// Turns a decoded record into the fields an analyst reads: the record's own fields in wire order,
// each name the FMC's metadata gives right after the id it names, plus what every record gets
// (rec_type_simple, rec_type_desc, event_desc, sensor, domain). The decorations of a record type
// (decorations/*.ts) are compiled once per record shape (record type and main block version):
// `renderWire` runs one generated function per shape that reads the record's bytes (the
// decoder's reading code), decorates and formats in a single pass (the hot path, for events),
// remembering runs of pieces that repeat from record to record; that function is generated anew
// once it has learnt from its first records which fields change, and then reads the fields that
// rarely change lazily (compared as raw bytes, decoded only when they differ). `render` does the
// same for a decoded record (metadata, and shapes with lists or nested blocks); `decorate` builds
// the decorated object the readable formatters print (the oracle the generated functions are
// tested against).

import type { RecordFrame } from '../protocol/messages';
import type { DecodedRecord, Fields, Helpers, LayoutSource, RecordDecoder, Value } from '../records/decoder';
import { decimal, hex, ipv4, ipv6, mac, uuid } from '../records/format';
import { inlineFields, type FieldType, type RecordDef } from '../records/schema';
import { kvPiece, kvValue } from '../output/kv';
import { jsonPiece, jsonString } from '../output/json';
import { lookupKey } from './cache';
import { DECORATIONS } from './decorations';
import type { ComputedDecoration, Decoration, LookupDecoration, RecordDecorations } from './schema';

/** Where names come from: the metadata cache (learnt names over built-in ones). */
export interface NameSource {
  lookup(table: string, key: string): unknown;
  /** Changes whenever a lookup could answer differently (memoised lookups check it). */
  readonly generation?: number;
}

type Compute = (fields: Fields) => Value;

/** One step of building the output: copy a raw field, or place a decoration's value. */
type Step = { raw: string } | { decoration: number };

interface CompiledShape {
  decorations: Decoration[];
  names: string[];
  computes: Compute[];
  steps: Step[];
  /** Lookups whose name stands for the id field printed before it (see namedIds), with that id's step. */
  namedIds: Map<{ decoration: number }, { raw: string }>;
  /** The whole kv line / JSON object of a record of this shape, per style, generated once (see `render`). */
  renderers: Partial<Record<RenderStyle, Renderer>>;
}

type Renderer = (f: Fields, time: number, domain: Value, computes: Compute[]) => string;

/** A lookup: the entry under key `k`, from the key, the last key field and the fallback field. */
type Resolver = (k: string | undefined, last: Value, fallback: Value) => Value;

/** Where a generated renderer finds values: a decoded record's fields, or the locals of the reading code. */
interface ValueSource {
  /** An expression for a field's value (undefined when the shape has no such field). */
  value(name: string): string;
  /** The fields argument of a computed decoration. */
  fieldsOf(d: ComputedDecoration): string;
  /** For a field read lazily, its raw words: equal from one record to the next when its value is. */
  raw?(name: string): readonly string[] | undefined;
}

/** The line (and event time) `renderWire` made of one record. */
export interface WireLine {
  line: string;
  /** The record's eventTime. */
  time: number;
  /** Whether the record's main block type is one we have no layout for. */
  unknownBlock: boolean;
}

/**
 * How a renderer remembers runs of steps (see renderCode): by default in runs of GROUP_STEPS;
 * once it is known which fields change from record to record, the steps on those alone and the
 * rest in long runs. `learn` makes the renderer count, per field, the records it changed in.
 */
interface Grouping {
  volatile?: ReadonlySet<string>;
  learn?: Learning;
}

/** What a wire renderer has seen of its first records: how often each field changed. */
interface Learning {
  fields: string[];
  /** Per field, the records in which its value differed from the record before. */
  changes: number[];
  records: number;
}

interface WireRenderer {
  fn: (buf: Buffer, p: number, end: number, h: Helpers, archive: number, domain: Value, computes: Compute[], out: WireLine) => string | null;
  computes: Compute[];
  /** Set while the renderer learns which fields change (it is regenerated after LEARN_RECORDS). */
  learn?: Learning;
  /** The main block type it was compiled for; undefined for a record type without one, and for the probe that finds it. */
  compiledFor: number | undefined;
  unknownBlock: boolean;
}

export type RenderFormat = 'kv' | 'json';
/** A format, and whether fields that carry no information are left out (see `compact`). */
export type RenderStyle = RenderFormat | `${RenderFormat} compact`;

// The `compact` selection leaves out what carries no information: undefined, empty, 0, the
// placeholder texts below, addresses, UUIDs and hashes that are all zeros, and an id printed
// right before the name it was resolved to.
const PLACEHOLDERS: ReadonlySet<unknown> = new Set(['', 0, 'N/A', 'Unknown', 'unknown']);
const ZEROS = new Uint8Array(32);
/** The text of an all-zero value of the fixed-size types that print as addresses, UUIDs or hex. */
const ZERO_TEXT: ReadonlyMap<FieldType, string> = new Map<FieldType, string>([
  ['ipv4', ipv4(ZEROS, 0)],
  ['ipv6', ipv6(ZEROS, 0)],
  ['uuid', uuid(ZEROS, 0)],
  ['mac', mac(ZEROS, 0)],
  ['hex4', hex(ZEROS, 0, 4)],
  ['hex16', hex(ZEROS, 0, 16)],
  ['hex20', hex(ZEROS, 0, 20)],
  ['hex32', hex(ZEROS, 0, 32)],
]);

/** Whether `compact` leaves the value out (`type`: the field's type when it is a raw field). */
function carriesNothing(value: Value, type?: FieldType): boolean {
  return value === undefined || PLACEHOLDERS.has(value) || (type !== undefined && value === ZERO_TEXT.get(type));
}

/** The piece of a value for `compact`: nothing when it carries nothing. */
const compactKvPiece = (keyText: string, key: string, value: Value) => (PLACEHOLDERS.has(value) ? '' : kvPiece(keyText, key, value));
const compactJsonPiece = (keyText: string, value: Value) => (PLACEHOLDERS.has(value) ? '' : jsonPiece(keyText, value));

/**
 * The lookups whose name stands for the id field printed right before it (`fw_rule_id` then
 * `fw_rule`, `dns_rec_id` then `dns_record_name`; not a level or a number with a description
 * beside it, which searches use as it is; lookups between them that can print nothing, as their key is not in the record,
 * skipped), each with that id's step: `compact` prints such an id only when its name is not
 * known. Only memoisable lookups (their answer depends on the key alone) and names that no other
 * step prints.
 */
function namedIds(steps: readonly Step[], decorations: readonly Decoration[], present: ReadonlySet<string>): Map<{ decoration: number }, { raw: string }> {
  const printed = new Map<string, number>();
  const nameOf = (step: Step) => ('raw' in step ? step.raw : decorations[step.decoration].name);
  for (const step of steps) printed.set(nameOf(step), (printed.get(nameOf(step)) ?? 0) + 1);
  const silent = (d: Decoration) => 'key' in d && d.key.some((k) => !present.has(k)) && !present.has(fallbackField(d) ?? '');
  const found = new Map<{ decoration: number }, { raw: string }>();
  steps.forEach((idStep, k) => {
    if (!('raw' in idStep) || printed.get(idStep.raw) !== 1) return;
    let j = k + 1;
    while (j < steps.length && 'decoration' in steps[j] && silent(decorations[(steps[j] as { decoration: number }).decoration])) j++;
    const next = steps[j];
    if (next === undefined || !('decoration' in next)) return;
    const d = decorations[next.decoration];
    const field = idStep.raw;
    if (!('key' in d) || !memoisable(d) || !d.key.includes(field) || printed.get(d.name) !== 1) return;
    if (field === `${d.name}_id` || (d.key.length === 1 && /(^|_)id$/.test(field))) {
      found.set(next, idStep);
    }
  });
  return found;
}

/** The field whose value a lookup falls back to (default: its last key field); null for none. */
function fallbackField(d: LookupDecoration): string | null {
  return d.fallback === undefined ? d.key[d.key.length - 1] : d.fallback;
}

/** A memoised answer is safe when it depends on the key alone: the fallback, if any, is one of its fields. */
function memoisable(d: LookupDecoration): boolean {
  const fallback = fallbackField(d);
  return fallback === null || d.key.includes(fallback);
}

/** Remembered pieces per lookup decoration before its memo starts afresh (ids can be unbounded). */
const MEMO_LIMIT = 4096;

/** Steps remembered together as one piece (see renderCode): more saves concatenations while values repeat, fewer misses less often. */
const GROUP_STEPS = 8;
/** Longest run once the changing fields are known: a run misses only when one of its rare changes comes. */
const MAX_GROUP_STEPS = 32;
/** Records a wire renderer learns from before it is regenerated with what it learnt. */
const LEARN_RECORDS = 2048;
/** A field that changed in more than this share of those records is printed on its own. */
const VOLATILE_SHARE = 1 / 8;

/** The string, flattened: a remembered piece is concatenated into many lines, so its text is made one flat copy first. */
function flat(s: string): string {
  // ToNumber reads the characters, which makes V8 flatten a concatenated string in place.
  if (Number(s) === -1) return s;
  return s;
}

/** Integer field types (printed by `decimal`). */
function isInteger(type: FieldType | undefined): boolean {
  return type === 'u8' || type === 'u16' || type === 'u32' || type === 'i32' || type === 'u64';
}

/** Field types whose text never needs quoting or escaping (and is never empty). */
const PLAIN_TYPES = new Set<FieldType>(['ipv4', 'ipv6', 'uuid', 'mac', 'hex4', 'hex16', 'hex20', 'hex32']);

/** The device id field of records whose family did not name the device (sensor = managed device, 123). */
const DEVICE_ID_FIELDS = ['device_id', 'sensor_id'];

/**
 * When an event happened, in seconds with microseconds as the fraction: the event's own second
 * (file, malware, intrusion, connection and discovery events all name it event_sec), else the
 * second of the event that triggered it, else a user login's, else when the FMC archived the record.
 */
export function eventTime(record: DecodedRecord): number {
  return eventTimeOf(record.fields, record.archiveTimestamp);
}

/** eventTime as an expression over field values, shared by `eventTime` and the wire renderers. */
function eventTimeCode(value: (name: string) => string, archive: string): string {
  const second = (s: string, us: string | undefined) => {
    const sv = value(s);
    const usv = us === undefined ? 'undefined' : value(us);
    return `typeof ${sv} === 'number' && ${sv} > 0 ? (typeof ${usv} === 'number' ? ${sv} + ${usv} / 1e6 : ${sv}) : `;
  };
  // `timestamp`: a user login's.
  return `(${second('event_sec', 'event_usec')}${second('orig_event_sec', 'orig_event_usec')}${second('timestamp', undefined)}${archive})`;
}
const eventTimeOf = new Function('f', 'archive', `return ${eventTimeCode((name) => `f.${name}`, 'archive')};`) as (f: Fields, archive: number) => number;

/** Compiled record shapes kept at most (see `shape`). */
const MAX_SHAPES = 1024;

export class Decorator {
  private readonly byType = new Map<number, readonly Decoration[]>();
  private readonly shapes = new Map<string, CompiledShape>();
  private readonly lastShape: ({ blockType: number; shape: CompiledShape } | undefined)[] = [];
  constructor(
    private readonly names: NameSource,
    decorations: readonly RecordDecorations[] = DECORATIONS,
    /** Where field types come from, so the renderers skip checks a type makes needless. */
    private readonly layouts?: LayoutSource,
  ) {
    for (const d of decorations) this.byType.set(d.recordType, [...(this.byType.get(d.recordType) ?? []), ...d.decorations]);
  }

  /** Number of generated shapes and renderers; bounded by the tables, whatever block types arrive. */
  get compiledCount(): number {
    return this.shapes.size + this.wires.size;
  }

  /** A new object: the record's fields and its decorations, in output order; undefined values left out. */
  decorate(record: DecodedRecord): Fields {
    const shape = this.shape(record.recordType, record.blockType, record.fields);
    const fields = record.fields;
    const values = shape.computes.map((compute) => compute(fields));

    const out: Fields = {};
    if (record.def) {
      out.rec_type_simple = record.def.simple;
      out.rec_type_desc = record.def.name;
    }
    // A user login's own `domain` (its AD domain) wins over the FMC domain the record belongs to.
    const domain = fields.domain === undefined ? this.domain(record.netmapId) : undefined;
    if (domain !== undefined) out.domain = domain;
    for (const step of shape.steps) {
      if ('raw' in step) {
        const v = fields[step.raw];
        if (v !== undefined) out[step.raw] = v;
      } else {
        const v = values[step.decoration];
        if (v !== undefined) out[shape.names[step.decoration]] = v;
      }
    }
    // Like eNcore, a record without its own event second (the discovery header of a connection
    // event may carry 0, metadata has none) is dated by its archive second; kv prints it first.
    const time = eventTime(record);
    if (time > 0 && !((fields.event_sec as number) > 0)) out.event_sec = Math.floor(time);
    return out;
  }

  /**
   * decorate(record) without what carries no information (the `compact` selection, see
   * carriesNothing), and without an id printed right before the name it was resolved to: the
   * definition the compact renderers are tested against.
   */
  decorateCompact(record: DecodedRecord): Fields {
    const out = this.decorate(record);
    const shape = this.shape(record.recordType, record.blockType, record.fields);
    for (const [lookupStep, idStep] of shape.namedIds) {
      const d = shape.decorations[lookupStep.decoration] as LookupDecoration;
      const name = this.resolver(d)(lookupKey(record.fields, d.key), record.fields[d.key[d.key.length - 1]], undefined);
      if (name !== undefined) delete out[idStep.raw];
    }
    const types = this.fieldTypes(record.def, record.blockType);
    for (const name of Object.keys(out)) if (carriesNothing(out[name], name in record.fields ? types.get(name) : undefined)) delete out[name];
    return out;
  }

  /**
   * The record decorated and formatted in one pass: what `formatKv`/`formatJson` print for
   * `decorate(record)`, without building the decorated object. Each record shape gets one
   * generated function that walks its fields in output order with their types known (numbers
   * and addresses need no quoting check). `time` is the record's eventTime, for a caller that
   * has it already.
   */
  render(record: DecodedRecord, format: RenderStyle, time: number = eventTime(record)): string {
    const { def, recordType, blockType, fields } = record;
    const shape = this.shape(recordType, blockType, fields);
    const renderer = (shape.renderers[format] ??= this.renderer(def, recordType, blockType, shape, format));
    const domain = fields.domain === undefined ? this.domain(record.netmapId) : undefined;
    return renderer(fields, time, domain, shape.computes);
  }

  /**
   * The line of an event record straight from its bytes, the hot path of the client: one
   * generated function per record shape reads each field into a local and prints it, with no
   * decoded record in between. Null when the shape needs the decoded record (lists, nested
   * blocks, computed decorations that do not say which fields they use): `decode` and `render`
   * it then. The answer is valid until the next call.
   */
  renderWire(frame: RecordFrame, def: RecordDef, format: RenderStyle, decoder: RecordDecoder): WireLine | null {
    const type = frame.recordType;
    const last = this.lastWire[type]?.[format];
    // The last record of this type had a shape that needs the decoded record: so has this one, most likely.
    if (last === null) return null;
    const body = frame.body;
    const h = decoder.helpers;
    const result = this.wireLine;
    let wire = last ?? this.wireRenderer(def, undefined, format, decoder);
    for (let tries = 0; ; tries++) {
      if (wire === null) {
        (this.lastWire[type] ??= {})[format] = null;
        return null;
      }
      const line = wire.fn(body, 0, body.length, h, frame.archiveTimestamp, this.domain(frame.netmapId), wire.computes, result);
      if (line !== null) {
        result.line = line;
        result.unknownBlock = wire.unknownBlock;
        // Learnt enough of this shape's records: regenerated for what changes in them.
        if (wire.learn !== undefined && ++wire.learn.records === LEARN_RECORDS) {
          wire = this.wireRenderer(def, wire.compiledFor, format, decoder, wire.learn) ?? wire;
        }
        if (wire !== last) (this.lastWire[type] ??= {})[format] = wire;
        return result;
      }
      // Compiled for another main block type than this record's: the one it has.
      if (tries > 0) throw new Error(`renderer for record ${type} block ${wire.compiledFor} re-dispatched twice`);
      wire = this.wireRenderer(def, h.retry, format, decoder);
    }
  }
  private readonly wireLine: WireLine = { line: '', time: 0, unknownBlock: false };
  private readonly lastWire: (Partial<Record<RenderStyle, WireRenderer | null>> | undefined)[] = [];
  private readonly wires = new Map<string, WireRenderer | null>();

  /**
   * The wire renderer of a record shape, compiled on first use to learn from its first records;
   * given what it learnt, compiled anew with each field that changes often printed on its own.
   */
  private wireRenderer(
    def: RecordDef,
    blockType: number | undefined,
    format: RenderStyle,
    decoder: RecordDecoder,
    learnt?: Learning,
  ): WireRenderer | null {
    blockType = decoder.compiledBlockType(def, blockType);
    const key = `${def.type}/${blockType}/${format}`;
    let wire = this.wires.get(key);
    if (wire !== undefined && learnt === undefined) return wire;
    // Fields that changed in many of the records learnt from are printed on their own; the others
    // are read lazily, so a run of them that did not change compares raw words and decodes nothing.
    const volatile = learnt && new Set(learnt.fields.filter((_, k) => learnt.changes[k] > learnt.records * VOLATILE_SHARE));
    const reading = decoder.reading(def, blockType, volatile && ((name) => !volatile.has(name)));
    if (blockType === undefined && def.fields.some(([, t]) => typeof t === 'object' && 'inline' in t)) {
      // Not knowing the main block type yet: read up to it, and let renderWire compile for it.
      const fn = new Function('buf, p, end, h', `${reading.statements}\nreturn null;`) as WireRenderer['fn'];
      wire = { fn, computes: [], compiledFor: undefined, unknownBlock: false };
      this.wires.set(key, wire);
      return wire;
    }
    const names = [...reading.locals.keys()];
    const shape = this.shape(def.type, blockType ?? 0, names);
    const direct = !reading.nested && shape.decorations.every((d) => !('compute' in d) || d.uses !== undefined);
    wire = null;
    if (direct) {
      const value = (name: string) => reading.locals.get(name) ?? 'undefined';
      // First compiled to learn; compiled again with the fields that changed in many records.
      const grouping: Grouping = volatile ? { volatile } : { learn: { fields: [], changes: [], records: 0 } };
      const source: ValueSource = {
        value,
        fieldsOf: (d: ComputedDecoration) => `{ ${(d.uses ?? []).map((u) => `${JSON.stringify(u)}: ${value(u)}`).join(', ')} }`,
        raw: (name) => reading.raw.get(name),
      };
      const code = this.renderCode(def, def.type, blockType ?? 0, shape, format, source, grouping);
      const time = eventTimeCode(value, 'archive');
      const domain = reading.locals.has('domain') ? `${value('domain')} === undefined ? D : undefined` : 'D';
      const fn = code.make(
        'buf, p, end, h, archive, D, C, out',
        [reading.statements, `const time = ${time};`, 'out.time = time;', `const domain = ${domain};`, code.body].join('\n'),
      ) as WireRenderer['fn'];
      wire = { fn, computes: shape.computes, compiledFor: blockType, unknownBlock: reading.unknownBlock, learn: grouping.learn };
    }
    this.wires.set(key, wire);
    return wire;
  }

  private shape(recordType: number, blockType: number, fields: Fields | readonly string[]): CompiledShape {
    // Streams rarely switch block versions: try the last shape of this record type first.
    const last = this.lastShape[recordType];
    if (last !== undefined && last.blockType === blockType) return last.shape;
    const shapeKey = `${recordType}/${blockType}`;
    let shape = this.shapes.get(shapeKey);
    if (!shape) {
      // Each record type no table defines gets a shape of its own: a stream of thousands of them
      // starts the cache afresh rather than growing it (the tables define fewer than 200 shapes).
      if (this.shapes.size >= MAX_SHAPES) {
        this.shapes.clear();
        this.lastShape.length = 0;
      }
      this.shapes.set(shapeKey, (shape = this.compile(recordType, Array.isArray(fields) ? fields : Object.keys(fields))));
    }
    this.lastShape[recordType] = { blockType, shape };
    return shape;
  }

  /** Types of the record's own fields (top level and main block), from the layouts. */
  private fieldTypes(def: RecordDef | undefined, blockType: number): Map<string, FieldType> {
    const types = new Map<string, FieldType>();
    for (const [name, type] of def?.fields ?? []) {
      if (typeof type === 'object' && 'inline' in type) {
        const block = this.layouts?.block(type.inline, blockType);
        for (const [n, t] of block ? inlineFields(type, block) : []) types.set(n, t);
        if (name) types.set(name, 'u32'); // the block type
      } else types.set(name, type);
    }
    return types;
  }

  private renderer(def: RecordDef | undefined, recordType: number, blockType: number, shape: CompiledShape, format: RenderStyle): Renderer {
    const code = this.renderCode(def, recordType, blockType, shape, format, {
      value: (name) => `f[${JSON.stringify(name)}]`,
      fieldsOf: () => 'f',
    });
    return code.make('f, time, domain, C', code.body) as Renderer;
  }

  /**
   * The body of a renderer: the statements that print a record of `shape` as one kv line or
   * JSON object, with its values where `source` says (variables `time` and `domain` in scope),
   * and how to make the function.
   */
  private renderCode(
    def: RecordDef | undefined,
    recordType: number,
    blockType: number,
    shape: CompiledShape,
    format: RenderStyle,
    source: ValueSource,
    grouping: Grouping = {},
  ): { body: string; make: (params: string, body: string) => unknown } {
    const types = this.fieldTypes(def, blockType);
    const kv = format.startsWith('kv');
    const compact = format.endsWith('compact');
    const q = (text: string) => JSON.stringify(text);
    const value = source.value;
    const lines: string[] = [];
    const key = (name: string) => q(kv ? ` ${name}=` : `,${jsonString(name)}:`);
    // The piece of a value of any kind (nothing for undefined; lists and blocks flattened as formatKv does).
    const piece = (name: string, v: string) => (kv ? `KP(${key(name)}, ${q(name)}, ${v})` : `JP(${key(name)}, ${v})`);
    // compact: nothing for a value that carries nothing (`v`, a variable, read once more).
    const unlessNothing = (test: string, text: string) => (compact ? `(${test} ? '' : ${text})` : text);
    // Decorations and variable fields.
    const generic = (name: string, v: string) => `s += ${piece(name, v)};`;
    // rec_type, then event_sec (the record's own second, else the event time's), then the rest.
    lines.push(`let s = ${q(kv ? 'rec_type=' + recordType : '{"rec_type":' + recordType)};`);
    lines.push(`let es = ${value('event_sec')};`, 'if (!(es > 0) && time > 0) es = Math.floor(time);');
    lines.push(`s += ${piece('event_sec', 'es')};`);
    const constant = (key: string, text: string) => lines.push(`s += ${q(kv ? ` ${key}=${kvValue(text)}` : `,${jsonString(key)}:${jsonString(text)}`)};`);
    if (def) {
      constant('rec_type_simple', def.simple);
      constant('rec_type_desc', def.name);
    }
    lines.push(`s += ${piece('domain', 'domain')};`);
    // NaN never equals itself: without cache generations the memo starts afresh for every record.
    lines.push('let v;', 'const g = N.generation ?? NaN;', 'if (g !== G) { G = g; RESET(); }');
    const resolvers = shape.decorations.map((d) => ('key' in d ? this.resolver(d) : undefined));
    const memo: string[] = ['let G = NaN;'];
    const resets: string[] = [];
    let pieces = 0;
    let groups = 0;
    const stepName = (step: Step) => ('raw' in step ? step.raw : shape.names[step.decoration]);
    // A lookup's arguments: the key as lookupKey builds it (undefined when a part is), the
    // last key field's value and the fallback field's value.
    const lookupArgs = (d: LookupDecoration, key: string) => {
      const fallback = fallbackField(d);
      return `${key}, ${value(d.key[d.key.length - 1])}, ${fallback === null ? 'undefined' : value(fallback)}`;
    };
    const decorationValue = (i: number) => {
      const d = shape.decorations[i];
      if ('compute' in d) return `C[${i}](${source.fieldsOf(d)})`;
      const missing = d.key.map((k) => `${value(k)} === undefined`).join(' || ');
      const joined = d.key.map((k) => value(k)).join(" + '/' + ");
      return `R[${i}](${lookupArgs(d, `(${missing} ? undefined : '' + ${joined})`)})`;
    };
    const stepValue = (step: Step) => ('raw' in step ? value(step.raw) : decorationValue(step.decoration));
    // A name given by several steps (a decoration named like a raw field) behaves as in
    // decorate(): the last defined value, at the place of the first defined one.
    const byName = new Map<string, Step[]>();
    for (const step of shape.steps) byName.set(stepName(step), [...(byName.get(stepName(step)) ?? []), step]);
    let shared = 0;
    // Each step's statements, with the values its piece depends on (null: not only on values in
    // scope, so it is never remembered with others).
    const chunks: { code: string[]; deps: string[] | null }[] = [];
    const depsOf = (step: Step): string[] | null => {
      if ('raw' in step) return [step.raw];
      const d = shape.decorations[step.decoration];
      if ('key' in d) {
        const fallback = fallbackField(d);
        return [...d.key, ...(fallback === null ? [] : [fallback])];
      }
      return d.uses === undefined ? null : [...d.uses];
    };
    // The piece of a raw field's defined value `v`, by its type.
    const rawPiece = (name: string, type: FieldType | undefined, v: string) => {
      if (type !== undefined && PLAIN_TYPES.has(type)) {
        return unlessNothing(`${v} === ${q(ZERO_TEXT.get(type)!)}`, kv ? `${key(name)} + ${v}` : `${key(name)} + '"' + ${v} + '"'`);
      }
      // Integers are spelt out by `decimal` (DEC), not by V8's number-string cache. A u64 is a
      // number, or beyond 2^53 its decimal digits: plain in kv, quoted in JSON.
      if (isInteger(type) && (type !== 'u64' || kv)) return unlessNothing(`${v} === 0`, `${key(name)} + DEC(${v})`);
      return piece(name, v);
    };
    // A field that changes from record to record, followed by the lookup of its name (rule,
    // application, user, protocol, country ids): the id's piece is remembered with the name's, per
    // id. Here: the lookup step, by the id it prints first; and the id steps that print nothing.
    const idOf = new Map<Step, string>();
    const folded = new Set<Step>();
    shape.steps.forEach((step, k) => {
      const next = shape.steps[k + 1];
      if (!('raw' in step) || next === undefined || !('decoration' in next)) return;
      if (!grouping.volatile?.has(step.raw)) return;
      const d = shape.decorations[next.decoration];
      if ('key' in d && memoisable(d) && d.key.includes(step.raw) && byName.get(step.raw)!.length === 1 && byName.get(stepName(next))!.length === 1) {
        idOf.set(next, step.raw);
        folded.add(step);
      }
    });
    // compact: an id whose name is printed after it is printed only when the name is not known,
    // so it goes with the lookup too.
    if (compact) {
      for (const [lookupStep, idStep] of shape.namedIds) {
        idOf.set(lookupStep, idStep.raw);
        folded.add(idStep);
      }
    }
    for (const step of shape.steps) {
      const name = stepName(step);
      if (name === 'event_sec') continue;
      const same = byName.get(name)!;
      const code: string[] = [];
      const deps = same.length > 1 ? null : depsOf(step);
      // A step on a value that changes from record to record is cheapest on its own.
      chunks.push({ code, deps: deps?.some((field) => grouping.volatile?.has(field)) ? null : deps });
      if (folded.has(step)) continue;
      if (same.length > 1) {
        if (same[0] !== step) continue;
        const vars = same.map(() => `d${shared++}`);
        code.push(`{ const ${same.map((st, i) => `${vars[i]} = ${stepValue(st)}`).join(', ')};`);
        code.push(`v = ${[...vars].reverse().map((x) => `${x} !== undefined ? ${x} : `).join('')}undefined;`);
        code.push(`if (v !== undefined) { ${generic(name, 'v')} } }`);
        continue;
      }
      const d = 'decoration' in step ? shape.decorations[step.decoration] : undefined;
      if (d && 'key' in d && memoisable(d)) {
        // A lookup through its own small function (T<i>), whose formatted piece (name, quoting)
        // is remembered per key value in maps nested one level per key field, so a hit compares
        // raw values and builds nothing; a miss builds the key as lookupKey does (values joined
        // with '/'). The maps start afresh when the cache learns something, and when they grow large.
        const i = (step as { decoration: number }).decoration;
        const n = d.key.length;
        const params = d.key.map((_, j) => `p${j}`);
        const fallback = fallbackField(d);
        const args = (k: string) => `${k}, p${n - 1}, ${fallback === null ? 'undefined' : `p${d.key.indexOf(fallback)}`}`;
        const descend = params
          .slice(0, -1)
          .map((p, j) => `let m${j + 1} = m${j}.get(${p}); if (m${j + 1} === undefined) m${j}.set(${p}, (m${j + 1} = new Map()));`)
          .join(' ');
        // The piece of the id folded into this lookup (nothing when it has none), from its key parameter.
        const id = idOf.get(step);
        const p = id === undefined ? '' : `p${d.key.indexOf(id)}`;
        const pre = id === undefined ? '' : `(${p} === undefined ? '' : ${rawPiece(id, types.get(id), p)}) + `;
        // The pieces of the id and the name under key `k`; compact: the id's only when the name is not known.
        const pieces = (k: string) =>
          id !== undefined && compact && shape.namedIds.has(step as { decoration: number })
            ? `((x = R[${i}](${k}, p${n - 1}, undefined)) !== undefined ? ${piece(name, 'x')} : ${pre}${piece(name, fallback === null ? 'undefined' : `p${d.key.indexOf(fallback)}`)})`
            : `${pre}${piece(name, `R[${i}](${args(k)})`)}`;
        memo.push(
          `const M${i} = new Map(); let Z${i} = 0;`,
          `function T${i}(${params.join(', ')}) {`,
          `  ${compact ? 'let x; ' : ''}if (${params.map((p) => `${p} === undefined`).join(' || ')}) return ${pieces('undefined')};`,
          `  const m0 = M${i}; ${descend} let t = m${n - 1}.get(p${n - 1});`,
          `  if (t === undefined) { t = ${pieces(`'' + ${params.join(" + '/' + ")}`)}; if (++Z${i} > ${MEMO_LIMIT}) { M${i}.clear(); Z${i} = 0; } m${n - 1}.set(p${n - 1}, t); }`,
          '  return t;',
          '}',
        );
        resets.push(`M${i}.clear(); Z${i} = 0;`);
        code.push(`s += T${i}(${d.key.map(value).join(', ')});`);
        continue;
      }
      code.push(`v = ${stepValue(step)};`);
      const type = 'raw' in step ? types.get(name) : undefined;
      // Fixed-size fields print as they are: their piece (key and value) is remembered with the
      // value, as most repeat from one record to the next (zeros, the same zone, the same port).
      const remembered = (piece: string) => {
        const j = pieces++;
        memo.push(`let L${j}, P${j};`);
        return `{ if (v !== L${j}) { L${j} = v; P${j} = ${piece}; } s += P${j}; }`;
      };
      // A field known to change from record to record is not worth remembering.
      const changing = grouping.volatile?.has(name) ? (piece: string) => `s += ${piece};` : remembered;
      const fixed = type !== undefined && (PLAIN_TYPES.has(type) || (isInteger(type) && type !== 'u64'));
      code.push(`if (v !== undefined) ${fixed ? changing(rawPiece(name, type, 'v')) : `{ s += ${rawPiece(name, type, 'v')}; }`}`);
    }
    // Pieces that repeat from one record to the next are the rule (zeros, the same zones, rules and
    // policies): consecutive steps are remembered together as one piece with the values it was
    // made of, so a run of unchanged values costs compares and one concatenation. A miss runs
    // the steps as usual and remembers their text, flattened once (it is printed many times).
    const limit = grouping.volatile ? MAX_GROUP_STEPS : GROUP_STEPS;
    const learnt = (field: string) => {
      const learn = grouping.learn!;
      let k = learn.fields.indexOf(field);
      if (k < 0) {
        k = learn.fields.push(field) - 1;
        learn.changes.push(0);
      }
      return k;
    };
    // What a run compares of a field: its raw words when it is read lazily (so it is decoded only
    // when the run misses), else its value.
    const compared = (field: string) => source.raw?.(field) ?? [value(field)];
    for (let i = 0; i < chunks.length; ) {
      let j = i;
      const fields = new Set<string>();
      while (j < chunks.length && j - i < limit && chunks[j].deps !== null) {
        for (const field of chunks[j].deps!) if (value(field) !== 'undefined') fields.add(field);
        j++;
      }
      if (j - i < 2) {
        lines.push(...chunks[i].code);
        i++;
        continue;
      }
      const g = groups++;
      // Per field, what is compared of it and the variable remembering each.
      let w = 0;
      const compares = [...fields].map((field) => ({ field, pairs: compared(field).map((dep) => [dep, `W${g}_${w++}`] as const) }));
      const pairs = compares.flatMap((c) => c.pairs);
      memo.push(`let V${g} = false, S${g} = ''${pairs.map(([, saved]) => `, ${saved}`).join('')};`);
      resets.push(`V${g} = false;`);
      const same = pairs.map(([dep, saved]) => ` && ${dep} === ${saved}`).join('');
      // Learning: count, per field, the records in which it changed (any of what is compared of it).
      const counted = grouping.learn
        ? compares.map(({ field, pairs }) => `if (${pairs.map(([dep, saved]) => `${dep} !== ${saved}`).join(' || ')}) CH[${learnt(field)}]++;`).join(' ')
        : '';
      lines.push(
        `if (V${g}${same}) s += S${g};`,
        `else { const before = s; s = '';`,
        ...chunks.slice(i, j).flatMap((c) => c.code),
        `  ${counted} S${g} = FLAT(s); V${g} = true; ${pairs.map(([dep, saved]) => `${saved} = ${dep};`).join(' ')} s = before + S${g}; }`,
      );
      i = j;
    }
    lines.push(kv ? 'return s;' : "return s + '}';");
    const names = this.names;
    const make = (params: string, body: string) =>
      new Function('KP', 'JP', 'DEC', 'R', 'N', 'FLAT', 'CH', `${memo.join('\n')}\nfunction RESET() { ${resets.join(' ')} }\nreturn function render(${params}) {\n${body}\n};`)(
        compact ? compactKvPiece : kvPiece,
        compact ? compactJsonPiece : jsonPiece,
        decimal,
        resolvers,
        names,
        flat,
        grouping.learn?.changes,
      );
    return { body: lines.join('\n'), make };
  }

  /** The domain (netmap) the record belongs to; single-domain FMCs send 0, which is left out unless named. */
  private domain(netmapId: number): Value {
    // Almost every record of a stream is in the same domain: keep the last answer.
    const memo = this.lastDomain;
    if (memo.netmapId === netmapId && memo.generation === this.names.generation && memo.generation !== undefined) return memo.value;
    const name = this.names.lookup('netmap_domain', String(netmapId));
    const value = name !== undefined ? (name as Value) : netmapId === 0 ? undefined : netmapId;
    this.lastDomain = { netmapId, generation: this.names.generation, value };
    return value;
  }
  private lastDomain: { netmapId: number; generation: number | undefined; value: Value } = { netmapId: -1, generation: undefined, value: undefined };

  private readonly lookup = (table: string, key: string): unknown => this.names.lookup(table, key);

  private compile(recordType: number, fieldNames: readonly string[]): CompiledShape {
    const present = new Set(fieldNames);
    const decorations = [...(this.byType.get(recordType) ?? [])];
    const named = new Set(decorations.map((d) => d.name));
    if (present.has('event_type') && present.has('event_subtype') && !named.has('event_desc')) {
      decorations.unshift({ name: 'event_desc', table: 'rna_event', key: ['event_type', 'event_subtype'], fallback: null });
    }
    const deviceId = DEVICE_ID_FIELDS.find((f) => present.has(f));
    if (deviceId && !named.has('sensor')) decorations.push({ name: 'sensor', table: 'sensor', key: [deviceId] });

    // Each decoration goes right after the field it names: `<name>_id`, else the last of its
    // lookup key fields; derived values without such a field go after all fields.
    const after = new Map<string, number[]>();
    const atEnd: number[] = [];
    decorations.forEach((d, i) => {
      const anchor = [`${d.name}_id`, ...('key' in d ? [...d.key].reverse() : [])].find((f) => present.has(f));
      if (anchor) after.set(anchor, [...(after.get(anchor) ?? []), i]);
      else atEnd.push(i);
    });
    const leading = decorations.findIndex((d) => d.name === 'event_desc');
    const steps: Step[] = [];
    if (leading >= 0) steps.push({ decoration: leading });
    for (const name of fieldNames) {
      steps.push({ raw: name });
      for (const i of after.get(name) ?? []) if (i !== leading) steps.push({ decoration: i });
    }
    for (const i of atEnd) if (i !== leading) steps.push({ decoration: i });

    return {
      decorations,
      names: decorations.map((d) => d.name),
      computes: decorations.map((d) => ('compute' in d ? (f: Fields) => d.compute(f, this.lookup) : this.lookupFn(d))),
      steps,
      namedIds: namedIds(steps, decorations, present),
      renderers: {},
    };
  }

  /** A lookup decoration as a function of the record's fields (for `decorate`). */
  private lookupFn(d: LookupDecoration): Compute {
    const resolve = this.resolver(d);
    const fallback = fallbackField(d);
    const last = d.key[d.key.length - 1];
    return (f) => resolve(lookupKey(f, d.key), f[last], fallback === null ? undefined : f[fallback]);
  }

  /**
   * The table entry under key `k` (or its `pick`), else the fallback field's value; `unset`
   * when the decoration has one and the last key field (`last`) is 0.
   */
  private resolver(d: LookupDecoration): Resolver {
    const { table, pick, unset } = d;
    const names = this.names;
    return (k, last, fallback) => {
      if (unset !== undefined && last === 0) return unset;
      if (k !== undefined) {
        let entry = names.lookup(table, k);
        if (pick !== undefined && entry !== undefined) entry = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[pick] : undefined;
        if (entry !== undefined) return entry as Value;
      }
      return fallback;
    };
  }


}
