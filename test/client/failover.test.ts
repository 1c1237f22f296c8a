// An FMC HA pair as one session: two simulators on 127.0.0.1 serving the same history. The active
// one is killed mid-stream (cleanly between bundles, or cut in the middle of one), the primary is
// refused at start and comes back later: every event comes exactly once, in order, and the
// session says which FMC it streams from.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { formatFmcAddress, parseFmcHosts, withDefaultPort } from '../../src/client/fmc-hosts';
import { Session, type SessionOptions } from '../../src/client/session';
import { memoryLogger } from '../../src/log';
import { History } from '../../src/simulator/history';
import { FmcSimulator, type SimulatorOptions } from '../../src/simulator/server';
import { byBody, testSession } from '../session-helpers';
import { useSimulatorPki } from '../simulator-pki';

const fixture = useSimulatorPki('estreamer-failover-', { clientCN: '127.0.0.1', password: 'secret' });

const BASE = 1_700_000_000;
const name = (i: number) => `event-${String(i).padStart(5, '0')}`;

/** `count` events, five per archive second, each body unique. */
function appendEvents(h: History, count: number): void {
  for (let i = h.length, end = h.length + count; i < end; i++) {
    h.append({ recordType: 4242, archiveTimestamp: BASE + Math.floor(i / 5), body: Buffer.from(name(i)) });
  }
}

async function simulator(history: History, extra: Partial<SimulatorOptions> = {}): Promise<{ sim: FmcSimulator; port: number }> {
  const sim = new FmcSimulator({ pki: fixture.pki, history, recordsPerBundle: 7, window: 2, keepaliveMs: 100, logger: memoryLogger(), ...extra });
  const { port } = await sim.listen();
  return { sim, port };
}

function session(primary: number, standby: number, extra: Partial<SessionOptions> = {}) {
  return testSession(fixture.credentials, primary, { failoverHosts: [{ host: '127.0.0.1', port: standby }], ...extra });
}

/** Reads events, calling `step` after each, until `until` or the time limit; then stops. */
async function collect(s: Session, until: (lines: string[]) => boolean, step: (lines: string[]) => void | Promise<void> = () => {}, limitMs = 15_000) {
  const lines: string[] = [];
  const timer = setTimeout(() => void s.stop(), limitMs);
  for await (const e of s) {
    lines.push(e.line);
    await step(lines);
    if (until(lines)) break;
  }
  clearTimeout(timer);
  await s.stop();
  return lines;
}

const expected = (count: number) => Array.from({ length: count }, (_, i) => name(i));

test('host lists: host[:port] items, IPv6 in brackets, the default port where none is given', () => {
  assert.deepEqual(withDefaultPort(parseFmcHosts('fmc-a, [2001:db8::1]:9000 ,fe80::1,fmc-b:8303'), 8302), [
    { host: 'fmc-a', port: 8302 },
    { host: '2001:db8::1', port: 9000 },
    { host: 'fe80::1', port: 8302 },
    { host: 'fmc-b', port: 8303 },
  ]);
  assert.equal(formatFmcAddress({ host: '2001:db8::1', port: 9000 }), '[2001:db8::1]:9000');
  assert.equal(formatFmcAddress({ host: 'fmc-a', port: 8302 }), 'fmc-a:8302');
  assert.throws(() => parseFmcHosts('fmc-a, fmc b'), /"fmc b" is not a host name or IP address/);
  assert.throws(() => parseFmcHosts('[2001:db8::1]:x'), /the port "x" is not a whole number/);
});

/** How the active FMC fails: killed (then refusing), cutting a bundle in half, or going silent. */
const FAILURES = {
  'killed mid-stream': {},
  'cut in the middle of a bundle': { faults: { closeAfterBundles: 12, closeMidBundle: true } },
  'silent past the response timeout': { keepaliveMs: 10_000, faults: { stallAfterBundles: 12 } },
} satisfies Record<string, Partial<SimulatorOptions>>;

for (const [failure, options] of Object.entries(FAILURES)) {
  const killed = failure === 'killed mid-stream';
  test(`the active FMC ${failure}: the standby takes over from the bookmark, every event once`, async () => {
    const history = new History();
    appendEvents(history, 400);
    const a = await simulator(history, options);
    const b = await simulator(history);
    try {
      const { s, logger } = session(a.port, b.port, { responseTimeoutMs: 400 });
      let done = false;
      const lines = await collect(
        s,
        (l) => l.length >= 600,
        async (l) => {
          if (l.length === 1) assert.equal(s.stats().fmc, `127.0.0.1:${a.port}`);
          // Killed once events flow; the other failures come from the simulator's faults.
          if (killed && !done && l.length === 50) {
            done = true;
            await a.sim.close();
          }
          if (l.length === 300) appendEvents(history, 200);
        },
      );
      assert.deepEqual(lines, expected(600), 'every event once, in order');
      assert.equal(s.stats().fmc, 'none', 'stopped');
      assert.ok(b.sim.sessions >= 1, 'the standby served the rest');
      assert.ok(logger.lines.some((l) => l.includes(`WARN FMC 127.0.0.1:${a.port} failed; the next attempt goes to FMC 127.0.0.1:${b.port}`)), logger.lines.join('\n'));
      assert.ok(logger.lines.some((l) => new RegExp(`connected to FMC 127.0.0.1:${b.port}`).test(l)));
      assert.ok(logger.lines.some((l) => /requesting events from archive second \d+/.test(l)), 'the standby is asked for the bookmark second');
      if ('keepaliveMs' in options) assert.ok(logger.lines.some((l) => l.includes('FMC sent no complete message for 0.4 s')), 'the silence is the failure');
    } finally {
      await a.sim.close();
      await b.sim.close();
    }
  });
}

test('a refused primary: the standby streams; once the primary answers again the session goes back to it, every event once', async () => {
  const history = new History();
  appendEvents(history, 200);
  const a = await simulator(history);
  const primaryPort = a.port;
  await a.sim.close(); // the primary is down at start
  const b = await simulator(history);
  let restarted: FmcSimulator | undefined;
  try {
    const { s, logger } = session(primaryPort, b.port, { failbackAfterMs: 150 });
    const seenOn = new Set<string>();
    // The FMCs keep receiving events, for about a second, while the session switches.
    const feeder = setInterval(() => history.length < 600 && appendEvents(history, 10), 25);
    const lines = await collect(
      s,
      (l) => l.length >= 600,
      async (l) => {
        seenOn.add(s.stats().fmc);
        if (l.length === 100) restarted = (await simulator(history, { port: primaryPort })).sim;
      },
      20_000,
    ).finally(() => clearInterval(feeder));
    assert.deepEqual(lines, expected(600), 'every event once, in order');
    assert.ok(seenOn.has(`127.0.0.1:${b.port}`), 'streamed from the standby');
    assert.ok(seenOn.has(`127.0.0.1:${primaryPort}`), 'and back from the primary');
    assert.ok(logger.lines.some((l) => l.includes(`the primary FMC 127.0.0.1:${primaryPort} answers again; leaving 127.0.0.1:${b.port} for it`)), logger.lines.join('\n'));
    assert.ok(restarted!.sessions >= 2, 'the check of the primary and the stream');
  } finally {
    await b.sim.close();
    await restarted?.close();
  }
});

test('a single FMC never fails over or back: the session reconnects to it', async () => {
  const history = new History();
  appendEvents(history, 100);
  const a = await simulator(history, { faults: { closeAfterBundles: 3, sessions: 1 } });
  try {
    const logger = memoryLogger();
    const s = new Session({ host: '127.0.0.1', port: a.port, credentials: fixture.credentials, start: 'genesis', process: byBody, logger, initialBackoffMs: 20, failbackAfterMs: 10 });
    const lines = await collect(s, (l) => l.length >= 100);
    assert.deepEqual(lines, expected(100));
    assert.equal(a.sim.sessions, 2);
    assert.ok(!logger.lines.some((l) => /next attempt goes to|answers again/.test(l)));
  } finally {
    await a.sim.close();
  }
});
