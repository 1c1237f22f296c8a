// The client session against the built-in FMC simulator over real mutual TLS on 127.0.0.1:
// genesis to end, resume after a cut mid-bundle, FMC errors, silence, garbage, backpressure.
// Records here are of a type with no table, so these tests exercise the session alone; the
// record pipeline has tests of its own.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadCredentials } from '../../src/client/credentials';
import type { ResumePoint } from '../../src/client/events';
import { Session, type SessionOptions } from '../../src/client/session';
import { memoryLogger } from '../../src/log';
import { RequestFlag } from '../../src/protocol/flags';
import { History } from '../../src/simulator/history';
import { ensurePki } from '../../src/simulator/pki';
import { FmcSimulator, type ClientRequest, type SimulatorOptions } from '../../src/simulator/server';
import { testSession } from '../session-helpers';
import { useSimulatorPki } from '../simulator-pki';

const fixture = useSimulatorPki('estreamer-session-', { clientCN: '127.0.0.1', password: 'secret' });

const TEST_RECORD = 4242;
const BASE = 1_700_000_000;

/** `count` events, five per archive second, each body unique; two metadata records. */
function history(count: number): History {
  const h = new History();
  h.addMetadata({ recordType: TEST_RECORD + 1, archiveTimestamp: 0, body: Buffer.from('meta-1') });
  h.addMetadata({ recordType: TEST_RECORD + 1, archiveTimestamp: 0, body: Buffer.from('meta-2') });
  for (let i = 0; i < count; i++) {
    h.append({ recordType: TEST_RECORD, archiveTimestamp: BASE + Math.floor(i / 5), body: Buffer.from(`event-${String(i).padStart(5, '0')}`) });
  }
  return h;
}

async function withSimulator<T>(opts: Partial<SimulatorOptions> & { history: History }, fn: (sim: FmcSimulator, port: number) => Promise<T>): Promise<T> {
  const sim = new FmcSimulator({ pki: fixture.pki, recordsPerBundle: 7, window: 4, keepaliveMs: 100, logger: memoryLogger(), ...opts });
  const { port } = await sim.listen();
  try {
    return await fn(sim, port);
  } finally {
    await sim.close();
  }
}

const session = (port: number, extra: Partial<SessionOptions> = {}) => testSession(fixture.credentials, port, extra);

/** Reads events until `until` says stop (or the time limit passes), then stops the session. */
async function collect(s: Session, until: (lines: string[]) => boolean, limitMs = 8000): Promise<string[]> {
  const lines: string[] = [];
  const timer = setTimeout(() => void s.stop(), limitMs);
  for await (const e of s) {
    lines.push(e.line);
    if (until(lines)) break;
  }
  clearTimeout(timer);
  await s.stop();
  return lines;
}

const expected = (count: number, from = 0) => Array.from({ length: count - from }, (_, i) => `event-${String(i + from).padStart(5, '0')}`);
const events = (lines: string[]) => lines.filter((l) => l.startsWith('event-'));

test('genesis to end: metadata first, every event once, in order; request logged with flag names', async () => {
  await withSimulator({ history: history(300) }, async (sim, port) => {
    const requests: ClientRequest[] = [];
    sim.on('request', (r: ClientRequest) => requests.push(r));
    const { s, logger } = session(port);
    const lines = await collect(s, (l) => events(l).length === 300);
    assert.deepEqual(lines.slice(0, 2), ['meta-1', 'meta-2']);
    assert.deepEqual(events(lines), expected(300));
    assert.equal(requests.length, 1);
    assert.equal(requests[0].extended, true);
    assert.equal(requests[0].timestamp, 0);
    assert.ok(requests[0].versions.some((v) => v.eventType === 71 && v.version === 17));
    assert.ok(logger.lines.some((l) => /INFO .*requesting events from genesis with flags 0x48900061 \(w\/ Packets .*w\/ Extended Request\)/.test(l)), logger.lines.join('\n'));
    assert.equal(s.stats().handled, 302);
    assert.equal(s.stats().bookmark, BASE + 59);
  });
});

test('a stream cut in the middle of a bundle resumes from the bookmark and loses and repeats nothing', async () => {
  await withSimulator({ history: history(200), faults: { closeAfterBundles: 5, closeMidBundle: true, sessions: 3 } }, async (sim, port) => {
    const requests: ClientRequest[] = [];
    sim.on('request', (r: ClientRequest) => requests.push(r));
    const { s, logger } = session(port);
    const lines = await collect(s, (l) => events(l).length >= 200 && l[l.length - 1] === 'event-00199');
    assert.deepEqual(events(lines), expected(200));
    assert.equal(requests.length, 4);
    assert.ok(requests.slice(1).every((r) => r.timestamp > BASE), 'reconnects ask for the bookmark second');
    assert.ok(logger.lines.some((l) => l.includes('closed the connection; reconnecting')));
    assert.equal(s.stats().reconnects, 3);
  });
});

test('an FMC error message is logged with its code and text, then the client reconnects', async () => {
  await withSimulator({ history: history(60), faults: { errorAfterBundles: { after: 2, code: 19, text: 'No space' }, sessions: 1 } }, async (sim, port) => {
    const { s, logger } = session(port);
    const lines = await collect(s, (l) => events(l).length === 60);
    assert.deepEqual(events(lines), expected(60));
    assert.ok(logger.lines.some((l) => l.startsWith('ERROR') && l.includes('FMC error 19: No space')), logger.lines.join('\n'));
    assert.equal(s.stats().fmcErrors, 1);
  });
});

test('a silent FMC is timed out and the session resumes; garbage bytes are a protocol error', async () => {
  await withSimulator({ history: history(60), keepaliveMs: 10_000, faults: { stallAfterBundles: 2, sessions: 1 } }, async (sim, port) => {
    const { s, logger } = session(port, { responseTimeoutMs: 400 });
    const lines = await collect(s, (l) => events(l).length === 60);
    assert.deepEqual(events(lines), expected(60));
    assert.ok(logger.lines.some((l) => l.includes('FMC sent no complete message for 0.4 s')));
  });
  await withSimulator({ history: history(60), faults: { garbageAfterBundles: 2, sessions: 1 } }, async (sim, port) => {
    const { s, logger } = session(port);
    const lines = await collect(s, (l) => events(l).length === 60);
    assert.deepEqual(events(lines), expected(60));
    assert.ok(logger.lines.some((l) => l.startsWith('ERROR') && l.includes('header version')), logger.lines.join('\n'));
  });
});

test('keepalive Nulls keep a quiet connection open', async () => {
  await withSimulator({ history: history(5), keepaliveMs: 50 }, async (sim, port) => {
    const { s } = session(port, { responseTimeoutMs: 300 });
    const lines = await collect(s, () => false, 1200);
    assert.deepEqual(events(lines), expected(5));
    assert.equal(s.stats().reconnects, 0);
    assert.equal(sim.sessions, 1);
  });
});

test('a resume point skips what was handed out at that second and nothing else', async () => {
  await withSimulator({ history: history(50) }, async (sim, port) => {
    const resume: ResumePoint = { archiveTimestamp: BASE + 4, seen: ['event-00020', 'event-00021'] };
    const { s } = session(port, { start: resume });
    const lines = await collect(s, (l) => events(l).length === 28);
    assert.deepEqual(events(lines), expected(50, 22));
  });
});

test('legacy (non-extended) requests stream event data acknowledged one by one', async () => {
  await withSimulator({ history: history(40) }, async (sim, port) => {
    const requests: ClientRequest[] = [];
    sim.on('request', (r: ClientRequest) => requests.push(r));
    const { s } = session(port, { flags: 0x48900061 & ~RequestFlag.EXTENDED });
    const lines = await collect(s, (l) => events(l).length === 40);
    assert.deepEqual(events(lines), expected(40));
    assert.equal(requests[0].extended, false);
  });
});

test('a slow consumer pauses the socket: the bytes queued stay bounded', async () => {
  await withSimulator({ history: history(3000), recordsPerBundle: 50, window: 2 }, async (sim, port) => {
    const { s } = session(port, { highWaterBytes: 16_000 });
    const peek = s as unknown as { queueBytes: number };
    let maxQueued = 0;
    const lines: string[] = [];
    for await (const e of s) {
      lines.push(e.line);
      maxQueued = Math.max(maxQueued, peek.queueBytes);
      if (lines.length % 100 === 0) await new Promise((r) => setTimeout(r, 5));
      if (events(lines).length === 3000) break;
    }
    await s.stop();
    assert.deepEqual(events(lines), expected(3000));
    assert.ok(maxQueued > 16_000, `the high-water mark was reached (${maxQueued})`);
    // High-water mark plus what was already in flight (a chunk of TLS data, a bundle).
    assert.ok(maxQueued < 16_000 + 100_000, `queued bytes reached ${maxQueued}`);
  });
});

test('a bundle far above the high-water mark counts in full and is read record by record', async () => {
  await withSimulator({ history: history(20_000), recordsPerBundle: 20_000, window: 1 }, async (sim, port) => {
    const { s } = session(port, { highWaterBytes: 50_000 });
    const peek = s as unknown as { queueBytes: number };
    let maxQueued = 0;
    let minWhileReading = Infinity;
    const lines: string[] = [];
    for await (const e of s) {
      lines.push(e.line);
      maxQueued = Math.max(maxQueued, peek.queueBytes);
      if (maxQueued > 600_000 && events(lines).length < 10_000) minWhileReading = Math.min(minWhileReading, peek.queueBytes);
      if (events(lines).length === 20_000) break;
    }
    await s.stop();
    assert.deepEqual(events(lines), expected(20_000));
    // 20,000 records of 35 bytes with their headers: the whole bundle is counted when it arrives…
    assert.ok(maxQueued >= 19_990 * 35, `queued bytes peaked at ${maxQueued}`);
    // …and its bytes are given back as its records are read, not when the bundle is done.
    assert.ok(minWhileReading < maxQueued / 2, `queued bytes while reading the bundle: ${minWhileReading} of ${maxQueued}`);
  });
});

test('the FMC closing right after the handshake (certificate host is not our address) is explained', async () => {
  const other = ensurePki(join(fixture.dir, 'pki-other-cn'), { clientCN: '10.1.2.3', password: 'secret' });
  const sim = new FmcSimulator({ pki: other, history: history(1), logger: memoryLogger() });
  const { port } = await sim.listen();
  try {
    const creds = loadCredentials({ pkcs12File: other.files.clientPkcs12, password: 'secret' });
    const { s, logger } = session(port, { credentials: creds });
    const lines = await collect(s, () => false, 600);
    assert.deepEqual(lines, []);
    assert.ok(logger.lines.some((l) => l.startsWith('ERROR') && /NAT|address/.test(l)), logger.lines.join('\n'));
  } finally {
    await sim.close();
  }
});
