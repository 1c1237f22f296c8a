// An FMC HA pair as one input, and the device filter, as users run them: the `estreamer` process
// in Splunk run mode and as `estreamer stream`, against simulators on 127.0.0.1. For the pair,
// fmc_host / --host name two simulators that hold the same history; the active one is killed
// mid-stream (between bundles, or cut in the middle of one), the input is restarted from its
// checkpoint in between: every event comes exactly once. For the filter, devices / --device
// select one of the simulator's two managed devices.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../src/log';
import { RecordPipeline } from '../../src/output/pipeline';
import { recordFrame } from '../../src/protocol/messages';
import { TrafficGenerator } from '../../src/simulator/generator';
import { History } from '../../src/simulator/history';
import { FmcSimulator, type FaultOptions } from '../../src/simulator/server';
import { REPO } from '../paths';
import { inputDefinitionXml } from '../splunk-definition';
import { useSimulatorPki } from '../simulator-pki';

const fixture = useSimulatorPki('estreamer-ha-', { password: 'estreamer' });


const EVENT_RECORDS = 'connections,intrusion,file_malware';
const TOTAL = 2000;

interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
}

function spawnCli(args: string[], stdin?: string): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src', 'cli.ts'), ...args], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, FMC_PKCS12_PASSWORD: 'estreamer' },
  });
  const run: Run = { child, stdout: '', stderr: '', exited: new Promise((r) => child.on('exit', (code) => r(code))) };
  child.stdout!.on('data', (d: Buffer) => (run.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (run.stderr += d.toString()));
  child.stdin!.end(stdin ?? '');
  return run;
}

/** The input as splunkd runs it; no splunkd listens at server_uri, so the given password is used. */
function runMode(hosts: string, checkpointDir: string, devices = ''): Run {
  return spawnCli(
    [],
    inputDefinitionXml({
      serverHost: 'test-host',
      checkpointDir,
      stanza: 'estreamer://pair',
      params: { fmc_host: hosts, pkcs12_file: fixture.pki.files.clientPkcs12, pkcs12_password: 'estreamer', records: EVENT_RECORDS, start: 'genesis', monitor_period: 1, devices },
    }),
  );
}

function streamMode(hosts: string, checkpointDir: string, devices: string[] = []): Run {
  return spawnCli(['stream', '--host', hosts, '--pkcs12', fixture.pki.files.clientPkcs12, '--password-env', 'FMC_PKCS12_PASSWORD',
    '--checkpoint-dir', checkpointDir, '--start', 'genesis', '--monitor-period', '1', ...devices.flatMap((d) => ['--device', d])]);
}

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const EVENT_LINE = /^rec_type=(71|400|500|502) /;

/** The events a run wrote: XML <data> in run mode, lines in stream mode. */
function eventsOf(run: Run, mode: 'run' | 'stream'): string[] {
  const lines =
    mode === 'run'
      ? [...run.stdout.matchAll(/<event [^>]*>[\s\S]*?<data>([\s\S]*?)<\/data><done\/><\/event>/g)].map((m) => unescapeXml(m[1]))
      : run.stdout.split('\n');
  return lines.filter((l) => EVENT_LINE.test(l));
}

function expectedLines(history: History): string[] {
  const pipeline = new RecordPipeline({ format: 'kv', logger: createLogger({ level: 'ERROR' }) });
  const frame = (r: { recordType: number; archiveTimestamp: number; body: Buffer }) => recordFrame(r.recordType, r.body, r.archiveTimestamp);
  for (const m of history.metadata) pipeline.process(frame(m));
  const lines: string[] = [];
  for (let i = 0; i < history.length; i++) {
    const e = pipeline.process(frame(history.at(i)));
    if (e && EVENT_LINE.test(e.line)) lines.push(e.line);
  }
  return lines;
}

const waitFor = async (cond: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const count = (lines: string[]) => lines.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());

async function scenario(mode: 'run' | 'stream', midBundle: boolean, seed: number): Promise<void> {
  const generator = new TrafficGenerator({ seed });
  const history = generator.fill(new History(), 300);
  const options = { pki: fixture.pki, history, recordsPerBundle: 20, window: 2, keepaliveMs: 200, logger: createLogger({ level: 'ERROR' }) };
  // With a cut, the primary fails by itself in the middle of a bundle (and every time again).
  const faults: FaultOptions | undefined = midBundle ? { closeAfterBundles: 6, closeMidBundle: true } : undefined;
  const primary = new FmcSimulator({ ...options, faults });
  const standby = new FmcSimulator(options);
  const a = await primary.listen();
  const b = await standby.listen();
  const hosts = `127.0.0.1:${a.port}, 127.0.0.1:${b.port}`;
  const checkpoints = join(fixture.dir, `checkpoints-${mode}-${midBundle}`);
  mkdirSync(checkpoints);
  const start = mode === 'run' ? runMode : streamMode;
  // Both FMCs keep receiving the same events while the input fails over and restarts.
  const feeder = setInterval(() => {
    if (history.length < TOTAL) generator.append(history, Math.min(10, TOTAL - history.length));
  }, 40);
  const got: string[] = [];
  try {
    const first = start(hosts, checkpoints);
    await waitFor(() => eventsOf(first, mode).length > 100, 30_000, 'events from the primary');
    if (!midBundle) await primary.close();
    await waitFor(() => new RegExp(`connected to FMC 127\\.0\\.0\\.1:${b.port}`).test(first.stderr), 30_000, 'the failover');
    await waitFor(() => new RegExp(`health .*fmc=127\\.0\\.0\\.1:${b.port}`).test(first.stderr), 30_000, 'a health line naming the standby');
    assert.match(first.stderr, new RegExp(`WARN .*FMC 127\\.0\\.0\\.1:${a.port} failed; the next attempt goes to FMC 127\\.0\\.0\\.1:${b.port}`));
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0, first.stderr.slice(-3000));
    got.push(...eventsOf(first, mode));

    // A restart resumes from the checkpoint, on whichever FMC answers.
    await waitFor(() => history.length >= TOTAL, 30_000, 'the simulators to hold every event');
    const expected = expectedLines(history);
    const second = start(hosts, checkpoints);
    await waitFor(() => /requesting events/.test(second.stderr), 30_000, 'the second run to connect');
    await waitFor(() => got.length + eventsOf(second, mode).length >= expected.length, 40_000, 'the second run to catch up');
    await new Promise((r) => setTimeout(r, 500));
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0, second.stderr.slice(-3000));
    assert.match(second.stderr, /requesting events from archive second \d+/, 'the restart resumes from the checkpoint');
    got.push(...eventsOf(second, mode));

    assert.equal(got.length, expected.length, 'no duplicates, no gaps');
    assert.deepEqual(count(got), count(expected));
  } finally {
    clearInterval(feeder);
    await primary.close();
    await standby.close();
  }
}

test('run mode: the primary killed mid-stream, a restart on the standby: every event exactly once', { timeout: 120_000 }, () => scenario('run', false, 31));
test('run mode: the primary cuts a bundle in half: every event exactly once', { timeout: 120_000 }, () => scenario('run', true, 32));
test('stream: the primary killed mid-stream, a restart on the standby: every event exactly once', { timeout: 120_000 }, () => scenario('stream', false, 33));
test('stream: the primary cuts a bundle in half: every event exactly once', { timeout: 120_000 }, () => scenario('stream', true, 34));

for (const mode of ['run', 'stream'] as const) {
  test(`${mode === 'run' ? 'run mode: devices' : 'stream: --device'} outputs the events of the devices named, and warns once of a name the FMC does not know`, { timeout: 60_000 }, async () => {
    const history = new TrafficGenerator({ seed: 40 }).fill(new History(), 400);
    const all = expectedLines(history);
    const wanted = all.filter((l) => / sensor=ftd-dc-02( |$)/.test(l));
    assert.ok(wanted.length > 100 && wanted.length < all.length - 100, 'both devices send events');
    const sim = new FmcSimulator({ pki: fixture.pki, history, recordsPerBundle: 20, window: 2, keepaliveMs: 200, logger: createLogger({ level: 'ERROR' }) });
    const { port } = await sim.listen();
    try {
      const checkpoints = join(fixture.dir, `checkpoints-devices-${mode}`);
      mkdirSync(checkpoints);
      const run = mode === 'run' ? runMode(`127.0.0.1:${port}`, checkpoints, 'ftd-dc-02, ftd-lab-9') : streamMode(`127.0.0.1:${port}`, checkpoints, ['ftd-dc-02', 'ftd-lab-9']);
      await waitFor(() => eventsOf(run, mode).length >= wanted.length, 30_000, `${wanted.length} events`);
      await new Promise((r) => setTimeout(r, 300));
      run.child.kill('SIGTERM');
      assert.equal(await run.exited, 0, run.stderr.slice(-3000));
      assert.deepEqual(eventsOf(run, mode), wanted);
      const warnings = run.stderr.split('\n').filter((l) => l.includes('the FMC names no managed device'));
      assert.equal(warnings.length, 1, run.stderr);
      assert.match(warnings[0], /^WARN .*"ftd-lab-9"; it knows ftd-edge-01 \(id 1\), ftd-dc-02 \(id 2\)\./);
    } finally {
      await sim.close();
    }
  });
}
