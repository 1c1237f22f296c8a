// The declarative language of decoration: which metadata records fill which lookup tables, and
// which names each event gets from them. Compiled by `decorator.ts`; the tables live in
// `fills.ts` (metadata records) and `decorations/<family>.ts` (events).

import type { Fields, Value } from '../records/decoder';

/**
 * A metadata record stores `value` (a field name, or several joined into an object) in lookup
 * table `table` under the key made of the `key` fields' values joined with '/'.
 */
export interface CacheFill {
  table: string;
  key: readonly string[];
  value: string | readonly string[];
}

/**
 * An event field looked up in a table: sets `name` to the entry found under the key made of the
 * `key` fields' values (joined with '/'), or, when there is none, to the raw value of `fallback`
 * (default: the last key field), so unknown ids stay ids. When `pick` is given the table entry is
 * an object and `pick` selects one of its properties. When `unset` is given, an id of 0 in the last
 * key field is not looked up: the name is `unset` (eNcore's "N/A" for an unused monitor rule).
 */
export interface LookupDecoration {
  name: string;
  table: string;
  key: readonly string[];
  fallback?: string | null;
  pick?: string;
  unset?: string;
}

/** A field computed from the record's own fields (and lookups), e.g. impact from impact flags. */
export interface ComputedDecoration {
  name: string;
  compute: (fields: Fields, lookup: (table: string, key: string) => unknown) => Value;
  /**
   * The fields `compute` reads. When every computed decoration of a record type says, its events
   * are printed straight from their bytes (Decorator.renderWire), `compute` getting just these.
   */
  uses?: readonly string[];
}

export type Decoration = LookupDecoration | ComputedDecoration;

/** Decorations of one record type. */
export interface RecordDecorations {
  recordType: number;
  decorations: readonly Decoration[];
}
