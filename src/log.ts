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
