// Where to resume after a restart, shared by the Splunk modular input and the stand-alone CLI.
//
// CheckpointStore keeps one JSON file per input (stanza) in a directory: the FMC it belongs to
// and the ResumePoint. Files are replaced atomically (temp file, fsync, rename, fsync of the
// directory), so a crash leaves the old checkpoint or the new one, never a torn one.
//
// CheckpointTracker follows the events handed to the output and the output's flush
// confirmations, and saves a ResumePoint covering only flushed events: a checkpoint never
// claims an event that splunkd (or the output file) has not been handed. Replaying a second
// after a crash gives duplicates, which the `seen` identities mostly remove; a gap would be
// silent loss.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-file';
import { RepeatedFailure, type Logger } from '../log';
import type { OutputEvent, ResumePoint } from './events';

export const CHECKPOINT_FORMAT_VERSION = 1;

/** The FMC a checkpoint belongs to: a bookmark means nothing to another server. */
export interface CheckpointServer {
  host: string;
  port: number;
}

interface CheckpointFile extends CheckpointServer, ResumePoint {
  formatVersion: number;
  /** The input the file belongs to; for people reading the directory. */
  input: string;
  savedAt: string;
}

function fileStem(input: string): string {
  return createHash('sha256').update(input, 'utf8').digest('hex');
}

function isResumeFile(value: unknown): value is CheckpointFile {
  const v = value as CheckpointFile;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.host === 'string' &&
    Number.isInteger(v.port) &&
    Number.isInteger(v.archiveTimestamp) &&
    v.archiveTimestamp >= 0 &&
    // Archive seconds are 32-bit on the wire: a larger one would wrap in the request, silently.
    v.archiveTimestamp <= 0xffffffff &&
    Array.isArray(v.seen) &&
    v.seen.every((id) => typeof id === 'string')
  );
}

export class CheckpointStore {
  constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  /** `<dir>/<sha256(input)>.json`: input names may hold any character, hashes are safe file names. */
  checkpointPath(input: string): string {
    return join(this.dir, `${fileStem(input)}.json`);
  }

  /** Where the metadata cache of the same input lives, beside its checkpoint. */
  metadataCachePath(input: string): string {
    return join(this.dir, `${fileStem(input)}.metadata.json`);
  }

  /**
   * The saved ResumePoint, or undefined when there is none, it is unreadable, or it is for another
   * FMC. With several (an HA pair), a checkpoint saved for any of them is theirs.
   */
  load(input: string, servers: CheckpointServer | readonly CheckpointServer[]): ResumePoint | undefined {
    const list = Array.isArray(servers) ? servers : [servers as CheckpointServer];
    const path = this.checkpointPath(input);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.log.warn(`cannot read checkpoint ${path} of ${input} (${(err as Error).message}); starting without it`);
      }
      return undefined;
    }
    let saved: unknown;
    try {
      saved = JSON.parse(text);
    } catch {
      saved = undefined;
    }
    if (!isResumeFile(saved) || saved.formatVersion !== CHECKPOINT_FORMAT_VERSION) {
      this.log.warn(`checkpoint ${path} of ${input} is corrupt or of an unknown format; starting without it`);
      return undefined;
    }
    if (!list.some((server) => saved.host === server.host && saved.port === server.port)) {
      this.log.info(
        `checkpoint of ${input} was for ${saved.host}:${saved.port}, the input now reads ${list.map((server) => `${server.host}:${server.port}`).join(', ')}; starting afresh`,
      );
      return undefined;
    }
    return { archiveTimestamp: saved.archiveTimestamp, seen: saved.seen };
  }

  /** Replaces the checkpoint atomically. Throws when the file cannot be written. */
  save(input: string, server: CheckpointServer, resume: ResumePoint): void {
    const content: CheckpointFile = {
      formatVersion: CHECKPOINT_FORMAT_VERSION,
      input,
      host: server.host,
      port: server.port,
      archiveTimestamp: resume.archiveTimestamp,
      seen: resume.seen,
      savedAt: new Date().toISOString(),
    };
    writeFileAtomic(this.checkpointPath(input), JSON.stringify(content) + '\n');
  }
}

export interface CheckpointTrackerOptions {
  store: CheckpointStore;
  input: string;
  server: CheckpointServer;
  log: Logger;
  /** Where the previous run stopped; the tracker continues from it. */
  resume?: ResumePoint;
  /** At most one save per this many milliseconds while events flow. */
  saveIntervalMs?: number;
}

export class CheckpointTracker {
  private resume: ResumePoint;
  private unflushed = 0;
  private dirty = false;
  private lastSave = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly saveIntervalMs: number;
  private readonly saveFailure: RepeatedFailure;

  constructor(private readonly options: CheckpointTrackerOptions) {
    this.resume = { archiveTimestamp: options.resume?.archiveTimestamp ?? 0, seen: [...(options.resume?.seen ?? [])] };
    this.saveIntervalMs = options.saveIntervalMs ?? 1000;
    this.saveFailure = new RepeatedFailure(options.log);
  }

  /** The event was handed to the output. */
  handed(_event: OutputEvent): void {
    this.unflushed++;
  }

  /** The output confirmed the event's bytes reached the OS; events are confirmed in the order handed. */
  flushed(event: OutputEvent): void {
    this.unflushed--;
    // Records without an archive timestamp (metadata) say nothing about where to resume.
    if (event.archiveTimestamp <= 0 || event.archiveTimestamp < this.resume.archiveTimestamp) return;
    if (event.archiveTimestamp > this.resume.archiveTimestamp) {
      this.resume = { archiveTimestamp: event.archiveTimestamp, seen: [event.identity] };
    } else {
      this.resume.seen.push(event.identity);
    }
    this.dirty = true;
    this.scheduleSave();
  }

  /** Events handed to the output and not yet confirmed. */
  get pending(): number {
    return this.unflushed;
  }

  /** What a checkpoint saved now would hold. */
  get resumePoint(): ResumePoint {
    return { archiveTimestamp: this.resume.archiveTimestamp, seen: [...this.resume.seen] };
  }

  /** Saves what is flushed so far and stops the timer. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.saveNow();
  }

  private scheduleSave(): void {
    if (this.timer || this.stopped) return;
    const wait = Math.max(0, this.lastSave + this.saveIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.saveNow();
    }, wait);
    // A pending save must not keep the process alive; stop() saves the rest.
    this.timer.unref();
  }

  private saveNow(): void {
    if (!this.dirty) return;
    const { store, input, server } = this.options;
    try {
      store.save(input, server, this.resume);
      this.dirty = false;
      this.lastSave = Date.now();
      this.saveFailure.succeeded(`checkpoint of ${input} saved to ${store.checkpointPath(input)} again`);
    } catch (err) {
      // One ERROR per cause, not one a second: the events go on, the save is retried.
      this.saveFailure.failed(
        `cannot save the checkpoint of ${input} to ${store.checkpointPath(input)}: ${(err as Error).message}; streaming goes on, the save is retried`,
      );
      this.lastSave = Date.now();
      this.scheduleSave();
    }
  }
}
