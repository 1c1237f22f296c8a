// Turns a decoded record into the fields an analyst reads: the record's own fields in wire order,
// each name the FMC's metadata gives right after the id it names, plus what every record gets
// (rec_type_simple, rec_type_desc, event_desc, sensor, domain). The decorations of a record type
// (decorations/*.ts) are compiled once per record shape (record type and main block version)
// into a list of small functions and an output order, so the hot path only runs lookups.

import type { DecodedRecord, Fields, Value } from '../records/decoder';
import { lookupKey } from './cache';
import { DECORATIONS } from './decorations';
import type { Decoration, LookupDecoration, RecordDecorations } from './schema';

/** Where names come from: the metadata cache (learnt names over built-in ones). */
export interface NameSource {
  lookup(table: string, key: string): unknown;
}

type Compute = (fields: Fields) => Value;

/** One step of building the output: copy a raw field, or place a decoration's value. */
type Step = { raw: string } | { decoration: number };

interface CompiledShape {
  names: string[];
  computes: Compute[];
  steps: Step[];
}

/** The device id field of records whose family did not name the device (sensor = managed device, 123). */
const DEVICE_ID_FIELDS = ['device_id', 'sensor_id'];

/**
 * When an event happened, in seconds with microseconds as the fraction: the event's own second
 * (file, malware, intrusion, connection and discovery events all name it event_sec), else the
 * second of the event that triggered it, else a user login's, else when the FMC archived the record.
 */
export function eventTime(record: DecodedRecord): number {
  const f = record.fields;
  for (const [sec, usec] of EVENT_TIME_FIELDS) {
    const s = f[sec];
    if (typeof s === 'number' && s > 0) {
      const us = f[usec];
      return typeof us === 'number' ? s + us / 1e6 : s;
    }
  }
  return record.archiveTimestamp;
}
const EVENT_TIME_FIELDS: readonly (readonly [second: string, microsecond: string])[] = [
  ['event_sec', 'event_usec'],
  ['orig_event_sec', 'orig_event_usec'],
  ['timestamp', ''], // user login
];

export class Decorator {
  private readonly byType = new Map<number, readonly Decoration[]>();
  private readonly shapes = new Map<string, CompiledShape>();
  private readonly find: (table: string, key: string) => unknown;

  constructor(names: NameSource, decorations: readonly RecordDecorations[] = DECORATIONS) {
    this.find = (table, key) => names.lookup(table, key);
    for (const d of decorations) this.byType.set(d.recordType, [...(this.byType.get(d.recordType) ?? []), ...d.decorations]);
  }

  /** A new object: the record's fields and its decorations, in output order; undefined values left out. */
  decorate(record: DecodedRecord): Fields {
    const shapeKey = `${record.recordType}/${record.blockType}`;
    let shape = this.shapes.get(shapeKey);
    if (!shape) this.shapes.set(shapeKey, (shape = this.compile(record)));
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

  /** The domain (netmap) the record belongs to; single-domain FMCs send 0, which is left out unless named. */
  private domain(netmapId: number): Value {
    const name = this.find('netmap_domain', String(netmapId));
    if (name !== undefined) return name as Value;
    return netmapId === 0 ? undefined : netmapId;
  }

  private compile(record: DecodedRecord): CompiledShape {
    const fieldNames = Object.keys(record.fields);
    const present = new Set(fieldNames);
    const decorations = [...(this.byType.get(record.recordType) ?? [])];
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
      names: decorations.map((d) => d.name),
      computes: decorations.map((d) => ('compute' in d ? (f: Fields) => d.compute(f, this.find) : this.lookupFn(d))),
      steps,
    };
  }

  /** A lookup decoration as a function: the named entry (or its `pick`), else the fallback field's raw value. */
  private lookupFn(d: LookupDecoration): Compute {
    const fallback = d.fallback === undefined ? d.key[d.key.length - 1] : d.fallback;
    const { table, key, pick } = d;
    return (f) => {
      const k = lookupKey(f, key);
      if (k !== undefined) {
        let entry = this.find(table, k);
        if (pick !== undefined && entry !== undefined) entry = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[pick] : undefined;
        if (entry !== undefined) return entry as Value;
      }
      return fallback === null ? undefined : f[fallback];
    };
  }
}
