// `estreamer demo` (npm start): a fresh PKI, the simulator on an ephemeral port, and the real
// client streaming its events to stdout until Ctrl-C.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCredentials } from '../client/credentials';
import { openEventSource } from '../client/event-source';
import { HealthReporter } from '../client/health';
import { createLogger, parseLogLevel } from '../log';
import { intOption, OUTPUT_HELP, OUTPUT_OPTIONS, outputOptions, parse } from './options';
import { startSimulator } from './simulate';
import { pumpToStdout, stopSignal } from './stream';

export const DEMO_HELP = `Usage: estreamer demo [--rate R] [--events N] [--format F] [--records LIST]

Creates a throw-away PKI, starts the built-in FMC simulator on 127.0.0.1 and streams its
events through the real client (mutual TLS, extended request, bundles) to stdout as key=value
lines, with a health line on stderr every few seconds, until Ctrl-C.

  --events N        events the simulated FMC holds at start (default 200)
  --rate R          new events per second (default 20)
${OUTPUT_HELP}`;

export async function demoCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { rate: { type: 'string' }, events: { type: 'string' }, ...OUTPUT_OPTIONS, 'log-level': { type: 'string' } });
  if (values.help) {
    process.stdout.write(DEMO_HELP + '\n');
    return 0;
  }
  const output = outputOptions(values);
  const log = createLogger({ level: parseLogLevel(values['log-level']) });
  const dir = mkdtempSync(join(tmpdir(), 'estreamer-demo-'));
  try {
    const sim = await startSimulator({
      pkiDir: join(dir, 'pki'),
      port: 0,
      events: intOption(values.events, 'events', 200),
      rate: Number(values.rate ?? 20),
      logger: createLogger({ level: 'WARN', name: 'simulator' }),
    });
    log.info(`demo: FMC simulator on ${sim.host}:${sim.port}; streaming with the real client (Ctrl-C to stop)`);
    const client = openEventSource(
      {
        host: sim.host,
        port: sim.port,
        credentials: loadCredentials({ pkcs12File: sim.pkcs12File, password: sim.password }),
        start: 'genesis',
        output,
      },
      undefined,
      log,
    );
    const stopHealth = new HealthReporter(() => client.stats(), log).every(5000);
    try {
      await pumpToStdout(client, stopSignal());
    } finally {
      // Also when the pump fails: a simulator left listening would keep the demo alive, silent.
      stopHealth();
      await sim.stop();
    }
    log.info(`demo: stopped after ${client.stats().handled} events`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}
