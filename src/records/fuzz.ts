// Mutation fuzzing of the record decoders: valid records from every layout, mutated (bit flips,
// lying lengths, truncation, growth) and decoded. The only acceptable failure is a
// MalformedRecordError; an out-of-bounds read would show as NaN or "undefined" in a value.
// The test suite runs a slice of it; `npm run bench` runs a million cases.

import { MalformedRecordError } from '../protocol/errors';
import { recordFrame, type RecordFrame } from '../protocol/messages';
import { prng } from '../simulator/generator';
import { RecordDecoder, type Fields, type Value } from './decoder';
import { RecordEncoder } from './encoder';
import { LayoutRegistry, layouts as defaultLayouts } from './registry';
import { fixedSize, inlineFields, type Field, type InlineType } from './schema';

export interface FuzzResult {
  cases: number;
  decoded: number;
  malformed: number;
  seeds: number;
}

/** Values for every field, with some variety (text, lists) so variable parts are exercised. */
function sample(fields: readonly Field[], registry: LayoutRegistry, depth = 0): Fields {
  const out: Fields = {};
  for (const [name, type] of fields) {
    if (!name) continue;
    if (typeof type === 'object') {
      if ('list' in type && depth < 2) {
        // A list whose items may lack their header holds items of that type only.
        const sub = type.bare !== undefined ? registry.block(type.list, type.bare) : registry.allBlocks().find((b) => b.series === type.list);
        out[name] = sub ? [{ block_type: sub.type, ...sample(sub.fields, registry, depth + 1) }] : [];
      } else if ('block' in type && depth < 2) {
        const sub = registry.allBlocks().find((b) => b.series === type.block);
        out[name] = sub ? { block_type: sub.type, ...sample(sub.fields, registry, depth + 1) } : {};
      }
      continue;
    }
    out[name] = fixedSize(type) === undefined ? (type === 'blob' || type === 'hexrest' ? 'c0ffee' : 'fuzz text \u00e9') : 1;
  }
  return out;
}

/** One valid record body per record type and main block version the tables define. */
export function seedRecords(registry: LayoutRegistry = defaultLayouts): RecordFrame[] {
  const encoder = new RecordEncoder(registry);
  const seeds: RecordFrame[] = [];
  for (const def of registry.allRecords()) {
    const inline = def.fields.find(([, t]) => typeof t === 'object' && 'inline' in t);
    const series = inline ? (inline[1] as { inline: 1 | 2 }).inline : undefined;
    const versions = series === undefined ? [undefined] : (def.blocks ?? registry.allBlocks().filter((b) => b.series === series).map((b) => b.type));
    for (const blockType of versions) {
      if (series !== undefined && !registry.block(series, blockType!)) continue;
      let values = sample(def.fields, registry);
      if (series !== undefined) values = { ...values, ...sample(inlineFields(inline![1] as InlineType, registry.block(series, blockType!)!), registry) };
      const body = encoder.encodeRecord(def, values, blockType);
      seeds.push(recordFrame(def.type, body, 1));
    }
  }
  return seeds;
}

function mutate(body: Buffer, random: () => number): Buffer {
  const b = Buffer.from(body);
  const kind = Math.floor(random() * 5);
  const at = Math.floor(random() * Math.max(1, b.length));
  switch (kind) {
    case 0: // flip a few bits
      for (let i = 0; i < 1 + Math.floor(random() * 4); i++) b[Math.floor(random() * b.length)] ^= 1 << Math.floor(random() * 8);
      return b;
    case 1: // a lying length or type word: any aligned u32
      if (b.length >= 4) b.writeUInt32BE(random() < 0.5 ? Math.floor(random() * 0x100000000) : Math.floor(random() * 64), Math.min(at & ~3, b.length - 4));
      return b;
    case 2: // truncate
      return b.subarray(0, at);
    case 3: // grow with junk
      return Buffer.concat([b, Buffer.from(Array.from({ length: 1 + Math.floor(random() * 32) }, () => Math.floor(random() * 256)))]);
    default: // zero a run
      b.fill(0, at, Math.min(b.length, at + Math.floor(random() * 16)));
      return b;
  }
}

function suspicious(v: Value): boolean {
  if (typeof v === 'number') return Number.isNaN(v);
  if (typeof v === 'string') return v.includes('undefined') || v.includes('NaN');
  if (Array.isArray(v)) return v.some((x) => Object.values(x).some(suspicious));
  if (v && typeof v === 'object') return Object.values(v).some(suspicious);
  return false;
}

/** `cases` mutations of the seed records, round-robin over them, made on demand. */
export function* mutatedRecords(cases: number, seed = 1, registry: LayoutRegistry = defaultLayouts): Generator<RecordFrame> {
  const seeds = seedRecords(registry);
  const random = prng(seed);
  for (let i = 0; i < cases && seeds.length; i++) {
    const original = seeds[i % seeds.length];
    const body = mutate(original.body, random);
    yield { ...original, body, recordLength: body.length };
  }
}

/** Runs `cases` mutations round-robin over the seeds; throws on the first unacceptable outcome. */
export function fuzzDecoders(cases: number, seed = 1, registry: LayoutRegistry = defaultLayouts): FuzzResult {
  const decoder = new RecordDecoder(registry);
  const result: FuzzResult = { cases: 0, decoded: 0, malformed: 0, seeds: seedRecords(registry).length };
  for (const frame of mutatedRecords(cases, seed, registry)) {
    result.cases++;
    try {
      const d = decoder.decode(frame);
      for (const [name, value] of Object.entries(d.fields)) {
        if (suspicious(value)) throw new Error(`record ${d.recordType} field ${name} = ${JSON.stringify(value)}: read outside the record`);
      }
      result.decoded++;
    } catch (err) {
      if (!(err instanceof MalformedRecordError)) {
        throw new Error(`record ${frame.recordType}, case ${result.cases}: ${(err as Error).message}; bytes ${frame.body.toString('hex').slice(0, 400)}`);
      }
      result.malformed++;
    }
  }
  return result;
}
