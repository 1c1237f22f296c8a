// The `devices` setting: only the events of the selected managed devices are output. A device is
// selected by the name the FMC gives it in its metadata (record 123; often the device's IP
// address) or by its id. The decision is made once per device id and remembered until the
// metadata changes, so the hot path costs one u32 read and one map look-up per event.

import type { Logger } from '../log';
import type { MetadataCache } from '../metadata/cache';
import type { RecordFrame } from '../protocol/messages';
import type { LayoutSource, RecordDecoder } from '../records/decoder';
import { DeviceIdReader } from '../records/device-id';
import type { RecordDef } from '../records/schema';

/** The metadata table of managed device names by id (fills.ts, record 123). */
const DEVICE_TABLE = 'sensor';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class DeviceFilter {
  private readonly ids: DeviceIdReader;
  /** Selectors as compared: names lower-cased, ids as decimal text. */
  private readonly wanted: ReadonlySet<string>;
  private readonly decided = new Map<number, boolean>();
  private decidedAt = -1;
  private reported = false;

  constructor(
    private readonly selectors: readonly string[],
    private readonly cache: MetadataCache,
    layouts: LayoutSource,
    decoder: RecordDecoder,
    private readonly log: Logger,
  ) {
    this.ids = new DeviceIdReader(layouts, decoder);
    this.wanted = new Set(selectors.map((s) => s.trim().toLowerCase()));
  }

  /** Whether an event record is output: it comes from a selected device, or names no device. */
  allows(frame: RecordFrame, def: RecordDef): boolean {
    const id = this.ids.read(frame, def);
    if (id === undefined) return true;
    if (this.cache.generation !== this.decidedAt) {
      this.decided.clear();
      this.decidedAt = this.cache.generation;
    }
    let allowed = this.decided.get(id);
    if (allowed === undefined) {
      const name = this.cache.lookup(DEVICE_TABLE, String(id));
      allowed = this.wanted.has(String(id)) || (typeof name === 'string' && this.wanted.has(name.toLowerCase()));
      this.decided.set(id, allowed);
      if (!this.reported) this.reportUnknown();
    }
    return allowed;
  }

  /** Once, at the first event (the FMC sends its metadata first): the selectors no device answers to. */
  private reportUnknown(): void {
    this.reported = true;
    const known = this.cache.entries(DEVICE_TABLE);
    const names = new Set(known.flatMap(([id, name]) => [id, String(name).toLowerCase()]));
    const unknown = this.selectors.filter((s) => !names.has(s.trim().toLowerCase()));
    if (unknown.length === 0) return;
    const list = known.map(([id, name]) => `${String(name)} (id ${id})`).join(', ');
    this.log.warn(
      `devices: the FMC names no managed device ${unknown.map((s) => `"${s}"`).join(', ')}; ` +
        `it knows ${list || 'none yet'}. Events of those devices are not output` +
        (unknown.some((s) => UUID.test(s.trim())) ? ' (eStreamer names devices by id and name, never by UUID: give the name or the id)' : ''),
    );
  }
}
