// Memory stays bounded whatever the stream's length: 500,000 of the real capture's connection
// events through Splunk run mode (the entry point as splunkd runs it, mutual TLS to the
// simulator, XML on a pipe), the heap measured after a full GC at 50,000 events and at the end.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../src/log';
import { capturedConnectionBundles } from '../../src/simulator/capture';
import { History } from '../../src/simulator/history';
import { FmcSimulator } from '../../src/simulator/server';
import { CAPTURE_FILE, REPO } from '../paths';
import { inputDefinitionXml } from '../splunk-definition';
import { useSimulatorPki } from '../simulator-pki';

const TOTAL = 500_000;
const FIRST = 50_000;
/** Growth of the live heap allowed between the two measurements. */
const SLACK_MB = 4;

const fixture = useSimulatorPki('estreamer-soak-', { password: 'estreamer' });

function definition(port: number): string {
  return inputDefinitionXml({
    serverHost: 'soak', serverUri: 'https://127.0.0.1:9', sessionKey: 'k', checkpointDir: fixture.dir, stanza: 'estreamer://soak',
    params: { fmc_host: '127.0.0.1', fmc_port: port, pkcs12_file: fixture.pki.files.clientPkcs12, pkcs12_password: 'estreamer', start: 'genesis', monitor_period: 3600 },
  });
}

test(`run mode: the heap after ${TOTAL.toLocaleString('en-US')} events is within ${SLACK_MB} MB of the heap after ${FIRST.toLocaleString('en-US')}`, { timeout: 120_000 }, async () => {
  const sim = new FmcSimulator({
    pki: fixture.pki,
    history: new History(),
    bundles: capturedConnectionBundles(readFileSync(CAPTURE_FILE), TOTAL + 1000),
    window: 16,
    logger: createLogger({ level: 'ERROR' }),
  });
  const { port } = await sim.listen();
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(REPO, 'test', 'e2e', 'heap-probe.ts')], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-5000)));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.stdin!.end(definition(port));
  const heapAt = (): Promise<number> =>
    new Promise((resolve) => {
      child.once('message', (m: { heapUsed: number }) => resolve(m.heapUsed / 2 ** 20));
      child.send('gc');
    });
  try {
    const heaps: number[] = [];
    let lines = 0;
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      void exited.then(() => reject(new Error(`run mode exited after ${lines} lines: ${stderr}`)));
      let asked = 0;
      child.stdout!.on('data', (chunk: Buffer) => {
        for (let p = chunk.indexOf(10); p >= 0; p = chunk.indexOf(10, p + 1)) lines++;
        const next = asked === 0 ? FIRST : asked === 1 ? TOTAL : Infinity;
        if (lines >= next) {
          asked++;
          // Events keep flowing while the child answers.
          void heapAt().then((mb) => {
            heaps.push(mb);
            if (heaps.length === 2) resolve();
          }, reject);
        }
      });
    });
    const seconds = (Date.now() - started) / 1000;
    const [first, last] = heaps;
    assert.ok(last - first <= SLACK_MB, `heap grew from ${first.toFixed(1)} MB to ${last.toFixed(1)} MB over ${lines} events (${seconds.toFixed(1)} s)`);
    console.log(`soak: ${lines} lines in ${seconds.toFixed(1)} s; heap ${first.toFixed(1)} MB after ${FIRST}, ${last.toFixed(1)} MB after ${TOTAL}`);
  } finally {
    child.kill('SIGTERM');
    await exited;
    await sim.close();
  }
  assert.match(stderr, /health state=stopped/);
});
