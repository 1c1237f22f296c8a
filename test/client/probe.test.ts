// `estreamer test`'s diagnosis against the simulator and a closed port: each failure is explained.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeFmcHosts } from '../../src/client/fmc-hosts';
import { probeFmc, type ProbeStep } from '../../src/client/probe';
import { memoryLogger } from '../../src/log';
import { History } from '../../src/simulator/history';
import { ensurePki, type SimulatorPki } from '../../src/simulator/pki';
import { FmcSimulator } from '../../src/simulator/server';
import { REPO } from '../paths';

let dir: string;
let pki: SimulatorPki;
let mismatched: SimulatorPki;
let otherFmc: SimulatorPki;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'estreamer-probe-'));
  pki = ensurePki(join(dir, 'pki'), { password: 'right' });
  mismatched = ensurePki(join(dir, 'pki-nat'), { clientCN: '192.0.2.10', password: 'right' });
  otherFmc = ensurePki(join(dir, 'pki-other-fmc'), { password: 'right' });
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function onSimulator<T>(p: SimulatorPki, fn: (port: number) => Promise<T>): Promise<T> {
  const sim = new FmcSimulator({ pki: p, history: new History(), logger: memoryLogger() });
  const { port } = await sim.listen();
  try {
    return await fn(port);
  } finally {
    await sim.close();
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const failed = (steps: ProbeStep[]) => steps.find((s) => !s.ok);

test('a working FMC passes every step and lists its services', async () => {
  await onSimulator(pki, async (port) => {
    const seen: string[] = [];
    const r = await probeFmc({ host: '127.0.0.1', port, credentials: { pkcs12File: pki.files.clientPkcs12, password: 'right' } }, (s) => seen.push(s.step));
    assert.equal(r.ok, true, JSON.stringify(r.steps));
    assert.deepEqual(seen, ['PKCS#12', 'TCP and TLS', 'request', 'streaming information']);
    assert.match(r.steps[3].detail, /5001, 5000, 6667/);
  });
});

test('a wrong PKCS#12 password stops at the first step and says which password is meant', async () => {
  const r = await probeFmc({ host: '127.0.0.1', port: 1, credentials: { pkcs12File: pki.files.clientPkcs12, password: 'wrong' } });
  assert.equal(r.ok, false);
  const f = failed(r.steps)!;
  assert.equal(f.step, 'PKCS#12');
  assert.match(f.detail, /password/i);
  assert.match(f.detail, /Create Client/);
});

test('a certificate issued for another address: the FMC closes silently and the probe explains NAT', async () => {
  await onSimulator(mismatched, async (port) => {
    const r = await probeFmc({ host: '127.0.0.1', port, credentials: { pkcs12File: mismatched.files.clientPkcs12, password: 'right' } });
    assert.equal(r.ok, false);
    const f = failed(r.steps)!;
    assert.equal(f.step, 'request');
    assert.match(f.detail, /NAT/);
  });
});

test('a closed port is reported as refused, with what to check', async () => {
  const port = await closedPort();
  const r = await probeFmc({ host: '127.0.0.1', port, credentials: { pkcs12File: pki.files.clientPkcs12, password: 'right' } });
  const f = failed(r.steps)!;
  assert.equal(f.step, 'TCP and TLS');
  assert.match(f.detail, /refused/i);
  assert.match(f.detail, new RegExp(`127\\.0\\.0\\.1:${port}`));
});

test("a client certificate of another FMC's CA is not blamed on NAT (TLS 1.3: refused after the handshake, silently)", async () => {
  await onSimulator(pki, async (port) => {
    const credentials = { pkcs12File: otherFmc.files.clientPkcs12, password: 'right' };
    const r = await probeFmc({ host: '127.0.0.1', port, credentials, verifyServer: false });
    assert.equal(r.ok, false);
    const f = failed(r.steps)!;
    assert.doesNotMatch(f.detail, /NAT|host named in the client certificate/);
    assert.match(f.detail, /its certificate is not signed by the CA in the PKCS#12: the PKCS#12 is from another FMC .*downloaded from this FMC/);
  });
});

test('the probe says which local address the FMC sees and which flags it asked for, by name', async () => {
  await onSimulator(pki, async (port) => {
    const r = await probeFmc({ host: '127.0.0.1', port, credentials: { pkcs12File: pki.files.clientPkcs12, password: 'right' } });
    assert.equal(r.ok, true);
    assert.match(r.steps[1].detail, /from local address 127\.0\.0\.1:\d+ \(the client certificate must name this address as the FMC sees it\)/);
    assert.match(r.steps[2].detail, /flags 0x48900061 \(w\/ Packets w\/ .*Archive Timestamps.*Extended Request\)/);
  });
});

test('an HA pair is valid when one FMC answers: the others are named with what failed; none answering is an error naming each', async () => {
  const credentials = { pkcs12File: pki.files.clientPkcs12, password: 'right' };
  const down = await closedPort();
  await onSimulator(pki, async (port) => {
    const up = { host: '127.0.0.1', port };
    const stopped = { host: '127.0.0.1', port: down };
    assert.equal(await probeFmcHosts([up], { credentials }), undefined);
    const warning = await probeFmcHosts([stopped, up], { credentials, timeoutMs: 2000 });
    assert.match(warning!, new RegExp(`^FMC 127\\.0\\.0\\.1:${down} does not answer \\(TCP and TLS: .*refused.*\\); the input streams from the others$`, 'i'));
    assert.ok(!warning!.includes(`:${port} `), 'the FMC that answers is not named');
  });
  const other = await closedPort();
  await assert.rejects(
    probeFmcHosts([{ host: '127.0.0.1', port: down }, { host: '127.0.0.1', port: other }], { credentials, timeoutMs: 2000 }),
    new RegExp(`^Error: no FMC answers\\. FMC 127\\.0\\.0\\.1:${down} does not answer \\(TCP and TLS: .*\\)\\. FMC 127\\.0\\.0\\.1:${other} does not answer`),
  );
  // A single FMC keeps the message it always had.
  await assert.rejects(probeFmcHosts([{ host: '127.0.0.1', port: down }], { credentials }), /^Error: TCP and TLS: .*refused/i);
});

test('estreamer test --host with an HA pair tests each FMC in turn and fails when one does not answer', { timeout: 60_000 }, async () => {
  const down = await closedPort();
  await onSimulator(pki, async (port) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO, 'src', 'cli.ts'), 'test', '--host', `127.0.0.1:${port},127.0.0.1:${down}`, '--pkcs12', pki.files.clientPkcs12, '--password-env', 'PW', '--connect-timeout', '3'],
      { cwd: REPO, env: { ...process.env, PW: 'right' } },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    assert.equal(code, 1, out);
    const [first, second] = out.split(/^FMC /m).slice(1);
    assert.match(first, new RegExp(`^127\\.0\\.0\\.1:${port}\\n(PASS .*\\n){4}$`));
    assert.match(second, new RegExp(`^127\\.0\\.0\\.1:${down}\\nPASS  PKCS#12: .*\\nFAIL  TCP and TLS: .*refused`, 'i'));
    assert.match(out, new RegExp(`The test failed for 127\\.0\\.0\\.1:${down}; see the FAIL lines above\\.\\n$`));
  });
});
