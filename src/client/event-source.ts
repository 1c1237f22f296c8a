// The whole client behind one object: a Session with the FMC feeding the record pipeline (decode,
// decorate, format), with the metadata cache loaded at start and saved as it learns. Used by the
// stand-alone `stream` command, the demo and the Splunk modular input.

import type { SecureVersion } from 'node:tls';
import { RepeatedFailure, type Logger } from '../log';
import { MetadataCache } from '../metadata/cache';
import { RecordPipeline, type PipelineOptions } from '../output/pipeline';
import type { Credentials } from './credentials';
import type { OutputEvent, ResumePoint } from './events';
import type { FmcAddress } from './fmc-hosts';
import { Session, type SessionStats } from './session';
import { firstPosition, type StartMode } from './start';

export interface StreamConfig {
  host: string;
  port: number;
  credentials: Credentials;
  verifyServer?: boolean;
  tlsMinVersion?: SecureVersion;
  connectTimeoutMs?: number;
  responseTimeoutMs?: number;
  /**
   * Where to start when there is no resume point yet (first run); afterwards the resume point
   * always wins, so a restart neither replays history nor skips what arrived meanwhile.
   * `bookmark` without a resume point starts at genesis; a time, or eNcore's bookmark, at that
   * archive second.
   */
  start: StartMode;
  flags?: number;
  output: Omit<PipelineOptions, 'logger' | 'cache'>;
  /** Where the metadata cache persists between runs (none: memory only). */
  metadataCacheFile?: string;
  highWaterBytes?: number;
  /** The other FMCs of an HA pair, after the primary `host`:`port` (fmc-hosts.ts). */
  failoverHosts?: readonly FmcAddress[];
  failbackAfterMs?: number;
}

export interface EventSourceStats extends SessionStats {
  malformed: number;
  unknownTypes: number;
}

export interface StreamingClient {
  events: AsyncIterable<OutputEvent>;
  stop(): Promise<void>;
  stats(): EventSourceStats;
}

const CACHE_SAVE_INTERVAL_MS = 5_000;

export function openEventSource(config: StreamConfig, resume: ResumePoint | undefined, log: Logger): StreamingClient {
  const cache = new MetadataCache();
  if (config.metadataCacheFile) cache.load(config.metadataCacheFile, log);
  const pipeline = new RecordPipeline({ ...config.output, cache, logger: log.child('records') });
  const start = resume ?? firstPosition(config.start);
  const session = new Session({
    host: config.host,
    port: config.port,
    credentials: config.credentials,
    verifyServer: config.verifyServer,
    tlsMinVersion: config.tlsMinVersion,
    connectTimeoutMs: config.connectTimeoutMs,
    responseTimeoutMs: config.responseTimeoutMs,
    flags: config.flags,
    start,
    process: (record) => pipeline.process(record),
    logger: log.child('session'),
    highWaterBytes: config.highWaterBytes,
    failoverHosts: config.failoverHosts,
    failbackAfterMs: config.failbackAfterMs,
  });
  // A cache that cannot be saved costs names after a restart, not events: say so, keep streaming, retry.
  const saveFailure = new RepeatedFailure(log);
  const saveCache = () => {
    const file = config.metadataCacheFile;
    if (!file || !cache.dirty) return;
    try {
      cache.save(file);
      saveFailure.succeeded(`metadata cache saved to ${file} again`);
    } catch (err) {
      saveFailure.failed(`cannot save the metadata cache to ${file}: ${(err as Error).message}; streaming goes on, the save is retried`);
    }
  };
  const timer = setInterval(saveCache, CACHE_SAVE_INTERVAL_MS);
  timer.unref();
  return {
    events: session,
    stats: () => {
      const p = pipeline.stats();
      const s = session.stats();
      return { ...s, malformed: s.malformed + p.malformed, unknownTypes: p.unknown };
    },
    async stop() {
      clearInterval(timer);
      await session.stop();
      saveCache();
    },
  };
}
