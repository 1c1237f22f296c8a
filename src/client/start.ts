// Where a first run starts, shared by the Splunk input's `start` setting and `stream --start`:
// a keyword, a point in time (ISO 8601 or epoch seconds), or the second an eNcore bookmark file
// holds (`encore_bookmark:<path>`), so that switching from eNcore neither re-indexes the FMC's
// whole history nor leaves a gap. Only a first run uses it: afterwards the checkpoint wins.

import { readFileSync } from 'node:fs';
import { START_NOW } from '../protocol/messages';
import type { ResumePoint } from './events';

/** A start keyword: the oldest event the FMC keeps (bookmark without a checkpoint, genesis) or only new events. */
export type StartKeyword = 'bookmark' | 'genesis' | 'now';
/** A start keyword, an archive second, or an eNcore bookmark file to read the second from. */
export type StartMode = StartKeyword | { at: number } | { encoreBookmark: string };

export const START_SYNTAX = 'bookmark, genesis, now, a time (ISO 8601 such as 2025-11-28T13:00:00Z, or epoch seconds) or encore_bookmark:<path>';

const ENCORE_PREFIX = 'encore_bookmark:';
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Seconds since 1970 of an ISO 8601 date or date-time; without a zone, UTC. Undefined when not one. */
function isoSeconds(text: string): number | undefined {
  const m = ISO_8601.exec(text);
  if (!m) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', zone = 'Z'] = m;
  const ms = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
  // Date.parse accepts 2025-02-30 as March 2: read the date back to refuse it.
  if (Number.isNaN(ms) || (zone.toUpperCase() === 'Z' && new Date(ms).toISOString().slice(0, 10) !== `${year}-${month}-${day}`)) return undefined;
  return Math.floor(ms / 1000);
}

function archiveSecond(seconds: number, text: string): number {
  if (seconds <= 0 || seconds >= START_NOW) throw new Error(`"${text}" is not a time between 1970 and 2106`);
  return seconds;
}

/**
 * The start setting as typed; throws an Error saying what is accepted. The eNcore bookmark path
 * is kept as given (the caller resolves a relative one); the file is read by `firstPosition`, at
 * the first run, so that a later run does not depend on it.
 */
export function parseStart(text: string): StartMode {
  const value = text.trim();
  const keyword = value.toLowerCase();
  if (keyword === 'bookmark' || keyword === 'genesis' || keyword === 'now') return keyword;
  if (keyword.startsWith(ENCORE_PREFIX)) {
    const path = value.slice(ENCORE_PREFIX.length).trim();
    if (!path) throw new Error(`${ENCORE_PREFIX} needs the path of eNcore's <host>-<port>_bookmark.dat file`);
    return { encoreBookmark: path };
  }
  if (/^\d+(\.\d+)?$/.test(value)) return { at: archiveSecond(Math.floor(Number(value)), value) };
  const iso = isoSeconds(value);
  if (iso !== undefined) return { at: archiveSecond(iso, value) };
  throw new Error(`"${value}" is not one of ${START_SYNTAX}`);
}

/**
 * The archive second in eNcore's bookmark file (`{"1": <epoch seconds>}`, encore.md §7): the
 * highest second eNcore wrote. Throws an Error naming the file and what is wrong with it.
 */
export function readEncoreBookmark(path: string): number {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the eNcore bookmark ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let value: unknown;
  try {
    value = (JSON.parse(text) as Record<string, unknown>)?.['1'];
  } catch {
    value = undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value >= START_NOW) {
    throw new Error(`${path} is not an eNcore bookmark: expected {"1": <epoch seconds>} as eNcore's <host>-<port>_bookmark.dat holds`);
  }
  return value;
}

/**
 * Where a first run asks the FMC to start: a keyword, or an archive second with nothing of it
 * seen yet. eNcore's second is asked again whole (its file lists no events of it): a few
 * duplicates rather than a gap.
 */
export function firstPosition(start: StartMode): 'genesis' | 'now' | ResumePoint {
  if (start === 'bookmark' || start === 'genesis') return 'genesis';
  if (start === 'now') return 'now';
  const at = 'at' in start ? start.at : readEncoreBookmark(start.encoreBookmark);
  return { archiveTimestamp: at, seen: [] };
}

/** The start setting as the logs say it. */
export function describeStart(start: StartMode): string {
  if (typeof start === 'string') return start;
  if ('at' in start) return `${new Date(start.at * 1000).toISOString()} (archive second ${start.at})`;
  return `${ENCORE_PREFIX}${start.encoreBookmark}`;
}
