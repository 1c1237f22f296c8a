// `estreamer stream`: the stand-alone client; events on stdout, logs on stderr, until stopped.

import { once } from 'node:events';
import { CheckpointStore, CheckpointTracker } from '../client/checkpoint';
import { loadCredentials } from '../client/credentials';
import { openEventSource, type StreamingClient } from '../client/event-source';
import { HealthReporter } from '../client/health';
import { parseStart, START_SYNTAX } from '../client/start';
import { createLogger, parseLogLevel } from '../log';
import { CONNECTION_HELP, CONNECTION_OPTIONS, hostsOption, intOption, OUTPUT_HELP, OUTPUT_OPTIONS, outputOptions, parse, readPassword, tlsVersion, UsageError } from './options';

export const STREAM_HELP = `Usage: estreamer stream --host H[,H2...] [--port P] --pkcs12 FILE (--password-env VAR | --password-file F)
                        [--start S] [--checkpoint-dir D] [--format F] [--fields all|compact] [--records LIST]
                        [--no-verify-server]
                        [--device NAME|ID ...]

Streams every event the FMC sends to stdout, one per line, until stopped (Ctrl-C or SIGTERM).
Logs go to stderr. With --checkpoint-dir the position is kept across runs: a restart resumes
where the last run stopped, without gaps or duplicates.

${CONNECTION_HELP}
  --failback-after S       with an HA pair: streams from the first FMC that answers and moves to
                           the next when it fails; while on another than the primary, checks it
                           every S seconds and goes back to it once it answers (default 300;
                           0 = never)
  --device D               only the events of managed device D (its name as the FMC gives it, or
                           its id); repeat for several
  --start S                where to start on the first run: bookmark (default; genesis when
                           there is none), genesis (all the FMC has), now, a time (ISO 8601
                           such as 2025-11-28T13:00:00Z, or epoch seconds), or
                           encore_bookmark:<path> (where eNcore stopped)
  --checkpoint-dir D       directory for the checkpoint and the metadata cache
${OUTPUT_HELP}
  --response-timeout S     reconnect when the FMC is silent this long (default 120)
  --monitor-period S       seconds between health lines on stderr (default 60; 0 = none)
  --log-level L            DEBUG, INFO, WARN or ERROR (default INFO)`;

/**
 * Writes a client's events to stdout until `stopSignal` resolves. With a tracker, each event is
 * reported handed and then flushed (the write callback), so the checkpoint covers only events
 * that reached stdout.
 */
export async function pumpToStdout(client: StreamingClient, stopSignal: Promise<unknown>, tracker?: CheckpointTracker): Promise<void> {
  const out = process.stdout;
  let stopping = false;
  void stopSignal.then(() => {
    stopping = true;
    void client.stop();
  });
  try {
    for await (const event of client.events) {
      tracker?.handed(event);
      const ok = out.write(event.line + '\n', tracker ? () => tracker.flushed(event) : undefined);
      if (!ok) await once(out, 'drain');
      if (stopping) break;
    }
  } finally {
    await client.stop();
    if (out.writableLength > 0) await once(out, 'drain');
    tracker?.stop();
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
    ...OUTPUT_OPTIONS,
    'response-timeout': { type: 'string' },
    'monitor-period': { type: 'string' },
    'log-level': { type: 'string' },
    'failback-after': { type: 'string' },
    device: { type: 'string', multiple: true },
  });
  if (values.help) {
    process.stdout.write(STREAM_HELP + '\n');
    return 0;
  }
  if (!values.host) throw new UsageError('--host is required');
  if (!values.pkcs12) throw new UsageError('--pkcs12 is required');
  let start;
  try {
    start = parseStart(values.start ?? 'bookmark');
  } catch {
    throw new UsageError(`--start must be ${START_SYNTAX}, got "${values.start}"`);
  }
  const output = outputOptions(values);
  const log = createLogger({ level: parseLogLevel(values['log-level']) });
  const hosts = hostsOption(values.host, values.port);
  const [{ host, port }, ...failoverHosts] = hosts;
  // Usage errors before the PKCS#12 is opened: they say what to fix first.
  const failbackAfterMs = intOption(values['failback-after'], 'failback-after', 300, 86400) * 1000;
  const credentials = loadCredentials({ pkcs12File: values.pkcs12, password: readPassword(values) });
  const dir = values['checkpoint-dir'];
  const store = dir ? new CheckpointStore(dir, log) : undefined;
  // An HA pair keeps the checkpoint of its primary, so adding a standby keeps the position.
  const stanza = `${host}:${port}`;
  const server = { host, port };
  const resume = store?.load(stanza, hosts);
  const client = openEventSource(
    {
      host,
      port,
      failoverHosts,
      failbackAfterMs,
      credentials,
      verifyServer: !values['no-verify-server'],
      tlsMinVersion: tlsVersion(values['tls-min-version']),
      connectTimeoutMs: intOption(values['connect-timeout'], 'connect-timeout', 10) * 1000,
      responseTimeoutMs: intOption(values['response-timeout'], 'response-timeout', 120) * 1000,
      start,
      output: { ...output, devices: values.device },
      metadataCacheFile: store?.metadataCachePath(stanza),
    },
    resume,
    log,
  );
  const tracker = store ? new CheckpointTracker({ store, input: stanza, server, log, resume }) : undefined;
  const health = new HealthReporter(() => client.stats(), log, tracker ? () => tracker.pending : undefined);
  const stopHealth = health.every(intOption(values['monitor-period'], 'monitor-period', 60) * 1000);
  await pumpToStdout(client, stopSignal(), tracker);
  stopHealth();
  health.report('stopped');
  log.info(`stopped after ${client.stats().handled} events`);
  return 0;
}
