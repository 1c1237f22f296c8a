// What the client has learnt from the FMC's metadata records (FILLS), over the built-in tables,
// kept on disk so that a restarted client still names what it learnt. eNcore pickled its cache
// only at a graceful exit and lost everything on a crash (encore.md §5); here `save` is atomic and
// cheap enough to run every few seconds while anything changed.

import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../atomic-file';
import type { Logger } from '../log';
import type { DecodedRecord, Fields } from '../records/decoder';
import { BUILTIN_TABLES } from './builtin';
import { FILLS } from './fills';
import type { CacheFill } from './schema';

/** Identifies the file format; bump `version` when the meaning of the stored tables changes. */
const FORMAT = 'estreamer-metadata-cache';
// 2: OS fingerprint and file SHA entries hold eNcore's keys (os_name_data…, name).
const VERSION = 2;

interface CacheFile {
  format: typeof FORMAT;
  version: number;
  tables: Record<string, Record<string, unknown>>;
}

/** The lookup key of a record or event: its key fields' values joined with '/'; undefined if one is missing. */
export function lookupKey(fields: Fields, names: readonly string[]): string | undefined {
  if (names.length === 1) {
    const v = fields[names[0]];
    return v === undefined ? undefined : String(v);
  }
  let key = '';
  for (let i = 0; i < names.length; i++) {
    const v = fields[names[i]];
    if (v === undefined) return undefined;
    key += i === 0 ? String(v) : '/' + String(v);
  }
  return key;
}

function fillValue(fields: Fields, value: CacheFill['value']): unknown {
  if (typeof value === 'string') return fields[value];
  const entry: Record<string, unknown> = {};
  for (const name of value) if (fields[name] !== undefined) entry[name] = fields[name];
  return entry;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b);
}

export class MetadataCache {
  private readonly learnt = new Map<string, Map<string, unknown>>();
  /** Goes up whenever an entry changes, so memoised lookups know when to look again. */
  generation = 0;
  private changed = false;

  constructor(
    private readonly builtins: ReadonlyMap<string, ReadonlyMap<string, unknown>> = BUILTIN_TABLES,
    private readonly fills: ReadonlyMap<number, readonly CacheFill[]> = FILLS,
  ) {}

  /** Whether something was learnt since the last save or load. */
  get dirty(): boolean {
    return this.changed;
  }

  /** Number of learnt entries (built-ins not counted). */
  get size(): number {
    let n = 0;
    for (const table of this.learnt.values()) n += table.size;
    return n;
  }

  /** Stores what a metadata record says in its tables; returns whether the record fills any. */
  fill(record: DecodedRecord): boolean {
    const fills = this.fills.get(record.recordType);
    if (!fills) return false;
    for (const f of fills) {
      const key = lookupKey(record.fields, f.key);
      const value = fillValue(record.fields, f.value);
      if (key !== undefined && value !== undefined) this.set(f.table, key, value);
    }
    return true;
  }

  set(table: string, key: string, value: unknown): void {
    let entries = this.learnt.get(table);
    if (!entries) this.learnt.set(table, (entries = new Map()));
    if (!sameValue(entries.get(key), value)) {
      entries.set(key, value);
      this.changed = true;
      this.generation++;
    }
  }

  /** The FMC's value if it sent one, else the built-in one, else undefined. */
  lookup(table: string, key: string): unknown {
    const value = this.learnt.get(table)?.get(key);
    return value !== undefined ? value : this.builtins.get(table)?.get(key);
  }

  /** The entries the FMC sent for `table` (built-ins not included), as [key, value]. */
  entries(table: string): [string, unknown][] {
    return [...(this.learnt.get(table) ?? [])];
  }

  /**
   * Writes the learnt tables to `file` atomically: a temporary file beside it, flushed to disk,
   * then renamed over it, so a crash leaves either the old or the new file, never half of one.
   * The folder is created if need be; on failure (unwritable, disk full) no temporary file is left
   * and the error is thrown.
   */
  save(file: string): void {
    const data: CacheFile = { format: FORMAT, version: VERSION, tables: {} };
    for (const [table, entries] of this.learnt) data.tables[table] = Object.fromEntries(entries);
    writeFileAtomic(file, JSON.stringify(data));
    this.changed = false;
  }

  /**
   * Replaces the learnt tables by those in `file`. A missing file is a first start; an unreadable
   * or foreign one is logged and ignored (the FMC sends its metadata again anyway).
   */
  load(file: string, log?: Logger): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log?.warn(`metadata cache ${file}: ${(err as Error).message}; starting empty`);
      return;
    }
    let data: CacheFile;
    try {
      data = JSON.parse(text) as CacheFile;
      if (data?.format !== FORMAT || data.version !== VERSION || typeof data.tables !== 'object' || data.tables === null) {
        throw new Error(`not a version ${VERSION} metadata cache`);
      }
    } catch (err) {
      log?.warn(`metadata cache ${file} is unusable (${(err as Error).message}); starting empty`);
      return;
    }
    this.learnt.clear();
    this.generation++;
    for (const [table, entries] of Object.entries(data.tables)) this.learnt.set(table, new Map(Object.entries(entries)));
    this.changed = false;
    log?.info(`metadata cache: ${this.size} names loaded from ${file}`);
  }
}
