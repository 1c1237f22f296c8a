// What the simulated FMC has stored: metadata, sent first on every session, and an append-only
// list of events in archive order. Sessions read it by index, so every session (and every
// reconnect) sees the same events, as a real FMC serving from its database would.

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
  private readonly listeners = new Set<() => void>();

  get length(): number {
    return this.events.length;
  }

  at(index: number): StoredRecord {
    return this.events[index];
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
    for (const l of this.listeners) l();
  }

  /** Index of the first event stored at or after archive second `ts` (binary search). */
  indexAt(ts: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.events[mid].archiveTimestamp < ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Calls `listener` after each append; returns the unsubscribe function. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
