// Logging to stderr, one line per message, prefixed with the level word splunkd understands
// (DEBUG, INFO, WARN, ERROR). Events go to stdout; nothing else may be written there.

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
const rank: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40 };

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  /** A logger whose lines carry `[name]` after the level. */
  child(name: string): Logger;
  enabled(level: LogLevel): boolean;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; stderr by default. */
  write?: (line: string) => void;
  name?: string;
}

export function parseLogLevel(value: string | undefined, fallback: LogLevel = 'INFO'): LogLevel {
  const v = (value ?? '').toUpperCase();
  if (v === 'WARNING') return 'WARN';
  return v in rank ? (v as LogLevel) : fallback;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const min = rank[opts.level ?? parseLogLevel(process.env.ESTREAMER_LOG_LEVEL)];
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const make = (name: string | undefined): Logger => {
    const emit = (level: LogLevel, msg: string) => {
      if (rank[level] < min) return;
      // One line per message: splunkd splits stderr on newlines.
      const text = msg.replace(/\r?\n/g, '\\n');
      write(name ? `${level} [${name}] ${text}` : `${level} ${text}`);
    };
    return {
      debug: (m) => emit('DEBUG', m),
      info: (m) => emit('INFO', m),
      warn: (m) => emit('WARN', m),
      error: (m) => emit('ERROR', m),
      child: (n) => make(name ? `${name}.${n}` : n),
      enabled: (level) => rank[level] >= min,
    };
  };
  return make(opts.name);
}

/** A logger that keeps its lines in memory; for tests. */
export function memoryLogger(level: LogLevel = 'DEBUG'): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level, write: (l) => lines.push(l) });
  return Object.assign(logger, { lines });
}

/**
 * Warnings that may repeat without end (a hostile or broken FMC) without flooding the log: of each
 * kind, the first `burst` lines of a period are written and the rest only counted, then summed up
 * in one line ("… 200,703 more in the last minute") when the period ends or at `flush()`.
 */
export class RateLimitedLog {
  private readonly kinds = new Map<string, { written: number; more: number; level: 'info' | 'warn'; last: string }>();
  private periodStart = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly burst = 5;
  private readonly periodMs = 60_000;

  constructor(private readonly log: Logger) {}

  warn(kind: string, msg: string): void {
    this.note('warn', kind, msg);
  }

  info(kind: string, msg: string): void {
    this.note('info', kind, msg);
  }

  /** Writes the counts of the period so far and starts a new one. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const seconds = (Date.now() - this.periodStart) / 1000;
    const span = seconds >= 59.5 ? 'minute' : `${Math.max(1, Math.round(seconds))} s`;
    for (const [kind, k] of this.kinds) {
      if (k.more > 0) this.log[k.level](`… ${k.more.toLocaleString('en-US')} more ${kind} in the last ${span} (the last: ${k.last})`);
    }
    this.kinds.clear();
  }

  private note(level: 'info' | 'warn', kind: string, msg: string): void {
    if (this.timer === undefined) {
      this.periodStart = Date.now();
      this.timer = setTimeout(() => this.flush(), this.periodMs);
      this.timer.unref();
    }
    let k = this.kinds.get(kind);
    if (!k) this.kinds.set(kind, (k = { written: 0, more: 0, level, last: '' }));
    if (k.written < this.burst) {
      k.written++;
      this.log[level](msg);
    } else {
      k.more++;
      k.last = msg;
    }
  }
}

/**
 * A failure retried until it goes away (a checkpoint that cannot be saved): one ERROR per distinct
 * cause rather than one per attempt, and one INFO when it works again.
 */
export class RepeatedFailure {
  private last: string | undefined;

  constructor(private readonly log: Logger) {}

  failed(msg: string): void {
    if (msg !== this.last) this.log.error(msg);
    this.last = msg;
  }

  succeeded(msg: string): void {
    if (this.last !== undefined) this.log.info(msg);
    this.last = undefined;
  }
}
