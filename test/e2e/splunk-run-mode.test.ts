// The modular input end to end, as splunkd runs it: the `estreamer` process with an input
// definition on stdin, the FMC simulator on 127.0.0.1, events as XML on stdout. Then restarts:
// SIGTERM several times mid-stream must give every event exactly once; kill -9 must lose none.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createLogger } from '../../src/log';
import { RecordPipeline } from '../../src/output/pipeline';
import { recordFrame } from '../../src/protocol/messages';
import { TrafficGenerator } from '../../src/simulator/generator';
import { History } from '../../src/simulator/history';
import { FmcSimulator } from '../../src/simulator/server';
import { recordCategories } from '../../src/splunk/scheme';
import { parseStringPromise } from 'xml2js';
import { REPO } from '../paths';
import { inputDefinitionXml } from '../splunk-definition';
import { useSimulatorPki } from '../simulator-pki';

const fixture = useSimulatorPki('estreamer-e2e-', { password: 'estreamer' });
let splunkdPort: number;

before(async () => {
  // An address where no splunkd listens: the input warns and uses the password it was given.
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  splunkdPort = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
});

const EVENT_RECORDS = 'connections,intrusion,file_malware';

function definition(port: number, checkpointDir: string, records = EVENT_RECORDS, extra: Record<string, string> = {}): string {
  return inputDefinitionXml({
    serverHost: 'test-host',
    serverUri: `https://127.0.0.1:${splunkdPort}`,
    checkpointDir,
    stanza: 'estreamer://fmc1',
    params: {
      fmc_host: '127.0.0.1', fmc_port: port, pkcs12_file: fixture.pki.files.clientPkcs12, pkcs12_password: 'estreamer', records, monitor_period: 1, index: 'main',
      start: 'genesis', sourcetype: 'cisco:estreamer', host: 'test-host', ...extra,
    },
  });
}

interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
}

function startInput(port: number, checkpointDir: string, records?: string, extra?: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src', 'cli.ts')], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  const run: Run = { child, stdout: '', stderr: '', exited: new Promise((r) => child.on('exit', (code) => r(code))) };
  child.stdout!.on('data', (d: Buffer) => (run.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (run.stderr += d.toString()));
  child.stdin!.end(definition(port, checkpointDir, records, extra));
  return run;
}

/** The <data> of every complete <event> written so far. */
function dataOf(stdout: string): string[] {
  return [...stdout.matchAll(/<event [^>]*>[\s\S]*?<data>([\s\S]*?)<\/data><done\/><\/event>/g)].map((m) => m[1]);
}

const waitFor = async (cond: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** What the input must write for a history: the pipeline over the same records, events only. */
function expectedLines(history: History, fields: 'all' | 'compact' = 'all', from = 0): string[] {
  const pipeline = new RecordPipeline({ format: 'kv', fields, categories: recordCategories(EVENT_RECORDS), logger: createLogger({ level: 'ERROR' }) });
  const frame = (r: { recordType: number; archiveTimestamp: number; body: Buffer }) => recordFrame(r.recordType, r.body, r.archiveTimestamp);
  for (const m of history.metadata) pipeline.process(frame(m));
  const lines: string[] = [];
  for (let i = history.indexAt(from); i < history.length; i++) {
    const e = pipeline.process(frame(history.at(i)));
    if (e) lines.push(e.line);
  }
  return lines;
}

async function withSimulator<T>(history: History, fn: (port: number) => Promise<T>): Promise<T> {
  const sim = new FmcSimulator({ pki: fixture.pki, history, recordsPerBundle: 20, window: 2, keepaliveMs: 200, logger: createLogger({ level: 'ERROR' }) });
  const { port } = await sim.listen();
  try {
    return await fn(port);
  } finally {
    await sim.close();
  }
}

test('run mode streams the simulator as XML events: stanza, sourcetype, times, </stream> at SIGTERM', async () => {
  const history = new TrafficGenerator({ seed: 5 }).fill(new History(), 300);
  const expected = expectedLines(history);
  assert.ok(expected.length > 250);
  await withSimulator(history, async (port) => {
    const checkpoints = join(fixture.dir, 'checkpoints-basic');
    mkdirSync(checkpoints);
    const run = startInput(port, checkpoints);
    await waitFor(() => dataOf(run.stdout).length >= expected.length, 30_000, `${expected.length} events`);
    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0, run.stderr);
    assert.ok(run.stdout.trimEnd().endsWith('</stream>'), 'the stream is closed');
    const xml = await parseStringPromise(run.stdout);
    const events = xml.stream.event as { $: { stanza: string; unbroken: string }; time: string[]; host: string[]; sourcetype: string[]; data: string[] }[];
    assert.equal(events.length, expected.length);
    assert.deepEqual(events.map((e) => e.data[0]), expected);
    for (const e of events) {
      assert.equal(e.$.stanza, 'estreamer://fmc1');
      assert.equal(e.sourcetype[0], 'cisco:estreamer');
      assert.equal(e.host[0], '127.0.0.1', "the host is the FMC (the stanza's host is splunkd's own name)");
      const sec = Number(/(?:^| )event_sec=(\d+)/.exec(e.data[0])![1]);
      assert.equal(Math.floor(Number(e.time[0])), sec, 'the event time is the event second');
    }
    assert.match(run.stderr, /INFO .*requesting events from genesis with flags 0x48900061 \(w\/ Packets/);
    assert.match(run.stderr, /WARN .*splunkd/i, 'unreachable splunkd is reported');
    assert.match(run.stderr, /INFO .*health/);
  });
});

test("a first run from a time, compact, with the stanza's own sourcetype and host", async () => {
  const history = new TrafficGenerator({ seed: 6 }).fill(new History(), 400);
  const from = history.at(0).archiveTimestamp + 3;
  const expected = expectedLines(history, 'compact', from);
  assert.ok(expected.length > 100 && expected.length < expectedLines(history, 'compact').length - 100);
  await withSimulator(history, async (port) => {
    const checkpoints = join(fixture.dir, 'checkpoints-from-time');
    mkdirSync(checkpoints);
    const start = new Date(from * 1000).toISOString();
    const run = startInput(port, checkpoints, undefined, { start, fields: 'compact', sourcetype: 'cisco:estreamer:data', host: 'fmc-east' });
    await waitFor(() => dataOf(run.stdout).length >= expected.length, 30_000, `${expected.length} events`);
    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0, run.stderr);
    const events = (await parseStringPromise(run.stdout)).stream.event as { host: string[]; sourcetype: string[]; data: string[] }[];
    assert.deepEqual(events.map((e) => unescapeXml(e.data[0])), expected.map(unescapeXml));
    assert.ok(events.every((e) => e.sourcetype[0] === 'cisco:estreamer:data' && e.host[0] === 'fmc-east'));
    assert.match(run.stderr, new RegExp(`start=${start.replace(/[.]/g, '\\.')} \\(archive second ${from}\\)`));
    assert.match(run.stderr, new RegExp(`requesting events from archive second ${from} `));
  });
});

async function restartScenario(signal: 'SIGTERM' | 'SIGKILL'): Promise<{ expected: string[]; got: string[] }> {
  const generator = new TrafficGenerator({ seed: signal === 'SIGTERM' ? 11 : 12 });
  const history = generator.fill(new History(), 0);
  const total = 1500;
  return withSimulator(history, async (port) => {
    const checkpoints = join(fixture.dir, `checkpoints-${signal}`);
    mkdirSync(checkpoints);
    // The FMC keeps receiving events while the input is stopped and restarted.
    const feeder = setInterval(() => {
      if (history.length < total) generator.append(history, Math.min(20, total - history.length));
    }, 40);
    const got: string[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        const run = startInput(port, checkpoints);
        const started = Date.now();
        // Stop it mid-stream: once events flow (or, when the FMC has nothing new, after a while).
        // Not before it logs "starting" (its signal handlers are in place): on a loaded host that can take seconds.
        await waitFor(
          () => /starting:/.test(run.stderr) && (dataOf(run.stdout).length > 10 || (history.length >= total && Date.now() - started > 2000)),
          30_000,
          'events to flow',
        );
        await new Promise((r) => setTimeout(r, 300 + i * 150));
        // Not before it handles signals (a slow start on a busy machine), as splunkd would not either.
        await waitFor(() => /starting:/.test(run.stderr), 30_000, 'the input to start');
        run.child.kill(signal);
        const code = await run.exited;
        if (signal === 'SIGTERM') {
          assert.equal(code, 0, `run ${i}: ${run.stderr.slice(-3000)}`);
          assert.ok(run.stdout.trimEnd().endsWith('</stream>'));
        }
        got.push(...dataOf(run.stdout).map(unescapeXml));
      }
      await waitFor(() => history.length >= total, 30_000, 'the simulator to hold every event');
      const last = startInput(port, checkpoints);
      const expected = expectedLines(history);
      await waitFor(() => /requesting events/.test(last.stderr), 30_000, 'the last run to connect');
      await waitFor(() => new Set([...got, ...dataOf(last.stdout).map(unescapeXml)]).size >= new Set(expected).size, 40_000, 'the last run to catch up');
      await new Promise((r) => setTimeout(r, 500));
      last.child.kill('SIGTERM');
      assert.equal(await last.exited, 0, `last run: ${last.stderr.slice(-3000)}`);
      got.push(...dataOf(last.stdout).map(unescapeXml));
      return { expected, got };
    } finally {
      clearInterval(feeder);
    }
  });
}

const count = (lines: string[]) => lines.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());

test('SIGTERM several times mid-stream: the union of the runs is exactly what the FMC sent', { timeout: 180_000 }, async () => {
  const { expected, got } = await restartScenario('SIGTERM');
  assert.equal(expected.length, 1500);
  assert.equal(got.length, expected.length, 'no duplicates, no gaps');
  assert.deepEqual(count(got), count(expected));
});

test('kill -9 mid-stream: nothing is lost (the unflushed tail may come twice)', { timeout: 180_000 }, async () => {
  const { expected, got } = await restartScenario('SIGKILL');
  const have = count(got);
  for (const [line, n] of count(expected)) assert.ok((have.get(line) ?? 0) >= n, `missing: ${line.slice(0, 120)}`);
  for (const line of have.keys()) assert.ok(count(expected).has(line), `unexpected: ${line.slice(0, 120)}`);
});
