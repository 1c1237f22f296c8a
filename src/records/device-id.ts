// Which managed device an event comes from, read straight from its bytes. The first device field
// of a layout (the discovery header's device_id, the intrusion and file blocks' device_id, the
// correlation event's policy_sensor) sits at a fixed offset in almost every record, or at one in
// its main block: one u32 read per event, no decoding. Where variable-length fields come first,
// the record is decoded (record 125, malware events from the AMP cloud).

import type { RecordFrame } from '../protocol/messages';
import type { LayoutSource, RecordDecoder } from './decoder';
import { fixedSize, type Field, type RecordDef, type Series } from './schema';

/** Field names that hold a managed device id, in the tables. */
export const DEVICE_ID_FIELDS: readonly string[] = ['device_id', 'sensor_id', 'policy_sensor'];

/** Where a device id is: a byte offset, nowhere, or known only once decoded. */
type Place = number | 'none' | 'decode';
/** The device id is in the main block at `at`, at a place that depends on the block type. */
interface InBlock {
  at: number;
  series: Series;
  byBlockType: Map<number, Place>;
}

/** Walks fixed-size fields from `offset` up to the first device field. */
function locate(fields: readonly Field[], offset: number): Place | InBlock {
  for (const [name, type, options] of fields) {
    if (options?.if !== undefined) return 'decode';
    if (DEVICE_ID_FIELDS.includes(name)) return offset;
    if (typeof type === 'object') return 'inline' in type ? { at: offset, series: type.inline, byBlockType: new Map() } : 'decode';
    const size = fixedSize(type);
    if (size === undefined) return 'decode';
    offset += size;
  }
  return 'none';
}

export class DeviceIdReader {
  private readonly places = new Map<number, Place | InBlock>();

  constructor(
    private readonly layouts: LayoutSource,
    private readonly decoder: RecordDecoder,
  ) {}

  /** The device id of an event record; undefined when it names none (or is too short to tell). */
  read(frame: RecordFrame, def: RecordDef): number | undefined {
    let place = this.places.get(def.type);
    if (place === undefined) this.places.set(def.type, (place = locate(def.fields, 0)));
    if (typeof place !== 'object') return this.readAt(frame, place);
    const body = frame.body;
    if (body.length < place.at + 8) return undefined;
    const blockType = body.readUInt32BE(place.at);
    let inBlock = place.byBlockType.get(blockType);
    if (inBlock === undefined) {
      const block = this.layouts.block(place.series, blockType);
      const found = block ? locate(block.fields, place.at + 8) : 'none';
      inBlock = typeof found === 'object' ? 'decode' : found;
      place.byBlockType.set(blockType, inBlock);
    }
    return this.readAt(frame, inBlock);
  }

  private readAt(frame: RecordFrame, place: Place): number | undefined {
    if (typeof place === 'number') return frame.body.length >= place + 4 ? frame.body.readUInt32BE(place) : undefined;
    if (place === 'none') return undefined;
    let fields;
    try {
      fields = this.decoder.decode(frame).fields;
    } catch {
      return undefined; // malformed: the renderer counts and reports it
    }
    for (const name of DEVICE_ID_FIELDS) {
      const id = fields[name];
      if (typeof id === 'number') return id;
    }
    return undefined;
  }
}
