// From one record off the wire to one line for Splunk: decode (the compiled layouts), learn
// (metadata records fill the cache), decorate (names, rec_type_*, event_desc…), format (kv or
// json). A record that cannot be decoded or decorated is counted, reported once per record type
// and skipped: one bad record never stops the stream.

import type { OutputEvent } from '../client/events';
import type { Logger } from '../log';
import { MetadataCache } from '../metadata/cache';
import { Decorator, eventTime } from '../metadata/decorator';
import type { RecordDecorations } from '../metadata/schema';
import type { RecordFrame } from '../protocol/messages';
import { hex } from '../records/format';
import { RecordDecoder, type Fields, type LayoutSource } from '../records/decoder';
import { layouts } from '../records/registry';
import type { RecordCategory } from '../records/schema';
import { formatJson } from './json';
import { formatKv } from './kv';

export type OutputFormat = 'kv' | 'json';

export interface PipelineOptions {
  /** kv (eNcore's key=value lines, the default) or json. */
  format?: OutputFormat;
  /** Categories to output; all when not given. Metadata is always decoded and cached, output only if selected. */
  categories?: Iterable<RecordCategory>;
  /** Record types to output even when their category is not selected. */
  include?: Iterable<number>;
  /** Record types never to output; wins over everything else. */
  exclude?: Iterable<number>;
  /** Shared with whoever persists it; a fresh one by default. */
  cache?: MetadataCache;
  logger: Logger;
  /** For tests: other layouts or decorations than the project's. */
  layouts?: LayoutSource;
  decorations?: readonly RecordDecorations[];
}

export interface PipelineStats {
  /** Records decoded (whether output or not). */
  decoded: number;
  /** Events handed out. */
  emitted: number;
  /** Records not output because of the category and record type filters. */
  filtered: number;
  /** Malformed records skipped, in all. */
  malformed: number;
  /** Malformed records skipped, by record type. */
  malformedByType: Record<number, number>;
  /** Records of a type we have no layout for, passed on with their bytes as hex. */
  unknown: number;
  unknownTypes: number[];
  /** Records whose main block version we have no layout for (their block bytes go out as hex). */
  unknownBlocks: number;
}

/** How many bytes of a malformed record the DEBUG log shows. */
const EXCERPT_BYTES = 64;

export class RecordPipeline {
  private readonly layouts: LayoutSource;
  private readonly decoder: RecordDecoder;
  private readonly decorator: Decorator;
  readonly cache: MetadataCache;
  private readonly format: (recordType: number, fields: Fields) => string;
  private readonly categories: ReadonlySet<RecordCategory> | undefined;
  private readonly include: ReadonlySet<number>;
  private readonly exclude: ReadonlySet<number>;
  private readonly log: Logger;
  private readonly counts = { decoded: 0, emitted: 0, filtered: 0, malformed: 0, unknown: 0, unknownBlocks: 0 };
  private readonly malformedByType = new Map<number, number>();
  private readonly unknownTypes = new Set<number>();

  constructor(opts: PipelineOptions) {
    const source = opts.layouts ?? layouts;
    this.decoder = new RecordDecoder(source);
    this.cache = opts.cache ?? new MetadataCache();
    this.decorator = new Decorator(this.cache, opts.decorations);
    this.format = (opts.format ?? 'kv') === 'json' ? formatJson : formatKv;
    this.categories = opts.categories ? new Set(opts.categories) : undefined;
    this.include = new Set(opts.include ?? []);
    this.exclude = new Set(opts.exclude ?? []);
    this.log = opts.logger;
    this.layouts = source;
  }

  /** The event for one record, or null when it is filtered out or malformed. */
  process(frame: RecordFrame): OutputEvent | null {
    const type = frame.recordType;
    const category = this.layouts.record(type)?.category;
    const wanted = this.wanted(type, category);
    // Metadata is learnt whether or not it is output; anything else unwanted is not even decoded.
    if (!wanted && category !== 'metadata') {
      this.counts.filtered++;
      return null;
    }
    try {
      const record = this.decoder.decode(frame);
      this.counts.decoded++;
      if (category === 'metadata') this.cache.fill(record);
      if (!wanted) {
        this.counts.filtered++;
        return null;
      }
      if (!record.def) this.noteUnknownType(type);
      if (record.unknownBlock) this.counts.unknownBlocks++;
      const line = this.format(type, this.decorator.decorate(record));
      this.counts.emitted++;
      return {
        line,
        time: eventTime(record),
        archiveTimestamp: frame.archiveTimestamp,
        identity: recordIdentity(type, frame.body),
        recordType: type,
      };
    } catch (err) {
      this.noteMalformed(frame, err as Error);
      return null;
    }
  }

  stats(): PipelineStats {
    return {
      ...this.counts,
      malformedByType: Object.fromEntries(this.malformedByType),
      unknownTypes: [...this.unknownTypes].sort((a, b) => a - b),
    };
  }

  private wanted(type: number, category: RecordCategory | undefined): boolean {
    if (this.exclude.has(type)) return false;
    // A type we have no layout for has no category: it goes out (generically) unless excluded.
    if (!this.categories || category === undefined) return true;
    return this.categories.has(category) || this.include.has(type);
  }

  private noteUnknownType(type: number): void {
    this.counts.unknown++;
    if (!this.unknownTypes.has(type)) {
      this.unknownTypes.add(type);
      this.log.info(`record type ${type} has no layout; passed on as data=<hex>`);
    }
  }

  private noteMalformed(frame: RecordFrame, err: Error): void {
    const type = frame.recordType;
    const seen = this.malformedByType.get(type) ?? 0;
    this.malformedByType.set(type, seen + 1);
    this.counts.malformed++;
    if (seen > 0) return;
    this.log.warn(
      `skipping malformed record type ${type} (${frame.body.length} bytes): ${err.message}; ` +
        'further malformed records of this type are only counted',
    );
    if (this.log.enabled('DEBUG')) {
      const excerpt = hex(frame.body, 0, Math.min(frame.body.length, EXCERPT_BYTES));
      this.log.debug(`record type ${type} bytes: ${excerpt}${frame.body.length > EXCERPT_BYTES ? '…' : ''}`);
    }
  }
}

/** `<record type>:<16 hex digits>`: a record's identity among the records of its archive second. */
export function recordIdentity(recordType: number, body: Uint8Array): string {
  return recordType + ':' + hash64(body);
}

/**
 * A 64-bit non-cryptographic hash of `bytes` as 16 hex digits: two independent 32-bit lanes in
 * the style of MurmurHash3 (each 4-byte word is mixed into both lanes with different constants),
 * then both lanes avalanche-finalised with the length. About 0.3 µs per KB; stable across runs
 * and platforms (words are read little-endian byte by byte).
 */
export function hash64(bytes: Uint8Array): string {
  let a = 0x9747b28c;
  let b = 0x1b873593;
  const n = bytes.length;
  const words = n & ~3;
  for (let i = 0; i < words; i += 4) {
    const w = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    let k = Math.imul(w, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a ^= k;
    a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0;
    let j = Math.imul(w, 0x85ebca6b);
    j = Math.imul((j << 16) | (j >>> 16), 0xc2b2ae35);
    b ^= j;
    b = (Math.imul((b << 17) | (b >>> 15), 9) + 0x561ccd1b) | 0;
  }
  let tail = 0;
  for (let i = n - 1; i >= words; i--) tail = (tail << 8) | bytes[i];
  a ^= Math.imul(tail, 0xcc9e2d51) ^ n;
  b ^= Math.imul(tail, 0x85ebca6b) ^ n;
  a = finalMix(a ^ (b >>> 7));
  b = finalMix(b ^ (a >>> 11));
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** MurmurHash3's fmix32: every input bit affects every output bit. */
function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
