// From one record off the wire to one line for Splunk: decode (the compiled layouts), learn
// (metadata records fill the cache), decorate (names, rec_type_*, event_desc…), format (kv or
// json); for most events all of that is one generated function (Decorator.renderWire). A record
// that cannot be decoded or decorated is counted, reported once per record type and skipped: one
// bad record never stops the stream.

import type { OutputEvent } from '../client/events';
import { RateLimitedLog, type Logger } from '../log';
import { MetadataCache } from '../metadata/cache';
import { Decorator, eventTime, type RenderStyle } from '../metadata/decorator';
import type { RecordDecorations } from '../metadata/schema';
import type { RecordFrame } from '../protocol/messages';
import { hex, hexWords } from '../records/format';
import { RecordDecoder, type LayoutSource } from '../records/decoder';
import { layouts } from '../records/registry';
import { formatSecurityCloud, SECURITY_CLOUD_EVENTS } from './security-cloud';
import type { RecordCategory } from '../records/schema';
import { DeviceFilter } from './device-filter';
import { isSecurityIntelligence } from '../metadata/decorations/connection';

/** kv (eNcore's key=value lines), json (the same names as JSON), security_cloud (Cisco Security Cloud's JSON events). */
export const OUTPUT_FORMATS = ['kv', 'json', 'security_cloud'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface PipelineOptions {
  /** kv (eNcore's key=value lines, the default) or json. */
  format?: OutputFormat;
  /** all (every field, the default) or compact (only those that carry information). */
  fields?: 'all' | 'compact';
  /**
   * Categories to output; all when not given. Metadata is always decoded and cached, output only if
   * selected. `connections` are the connection events that are not Security Intelligence events.
   */
  categories?: Iterable<RecordCategory>;
  /** Record types to output even when their category is not selected. */
  include?: Iterable<number>;
  /** Record types never to output; wins over everything else. */
  exclude?: Iterable<number>;
  /** Managed devices (names or ids) whose events to output; all when empty or not given. */
  devices?: readonly string[];
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
  /** Records not output because of the category, record type and device filters. */
  filtered: number;
  /** Metadata records not output because they said nothing the cache did not know. */
  repeated: number;
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
  private readonly format: OutputFormat;
  /**
   * What the decorator prints: kv or json, all or compact (security_cloud prints the records
   * Security Cloud has no event for as json).
   */
  private readonly style: RenderStyle;
  private readonly categories: ReadonlySet<RecordCategory> | undefined;
  /**
   * When only one of connections and security_intelligence is selected, the SI verdict a
   * connection event must have to go out (true: SI events only); undefined when both or neither.
   */
  private readonly keepSecurityIntelligence: boolean | undefined;
  private readonly include: ReadonlySet<number>;
  private readonly exclude: ReadonlySet<number>;
  private readonly devices: DeviceFilter | undefined;
  private readonly log: Logger;
  /** Once per record type, and no more than a few lines a minute whatever the number of types. */
  private readonly notes: RateLimitedLog;
  private readonly counts = { decoded: 0, emitted: 0, filtered: 0, repeated: 0, malformed: 0, unknown: 0, unknownBlocks: 0 };
  private readonly malformedByType = new Map<number, number>();
  private readonly unknownTypes = new Set<number>();

  constructor(opts: PipelineOptions) {
    const source = opts.layouts ?? layouts;
    this.decoder = new RecordDecoder(source);
    this.cache = opts.cache ?? new MetadataCache();
    this.decorator = new Decorator(this.cache, opts.decorations, source);
    this.format = opts.format ?? 'kv';
    const kvOrJson = this.format === 'kv' ? 'kv' : 'json';
    this.style = opts.fields === 'compact' ? `${kvOrJson} compact` : kvOrJson;
    this.categories = opts.categories ? new Set(opts.categories) : undefined;
    const connections = this.categories?.has('connections') ?? true;
    const securityIntelligence = this.categories?.has('security_intelligence') ?? true;
    this.keepSecurityIntelligence = connections === securityIntelligence ? undefined : securityIntelligence;
    this.include = new Set(opts.include ?? []);
    this.exclude = new Set(opts.exclude ?? []);
    this.log = opts.logger;
    this.notes = new RateLimitedLog(opts.logger);
    this.layouts = source;
    this.devices = opts.devices?.length ? new DeviceFilter(opts.devices, this.cache, source, this.decoder, opts.logger) : undefined;
  }

  /** The event for one record, or null when it is filtered out or malformed. */
  process(frame: RecordFrame): OutputEvent | null {
    const type = frame.recordType;
    const def = this.layouts.record(type);
    const category = def?.category;
    const wanted = this.wanted(type, category);
    // Metadata is learnt whether or not it is output; anything else unwanted is not even decoded.
    if (!wanted && category !== 'metadata') {
      this.counts.filtered++;
      return null;
    }
    // Events of other managed devices are not even rendered; metadata is learnt from every device.
    if (this.devices !== undefined && def !== undefined && category !== 'metadata' && !this.devices.allows(frame, def)) {
      this.counts.filtered++;
      return null;
    }
    // Connection events split by their SI verdict must be decoded to know it.
    const splitBySecurityIntelligence = wanted && category === 'connections' && this.keepSecurityIntelligence !== undefined && !this.include.has(type);
    const cloud = this.cloudEvent(type);
    try {
      // Events whose shape allows it are printed straight from their bytes (the hot path).
      if (def !== undefined && category !== 'metadata' && !splitBySecurityIntelligence && !cloud) {
        const wire = this.decorator.renderWire(frame, def, this.style, this.decoder);
        if (wire !== null) {
          this.counts.decoded++;
          if (wire.unknownBlock) this.counts.unknownBlocks++;
          return this.emit(frame, wire.line, wire.time);
        }
      }
      const record = this.decoder.decode(frame);
      this.counts.decoded++;
      if (category === 'metadata') {
        const before = this.cache.generation;
        // The FMC sends all its metadata again on every connection: output only what is news
        // (new or changed names), so reconnects and restarts do not index it over and over.
        if (this.cache.fill(record) && this.cache.generation === before) {
          this.counts.repeated++;
          return null;
        }
      }
      if (!wanted || (splitBySecurityIntelligence && isSecurityIntelligence(record.fields) !== this.keepSecurityIntelligence)) {
        this.counts.filtered++;
        return null;
      }
      if (!record.def) this.noteUnknownType(type);
      if (record.unknownBlock) this.counts.unknownBlocks++;
      const time = eventTime(record);
      const line = cloud ? formatSecurityCloud(type, this.decorator.decorate(record)) : undefined;
      return this.emit(frame, line ?? this.decorator.render(record, this.style, time), time);
    } catch (err) {
      this.noteMalformed(frame, err as Error);
      return null;
    }
  }

  private emit(frame: RecordFrame, line: string, time: number): OutputEvent {
    this.counts.emitted++;
    return {
      line,
      time,
      archiveTimestamp: frame.archiveTimestamp,
      identity: recordIdentity(frame.recordType, frame.body),
      recordType: frame.recordType,
      xmlSafe: this.format === 'kv',
    };
  }

  /** Generated decoders and renderers: bounded by the tables, whatever record shapes arrive. */
  get compiledCount(): number {
    return this.decoder.compiledCount + this.decorator.compiledCount;
  }

  stats(): PipelineStats {
    return {
      ...this.counts,
      malformedByType: Object.fromEntries(this.malformedByType),
      unknownTypes: [...this.unknownTypes].sort((a, b) => a - b),
    };
  }

  /** Whether the record goes out as a Security Cloud event (decoded, decorated, mapped: not the hot path). */
  private cloudEvent(type: number): boolean {
    return this.format === 'security_cloud' && SECURITY_CLOUD_EVENTS[type] !== undefined;
  }

  private wanted(type: number, category: RecordCategory | undefined): boolean {
    if (this.exclude.has(type)) return false;
    // A type we have no layout for has no category: it goes out (generically) unless excluded.
    if (!this.categories || category === undefined) return true;
    // A connection record is wanted for either of its shares; process() sorts them.
    if (category === 'connections' && this.keepSecurityIntelligence !== undefined) return true;
    return this.categories.has(category) || this.include.has(type);
  }

  private noteUnknownType(type: number): void {
    this.counts.unknown++;
    if (!this.unknownTypes.has(type)) {
      this.unknownTypes.add(type);
      this.notes.info('record types with no layout', `record type ${type} has no layout; passed on as data=<hex>`);
    }
  }

  private noteMalformed(frame: RecordFrame, err: Error): void {
    const type = frame.recordType;
    const seen = this.malformedByType.get(type) ?? 0;
    this.malformedByType.set(type, seen + 1);
    this.counts.malformed++;
    if (seen > 0) return;
    this.notes.warn(
      'record types with malformed records',
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

/** Aligned scratch space the hashed bytes are copied to, so they can be read as 32-bit words. */
let scratch = new Uint8Array(64 * 1024);
let scratchWords = new Int32Array(scratch.buffer);

/**
 * A 64-bit non-cryptographic hash of `bytes` as 16 hex digits: two independent 32-bit lanes in
 * the style of xxHash32 (every 4-byte word goes into both lanes, with different primes), the
 * tail bytes and the length mixed in, both lanes finalised with MurmurHash3's fmix32 and crossed.
 * About half a microsecond per KB on one core. Words are read in the platform's byte order
 * (little-endian wherever Node runs this client), so identities are stable across runs.
 */
export function hash64(bytes: Uint8Array): string {
  const n = bytes.length;
  if (scratch.length < n) {
    scratch = new Uint8Array(n * 2);
    scratchWords = new Int32Array(scratch.buffer);
  }
  scratch.set(bytes);
  const words = scratchWords;
  const count = n >>> 2;
  let a = 0x9747b28c | 0;
  let b = 0x1b873593 | 0;
  for (let i = 0; i < count; i++) {
    const w = words[i];
    a = (a + Math.imul(w, 0x85ebca77)) | 0;
    a = Math.imul((a << 13) | (a >>> 19), 0x9e3779b1);
    b = (b + Math.imul(w, 0xc2b2ae3d)) | 0;
    b = Math.imul((b << 17) | (b >>> 15), 0x27d4eb2f);
  }
  let tail = 0;
  for (let i = n - 1; i >= count * 4; i--) tail = (tail << 8) | bytes[i];
  a = finalMix(a ^ Math.imul(tail, 0xcc9e2d51) ^ n);
  b = finalMix(b ^ Math.imul(tail, 0x1b873593) ^ n);
  return hexWords(a ^ (b >>> 7), b ^ (a >>> 11));
}
/** MurmurHash3's fmix32: every input bit affects every output bit. */
function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
