// The periodic INFO line that tells an admin the client is alive and keeping up; the same line
// for the Splunk input and the stand-alone `stream` command.

import type { Logger } from '../log';

export interface HealthStats {
  handled: number;
  reconnects: number;
  /** Event time (seconds) of the last event handed out; 0 before the first. */
  lastEventTime: number;
  /** Archive second of the last record handed out; 0 before the first. */
  bookmark: number;
  fmcErrors?: number;
  malformed?: number;
  /** The FMC streamed from (`host:port`, 'none' while not connected), when the source says. */
  fmc?: string;
  /** What the client is doing (SessionState); sources that do not say are `running`. */
  state?: string;
  /** Archive second (FMC time) of the last event handed out in this run; 0 before the first. */
  lastArchiveTime?: number;
}

/** How often a change of state is looked for, to report it at once rather than at the next period. */
const STATE_POLL_MS = 500;

export class HealthReporter {
  private lastHandled = 0;
  private lastAt = Date.now();
  private lastState: string | undefined;

  constructor(
    private readonly stats: () => HealthStats,
    private readonly log: Logger,
    /** Events handed to the output and not yet flushed, when someone counts them. */
    private readonly unflushed?: () => number,
  ) {}

  report(state?: string): void {
    const stats = this.stats();
    state ??= stats.state ?? 'running';
    this.lastState = state;
    const now = Date.now();
    const seconds = Math.max((now - this.lastAt) / 1000, 0.001);
    const rate = (stats.handled - this.lastHandled) / seconds;
    this.lastHandled = stats.handled;
    this.lastAt = now;
    // How far behind the FMC's archive we are; event times say when things happened on the network.
    const lagFrom = stats.lastArchiveTime ?? stats.lastEventTime;
    const lag = lagFrom > 0 ? `${Math.max(0, now / 1000 - lagFrom).toFixed(1)}s` : 'none';
    const bookmark = stats.bookmark > 0 ? `${stats.bookmark} bookmark_time=${new Date(stats.bookmark * 1000).toISOString()}` : 'none';
    this.log.info(
      `health state=${state} handled=${stats.handled} rate=${rate.toFixed(1)}/s lag=${lag} bookmark=${bookmark} ` +
        `reconnects=${stats.reconnects}` +
        (this.unflushed ? ` unflushed=${this.unflushed()}` : '') +
        (stats.fmcErrors !== undefined ? ` fmc_errors=${stats.fmcErrors}` : '') +
        (stats.malformed !== undefined ? ` malformed=${stats.malformed}` : '') +
        (stats.fmc !== undefined ? ` fmc=${stats.fmc}` : ''),
    );
  }

  /** Reports every `periodMs`, and whenever the state changes, until the returned function is called. */
  every(periodMs: number): () => void {
    if (periodMs <= 0) return () => {};
    const timer = setInterval(() => this.report(), periodMs);
    timer.unref();
    const watch = setInterval(() => {
      const state = this.stats().state;
      if (state !== undefined && state !== this.lastState) this.report(state);
    }, STATE_POLL_MS);
    watch.unref();
    return () => {
      clearInterval(timer);
      clearInterval(watch);
    };
  }
}
