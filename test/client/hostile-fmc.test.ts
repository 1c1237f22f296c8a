// A broken or hostile FMC never stalls, floods or exhausts the client (issue 10 §3, §5), each over
// real mutual TLS against the simulator with the fault injected: poison bundles, a 1 byte/s
// trickle, errors and cuts on every connection, a flood of unknown messages, thousands of block
// types no table defines; and the health line saying what the client is doing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { HealthReporter } from '../../src/client/health';
import { Session, type SessionOptions } from '../../src/client/session';
import { memoryLogger } from '../../src/log';
import { RecordPipeline } from '../../src/output/pipeline';
import { TrafficGenerator } from '../../src/simulator/generator';
import { History } from '../../src/simulator/history';
import { FmcSimulator, type PoisonKind, type SimulatorOptions } from '../../src/simulator/server';
import { byBody, testSession } from '../session-helpers';
import { useSimulatorPki } from '../simulator-pki';

const fixture = useSimulatorPki('estreamer-hostile-', { clientCN: '127.0.0.1', password: 'secret' });

const BASE = 1_700_000_000;

/** `count` events of a type with no table (the session alone is under test), five per archive second. */
function history(count: number): History {
  const h = new History();
  for (let i = 0; i < count; i++) h.append({ recordType: 4242, archiveTimestamp: BASE + Math.floor(i / 5), body: Buffer.from(`event-${i}`) });
  return h;
}

async function withSimulator(opts: Partial<SimulatorOptions> & { history: History }, fn: (sim: FmcSimulator, port: number) => Promise<void>): Promise<void> {
  const sim = new FmcSimulator({ pki: fixture.pki, recordsPerBundle: 10, window: 4, keepaliveMs: 100, logger: memoryLogger('ERROR'), ...opts });
  const { port } = await sim.listen();
  try {
    await fn(sim, port);
  } finally {
    await sim.close();
  }
}

const session = (port: number, extra: Partial<SessionOptions> = {}) => testSession(fixture.credentials, port, { maxBackoffMs: 5_000, ...extra });

/** Reads events until `count` have come (or `limitMs` passed), then stops the session. */
async function collect(s: Session, count: number, limitMs = 10_000): Promise<string[]> {
  const lines: string[] = [];
  const timer = setTimeout(() => void s.stop(), limitMs);
  for await (const e of s) {
    lines.push(e.line);
    if (lines.length >= count) break;
  }
  clearTimeout(timer);
  await s.stop();
  return lines;
}

const waitFor = async (cond: () => boolean, what: string, limitMs = 10_000) => {
  const end = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

for (const kind of ['lying-record-length', 'overrunning-message', 'nested-bundle'] as PoisonKind[]) {
  test(`poison bundle (${kind}): the bad message is skipped and counted, the rest of the bundle and the stream go on`, async () => {
    await withSimulator({ history: history(100), faults: { poisonBundle: { at: 2, kind } } }, async (sim, port) => {
      const { s, logger } = session(port);
      const lines = await collect(s, 100);
      assert.deepEqual(lines, Array.from({ length: 100 }, (_, i) => `event-${i}`), 'every event, once, in order');
      assert.equal(s.stats().malformed, 1);
      assert.equal(s.stats().reconnects, 0, 'no reconnect: the FMC would replay the bundle forever');
      assert.equal(sim.sessions, 1);
      const warnings = logger.lines.filter((l) => l.startsWith('WARN') && l.includes('skipping a malformed message'));
      assert.equal(warnings.length, 1, logger.lines.join('\n'));
      assert.match(warnings[0], kind === 'nested-bundle' ? /inside a message bundle/ : kind === 'lying-record-length' ? /record length 1000 does not fit/ : /overruns the bundle/);
    });
  });
}

test('poison bundle under a small high-water mark: what the bad message left unread is given back, so the paused socket reads again', async () => {
  // Each bundle (10 records, ~300 bytes) is above the mark and pauses the socket; the overrunning
  // message leaves its 8-byte header unread, above half the mark (where the socket resumes).
  await withSimulator({ history: history(100), faults: { poisonBundle: { at: 2, kind: 'overrunning-message' } } }, async (sim, port) => {
    const { s } = session(port, { highWaterBytes: 10 });
    const lines = await collect(s, 100, 5_000);
    assert.equal(lines.length, 100, 'every event: the stream did not stall after the poison bundle');
    assert.equal((s as unknown as { queueBytes: number }).queueBytes, 0, 'nothing is left counted once all is read');
    assert.equal(s.stats().malformed, 1);
  });
});

test('slow FMC: at 1 byte/s the response timeout (no complete message) still expires and the client reconnects', { timeout: 30_000 }, async () => {
  await withSimulator({ history: history(20), faults: { trickleMs: 1000, sessions: 1 } }, async (sim, port) => {
    const { s, logger } = session(port, { responseTimeoutMs: 2_500 });
    const lines = await collect(s, 20, 15_000);
    assert.equal(lines.length, 20, 'the second connection streams normally');
    assert.equal(sim.sessions, 2);
    assert.ok(logger.lines.some((l) => /WARN FMC sent no complete message for 2.5 s/.test(l)), logger.lines.join('\n'));
  });
});

/** The delays of the "reconnecting in X s" lines, in order. */
const delays = (lines: string[]) => lines.flatMap((l) => /reconnecting in ([\d.]+) s/.exec(l)?.[1] ?? []).map(Number);

test('backoff: FMC errors and mid-bundle closes on every connection back off exponentially, not at a fixed rate', { timeout: 30_000 }, async () => {
  for (const faults of [{ errorAfterBundles: { after: 1, code: 17, text: 'busy' } }, { closeAfterBundles: 1, closeMidBundle: true }]) {
    await withSimulator({ history: history(100), faults }, async (sim, port) => {
      const { s, logger } = session(port, { initialBackoffMs: 50 });
      void collect(s, 1_000_000, 60_000);
      const states = new Set<string>();
      const sampler = setInterval(() => states.add(s.stats().state), 10);
      await new Promise((r) => setTimeout(r, 2_500));
      clearInterval(sampler);
      await s.stop();
      // 50, 100, 200, 400, 800, 1600 ms (each 50-100 % of that): at most 6 connections in 2.5 s; a fixed 50 ms gives ~40.
      assert.ok(sim.sessions >= 3 && sim.sessions <= 7, `${sim.sessions} connections`);
      const d = delays(logger.lines);
      assert.ok(d[d.length - 1] > d[0] * 3, `delays grow: ${d.join(', ')}`);
      // Waiting after an FMC error is `error` (the ERROR line says why); after a cut, `backoff`.
      assert.ok(states.has('errorAfterBundles' in faults ? 'error' : 'backoff'), [...states].join(', '));
      assert.ok(!states.has('errorAfterBundles' in faults ? 'backoff' : 'error'), [...states].join(', '));
    });
  }
});

test('backoff resets only after a healthy period of streaming', { timeout: 30_000 }, async () => {
  // Three connections cut after 6 bundles each: healthy (they delivered for longer than healthyAfterMs) or not.
  for (const healthyAfterMs of [0, 60_000]) {
    await withSimulator({ history: history(40), recordsPerBundle: 2, faults: { closeAfterBundles: 6, sessions: 3 } }, async (sim, port) => {
      const { s, logger } = session(port, { initialBackoffMs: 100, healthyAfterMs });
      await collect(s, 40);
      const d = delays(logger.lines);
      assert.equal(d.length, 3);
      if (healthyAfterMs === 0) assert.ok(d.every((x) => x <= 0.1), `each reconnect starts from the first delay: ${d.join(', ')}`);
      else assert.ok(d[2] >= 0.2, `delays grow: ${d.join(', ')}`);
    });
  }
});

test('a flood of unknown messages writes a few WARN lines and a count, and the events still come', async () => {
  await withSimulator({ history: history(30), faults: { unknownMessages: 20_000 } }, async (sim, port) => {
    const { s, logger } = session(port);
    const lines = await collect(s, 30);
    assert.equal(lines.length, 30);
    const unexpected = logger.lines.filter((l) => l.startsWith('WARN ignoring unexpected'));
    assert.ok(unexpected.length <= 5, `${unexpected.length} lines`);
    assert.ok(logger.lines.some((l) => /WARN … 19,995 more unexpected messages in the last \d+ s \(the last: ignoring unexpected Unknown message \(\d+\)/.test(l)), logger.lines.join('\n'));
    assert.ok(logger.lines.length < 40, `${logger.lines.length} log lines`);
  });
});

test('thousands of block and record types no table defines take the generic path: generated code stays bounded', { timeout: 60_000 }, async () => {
  const generator = new TrafficGenerator({ seed: 5 });
  const h = new History();
  for (let i = 0; i < 3_000; i++) {
    const e = generator.connection(BASE + i);
    h.append({ recordType: 71, archiveTimestamp: BASE + i, body: e.body! });
  }
  await withSimulator({ history: h, recordsPerBundle: 100, faults: { distinctBlockTypes: true } }, async (sim, port) => {
    const pipeline = new RecordPipeline({ logger: memoryLogger() });
    const { s } = session(port, { process: (r) => pipeline.process(r) });
    const lines = await collect(s, 3_000, 50_000);
    assert.equal(lines.length, 3_000);
    assert.match(lines[0], /block_type=65536 /);
    assert.match(lines[2_999], /block_type=68535 /);
    assert.ok(pipeline.compiledCount <= 6, `${pipeline.compiledCount} generated functions for 3,000 block types`);
    assert.equal(pipeline.stats().unknownBlocks, 3_000);
  });
  // Record types no table defines: passed on generically, the shapes kept for them bounded.
  const types = new History();
  for (let i = 0; i < 1_500; i++) types.append({ recordType: 10_000 + i, archiveTimestamp: BASE + i, body: Buffer.from(`body-${i}`) });
  await withSimulator({ history: types, recordsPerBundle: 100 }, async (sim, port) => {
    const pipeline = new RecordPipeline({ logger: memoryLogger() });
    const { s } = session(port, { process: (r) => pipeline.process(r) });
    const lines = await collect(s, 1_500, 50_000);
    assert.match(lines[1_499], /^rec_type=11499 .*data=/);
    assert.ok(pipeline.compiledCount <= 1_024, `${pipeline.compiledCount} shapes for 1,500 record types`);
  });
});

test('health: an output that takes nothing while the queue is full is stalled, and streaming again once it reads', async () => {
  await withSimulator({ history: history(3000) }, async (sim, port) => {
    const { s } = session(port, { highWaterBytes: 2_000, stalledAfterMs: 300 });
    const events = s[Symbol.asyncIterator]();
    const paused = () => (s as unknown as { socket: { isPaused(): boolean } | null }).socket?.isPaused() === true;
    try {
      await events.next();
      await waitFor(paused, 'the socket paused by the full queue');
      assert.equal(s.stats().state, 'streaming');
      await waitFor(() => s.stats().state === 'stalled', 'state stalled while nothing is read', 3_000);
      await events.next();
      assert.equal(s.stats().state, 'streaming', 'reading again');
      // Resumed, it listens afresh: the time it did not listen does not count as the FMC's silence.
      for (let i = 0; i < 3000 && paused(); i++) await events.next();
      assert.ok(!paused());
      assert.equal(s.stats().state, 'streaming', 'listening again');
    } finally {
      await s.stop();
    }
  });
});

test('health: backoff with the FMC port closed, lag none until events flow', async () => {
  // A port nobody listens on: bound, then closed.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const { s } = session(port, { initialBackoffMs: 100 });
  const log = memoryLogger();
  const health = new HealthReporter(() => s.stats(), log);
  const stopHealth = health.every(60_000);
  void collect(s, 1, 5_000);
  await waitFor(() => log.lines.some((l) => l.includes('state=backoff')), 'a backoff health line (on the change of state, not the period)');
  stopHealth();
  await s.stop();
  assert.match(log.lines.find((l) => l.includes('state=backoff'))!, /health state=backoff handled=0 rate=[\d.]+\/s lag=none bookmark=none reconnects=\d+/);
  health.report();
  assert.match(log.lines[log.lines.length - 1], /health state=stopped /);
});

test('health: connecting, streaming with a lag from the archive time, stalled, error', async () => {
  await withSimulator({ history: history(20), keepaliveMs: 60_000, faults: { stallAfterBundles: 2, sessions: 1 } }, async (sim, port) => {
    const { s } = session(port, { responseTimeoutMs: 4_000, stalledAfterMs: 1_200 });
    const log = memoryLogger();
    const health = new HealthReporter(() => s.stats(), log);
    const stopHealth = health.every(60_000);
    assert.equal(s.stats().state, 'connecting');
    const lines: string[] = [];
    const reading = (async () => {
      for await (const e of s) lines.push(e.line);
    })();
    await waitFor(() => log.lines.some((l) => l.includes('state=stalled')), 'a stalled health line');
    const streaming = log.lines.find((l) => l.includes('state=streaming'));
    assert.ok(streaming, log.lines.join('\n'));
    // Lag from the archive second of the last event (in 2023): about three years.
    const lag = Number(/lag=([\d.]+)s/.exec(log.lines.find((l) => l.includes('state=stalled'))!)?.[1]);
    assert.ok(Math.abs(lag - (Date.now() / 1000 - (BASE + 3))) < 5, `lag ${lag}`);
    stopHealth();
    await s.stop();
    await reading;
    assert.equal(lines.length, 20);
  });
  await withSimulator({ history: history(20), faults: { errorAfterBundles: { after: 0, code: 9, text: 'no' } } }, async (sim, port) => {
    const { s } = session(port, { initialBackoffMs: 1_000 });
    void collect(s, 1, 5_000);
    await waitFor(() => s.stats().state === 'error', 'state error after an FMC error message');
    await s.stop();
    assert.equal(s.stats().state, 'stopped');
  });
});
