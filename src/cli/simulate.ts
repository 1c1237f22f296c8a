// `estreamer simulate`: the built-in FMC simulator on the command line.

import { readFileSync } from 'node:fs';
import type { Logger } from '../log';
import { createLogger, parseLogLevel } from '../log';
import { serverMessages } from '../simulator/capture';
import { TrafficGenerator } from '../simulator/generator';
import { History } from '../simulator/history';
import { ensurePki } from '../simulator/pki';
import { FmcSimulator, type FaultOptions } from '../simulator/server';
import { intOption, parse, UsageError } from './options';

export const SIMULATE_HELP = `Usage: estreamer simulate --pki DIR [options]

Runs an FMC eStreamer server (mutual TLS) for tests, benchmarks and demos.
--pki DIR is created if absent: ca.pem, server.pem/.key and client.pkcs12, the client
PKCS#12 encrypted the way the FMC does it (RC2-40 certificates, 3DES key, SHA-1 MAC).

  --pki DIR                where the simulator's CA, server and client credentials live
  --pkcs12-password P      password of the client PKCS#12 (default estreamer)
  --client-cn CN           the client address the certificate is issued for (default 127.0.0.1)
  --host H                 address to listen on (default 127.0.0.1)
  --port P                 port (default 8302; 0 = any free port)
  --no-cn-check            accept clients whose address differs from the certificate CN
  --seed N                 seed of the traffic generator (default 1)
  --events N               events stored before the first client connects (default 1000)
  --rate R                 events per second added while running (default 0)
  --replay FILE            serve the server frames of a capture (JSON or raw) instead
  --keepalive S            seconds of idleness before a keepalive Null (default 2)
  --close-after-bundles N  fault: close the connection after N bundles
  --close-mid-bundle       fault: with the above, cut the next bundle in half first
  --error-after-bundles N  fault: send an Error message after N bundles
  --stall-after-bundles N  fault: go silent after N bundles
  --log-level L            DEBUG, INFO, WARN or ERROR (default INFO)`;

/** Events the simulator keeps when it is fed by --rate (some tens of MB of generated events). */
const HISTORY_CAPACITY = 100_000;

export interface RunningSimulator {
  simulator: FmcSimulator;
  host: string;
  port: number;
  pkcs12File: string;
  password: string;
  history: History;
  stop(): Promise<void>;
}

export interface SimulatorSetup {
  pkiDir: string;
  password?: string;
  clientCN?: string;
  host?: string;
  port?: number;
  cnCheck?: boolean;
  seed?: number;
  events?: number;
  rate?: number;
  replay?: Buffer[];
  keepaliveMs?: number;
  faults?: FaultOptions;
  logger?: Logger;
}

/** Creates the PKI if needed, fills the history and starts listening. */
export async function startSimulator(setup: SimulatorSetup): Promise<RunningSimulator> {
  const password = setup.password ?? 'estreamer';
  const pki = ensurePki(setup.pkiDir, { clientCN: setup.clientCN ?? '127.0.0.1', password });
  const events = setup.events ?? 1000;
  // A live simulator (--rate) stores its events at the wall clock's second, as an FMC does, so the
  // client's lag means what it says; its history reaches back as far as that rate would have taken.
  const live = setup.rate && setup.rate > 0 ? setup.rate : undefined;
  const generator = new TrafficGenerator(
    live ? { seed: setup.seed ?? 1, eventsPerSecond: live, baseTime: Math.floor(Date.now() / 1000) - Math.ceil(events / live) } : { seed: setup.seed ?? 1 },
  );
  // Fed forever (--rate), it keeps the newest events only, as an FMC's database does.
  const history = generator.fill(new History(Math.max(events, HISTORY_CAPACITY)), events);
  const simulator = new FmcSimulator({
    pki,
    history,
    host: setup.host,
    port: setup.port,
    cnCheck: setup.cnCheck,
    keepaliveMs: setup.keepaliveMs,
    faults: setup.faults,
    replay: setup.replay,
    logger: setup.logger,
  });
  const { host, port } = await simulator.listen();
  let timer: NodeJS.Timeout | undefined;
  if (setup.rate && setup.rate > 0) {
    // Add events in ten small batches a second so the stream looks live.
    let owed = 0;
    timer = setInterval(() => {
      owed += setup.rate! / 10;
      const n = Math.floor(owed);
      owed -= n;
      if (n) generator.append(history, n);
    }, 100);
  }
  return {
    simulator,
    host,
    port,
    pkcs12File: pki.files.clientPkcs12,
    password,
    history,
    async stop() {
      if (timer) clearInterval(timer);
      await simulator.close();
    },
  };
}

export async function simulateCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    pki: { type: 'string' },
    'pkcs12-password': { type: 'string' },
    'client-cn': { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    'no-cn-check': { type: 'boolean' },
    seed: { type: 'string' },
    events: { type: 'string' },
    rate: { type: 'string' },
    replay: { type: 'string' },
    keepalive: { type: 'string' },
    'close-after-bundles': { type: 'string' },
    'close-mid-bundle': { type: 'boolean' },
    'error-after-bundles': { type: 'string' },
    'stall-after-bundles': { type: 'string' },
    'log-level': { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(SIMULATE_HELP + '\n');
    return 0;
  }
  if (!values.pki) throw new UsageError('--pki DIR is required');
  const log = createLogger({ level: parseLogLevel(values['log-level']), name: 'simulator' });
  const faults: FaultOptions = {};
  if (values['close-after-bundles'] !== undefined) faults.closeAfterBundles = intOption(values['close-after-bundles'], 'close-after-bundles', 0);
  if (values['close-mid-bundle']) faults.closeMidBundle = true;
  if (values['error-after-bundles'] !== undefined) {
    faults.errorAfterBundles = { after: intOption(values['error-after-bundles'], 'error-after-bundles', 0), code: 19, text: 'simulated FMC error' };
  }
  if (values['stall-after-bundles'] !== undefined) faults.stallAfterBundles = intOption(values['stall-after-bundles'], 'stall-after-bundles', 0);
  const running = await startSimulator({
    pkiDir: values.pki,
    password: values['pkcs12-password'],
    clientCN: values['client-cn'],
    host: values.host,
    port: intOption(values.port, 'port', 8302),
    cnCheck: !values['no-cn-check'],
    seed: intOption(values.seed, 'seed', 1),
    events: intOption(values.events, 'events', 1000),
    rate: Number(values.rate ?? 0),
    replay: values.replay ? serverMessages(readFileSync(values.replay)) : undefined,
    keepaliveMs: intOption(values.keepalive, 'keepalive', 2) * 1000,
    faults,
    logger: log,
  });
  log.info(`FMC simulator listening on ${running.host}:${running.port}; client PKCS#12 ${running.pkcs12File} (password "${running.password}")`);
  await new Promise<void>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
  });
  await running.stop();
  return 0;
}
