// What the simulated FMC has stored: metadata, sent first on every session, and an append-only
// list of events in archive order. Sessions read it by index, so every session (and every
// reconnect) sees the same events, as a real FMC serving from its database would. Like the FMC's
// database it may be bounded: beyond `capacity` events the oldest are dropped (indexes stay
// absolute), so a simulator fed forever (`simulate --rate`) does not grow forever.

export interface StoredRecord {
  recordType: number;
  /** Archive (server) timestamp; 0 for metadata. */
  archiveTimestamp: number;
  /** The record data (what follows the record header). */
  body: Buffer;
}

export class History {
  readonly metadata: StoredRecord[] = [];
  private readonly events: StoredRecord[] = [];
  /** Absolute index of events[0]: how many were dropped. */
  private dropped = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly capacity = Infinity) {}

  /** Events ever appended (the index the next one gets). */
  get length(): number {
    return this.dropped + this.events.length;
  }

  /** Index of the oldest event still kept. */
  get first(): number {
    return this.dropped;
  }

  at(index: number): StoredRecord {
    return this.events[index - this.dropped];
  }

  addMetadata(record: StoredRecord): void {
    this.metadata.push(record);
  }

  append(record: StoredRecord): void {
    const last = this.events[this.events.length - 1];
    if (last && record.archiveTimestamp < last.archiveTimestamp) {
      throw new Error('events must be appended in archive-timestamp order');
    }
    this.events.push(record);
    // Dropped a quarter at a time, so that the copy is paid once per many appends.
    if (this.events.length > this.capacity * 1.25) {
      const excess = this.events.length - this.capacity;
      this.events.splice(0, excess);
      this.dropped += excess;
    }
    for (const l of this.listeners) l();
  }

  /** Index of the first event kept at or after archive second `ts` (binary search). */
  indexAt(ts: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.events[mid].archiveTimestamp < ts) lo = mid + 1;
      else hi = mid;
    }
    return this.dropped + lo;
  }

  /** Calls `listener` after each append; returns the unsubscribe function. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
