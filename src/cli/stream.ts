// `estreamer stream`: the stand-alone client; events on stdout, logs on stderr, until stopped.

import { once } from 'node:events';
import { CheckpointStore } from '../client/checkpoint';
import { loadCredentials } from '../client/credentials';
import { openEventSource, type StreamingClient } from '../client/event-source';
import { createLogger, parseLogLevel, type Logger } from '../log';
import { CONNECTION_HELP, CONNECTION_OPTIONS, intOption, parse, readPassword, tlsVersion, UsageError } from './options';

export const STREAM_HELP = `Usage: estreamer stream --host H [--port P] --pkcs12 FILE (--password-env VAR | --password-file F)
                        [--start genesis|now|bookmark] [--checkpoint-dir D] [--format kv|json] [--no-verify-server]

Streams every event the FMC sends to stdout, one per line, until stopped (Ctrl-C or SIGTERM).
Logs go to stderr. With --checkpoint-dir the position is kept across runs: a restart resumes
where the last run stopped, without gaps or duplicates.

${CONNECTION_HELP}
  --start S                where to start on the first run: bookmark (default; genesis when
                           there is none), genesis (all the FMC has) or now
  --checkpoint-dir D       directory for the checkpoint and the metadata cache
  --format kv|json         output format (default kv)
  --response-timeout S     reconnect when the FMC is silent this long (default 120)
  --monitor-period S       seconds between health lines on stderr (default 60; 0 = none)
  --log-level L            DEBUG, INFO, WARN or ERROR (default INFO)`;

/** Prints a health line every `periodS` seconds. */
export function startMonitor(client: StreamingClient, periodS: number, log: Logger): () => void {
  if (periodS <= 0) return () => {};
  let last = { at: Date.now(), handled: 0 };
  const timer = setInterval(() => {
    const s = client.stats();
    const now = Date.now();
    const rate = ((s.handled - last.handled) * 1000) / Math.max(1, now - last.at);
    last = { at: now, handled: s.handled };
    const lag = s.lastEventTime ? Math.max(0, now / 1000 - s.lastEventTime).toFixed(0) + ' s' : 'n/a';
    log.info(
      `health: ${s.connected ? 'connected' : 'disconnected'}; ${s.handled} events handled; ${rate.toFixed(1)} ev/s; ` +
        `lag ${lag}; bookmark ${s.bookmark ? new Date(s.bookmark * 1000).toISOString() : 'none'}; ` +
        `reconnects ${s.reconnects}; FMC errors ${s.fmcErrors}; malformed ${s.malformed}`,
    );
  }, periodS * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/** Writes a client's events to stdout until `stopSignal` resolves; keeps the checkpoint if asked. */
export async function pumpToStdout(
  client: StreamingClient,
  stopSignal: Promise<unknown>,
  checkpoint?: { save: () => void },
): Promise<void> {
  const out = process.stdout;
  let stopping = false;
  void stopSignal.then(() => {
    stopping = true;
    void client.stop();
  });
  // A checkpoint covers only events flushed to stdout: save when nothing is buffered.
  const saver = checkpoint
    ? setInterval(() => {
        if (out.writableLength === 0) checkpoint.save();
      }, 1000)
    : undefined;
  saver?.unref();
  try {
    for await (const event of client.events) {
      if (!out.write(event.line + '\n')) await once(out, 'drain');
      if (stopping) break;
    }
  } finally {
    if (saver) clearInterval(saver);
    await client.stop();
    if (out.writableLength > 0) await once(out, 'drain');
    checkpoint?.save();
  }
}

export function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve(sig));
  });
}

export async function streamCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    ...CONNECTION_OPTIONS,
    start: { type: 'string' },
    'checkpoint-dir': { type: 'string' },
    format: { type: 'string' },
    'response-timeout': { type: 'string' },
    'monitor-period': { type: 'string' },
    'log-level': { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(STREAM_HELP + '\n');
    return 0;
  }
  if (!values.host) throw new UsageError('--host is required');
  if (!values.pkcs12) throw new UsageError('--pkcs12 is required');
  const start = values.start ?? 'bookmark';
  if (start !== 'genesis' && start !== 'now' && start !== 'bookmark') throw new UsageError(`--start must be genesis, now or bookmark, got "${start}"`);
  const format = values.format ?? 'kv';
  if (format !== 'kv' && format !== 'json') throw new UsageError(`--format must be kv or json, got "${format}"`);
  const log = createLogger({ level: parseLogLevel(values['log-level']) });
  const host = values.host;
  const port = intOption(values.port, 'port', 8302);
  const credentials = loadCredentials({ pkcs12File: values.pkcs12, password: readPassword(values) });
  const dir = values['checkpoint-dir'];
  const store = dir ? new CheckpointStore(dir, log) : undefined;
  const stanza = `${host}:${port}`;
  const resume = store?.load(stanza, { host, port });
  const client = openEventSource(
    {
      host,
      port,
      credentials,
      verifyServer: !values['no-verify-server'],
      tlsMinVersion: tlsVersion(values['tls-min-version']),
      connectTimeoutMs: intOption(values['connect-timeout'], 'connect-timeout', 10) * 1000,
      responseTimeoutMs: intOption(values['response-timeout'], 'response-timeout', 120) * 1000,
      start,
      output: { format },
      metadataCacheFile: store?.metadataCachePath(stanza),
    },
    resume,
    log,
  );
  const stopMonitor = startMonitor(client, intOption(values['monitor-period'], 'monitor-period', 60), log);
  await pumpToStdout(client, stopSignal(), store ? { save: () => store.save(stanza, { host, port }, client.resumePoint()) } : undefined);
  stopMonitor();
  log.info(`stopped after ${client.stats().handled} events`);
  return 0;
}
