// State and files never crash the client (issue 10 §4): `estreamer stream` as a user runs it
// (the built CLI, a real process) against the simulator, with a checkpoint folder that does not
// exist yet, one that cannot be created, files that cannot be replaced, a corrupt checkpoint,
// and SIGTERM while connecting; `estreamer decode` going past bad messages.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { CheckpointStore } from '../../src/client/checkpoint';
import { createLogger, memoryLogger } from '../../src/log';
import { encodeEventData } from '../../src/protocol/messages';
import { TrafficGenerator } from '../../src/simulator/generator';
import { History } from '../../src/simulator/history';
import { FmcSimulator } from '../../src/simulator/server';
import { REPO } from '../paths';
import { useSimulatorPki } from '../simulator-pki';

const CLI = join(REPO, 'dist', 'cli.js');
const fixture = useSimulatorPki('estreamer-state-', { password: 'pw' });
let sim: FmcSimulator;
let port: number;

before(async () => {
  const history = new TrafficGenerator({ seed: 3 }).fill(new History(), 300);
  sim = new FmcSimulator({ pki: fixture.pki, history, recordsPerBundle: 20, keepaliveMs: 200, logger: createLogger({ level: 'ERROR' }) });
  port = (await sim.listen()).port;
});
after(() => sim.close());

function stream(args: string[], fmcPort = port) {
  const child = spawn(
    process.execPath,
    [CLI, 'stream', '--host', '127.0.0.1', '--port', String(fmcPort), '--pkcs12', fixture.pki.files.clientPkcs12, '--password-env', 'PW', '--start', 'genesis', ...args],
    { cwd: REPO, env: { ...process.env, PW: 'pw' } },
  );
  const run = { out: '', err: '', exited: new Promise<number | null>((r) => child.on('exit', r)) };
  child.stdout.on('data', (d: Buffer) => (run.out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (run.err += d.toString()));
  return { child, run };
}

const events = (text: string) => text.split('\n').filter((l) => /^rec_type=(71|400|500|502) /.test(l)).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** SIGTERM, and the exit code, which must come within 2 s. */
async function terminate(p: ReturnType<typeof stream>): Promise<number | null> {
  const at = Date.now();
  p.child.kill('SIGTERM');
  const code = await p.run.exited;
  assert.ok(Date.now() - at < 2_000, `exited ${Date.now() - at} ms after SIGTERM`);
  return code;
}

test('a checkpoint folder that does not exist is created; one that cannot be is an ERROR naming it, and streaming goes on', { timeout: 60_000 }, async () => {
  const fresh = join(fixture.dir, 'new', 'nested', 'state');
  const blocker = join(fixture.dir, 'a-file');
  writeFileSync(blocker, 'not a folder');
  const impossible = join(blocker, 'state');
  const good = stream(['--checkpoint-dir', fresh]);
  const bad = stream(['--checkpoint-dir', impossible]);
  // The metadata cache saved by its 5-second timer, which used to crash on a missing folder.
  await until(() => existsSync(fresh) && readdirSync(fresh).some((f) => f.endsWith('.metadata.json')), 'the metadata cache saved by the timer', 15_000);
  await until(() => bad.run.err.split('\n').filter((l) => l.startsWith('ERROR')).length >= 2, 'both save errors', 15_000);
  await sleep(1_500);
  for (const p of [good, bad]) assert.ok(events(p.run.out) >= 300, p.run.err);
  assert.equal(await terminate(good), 0, good.run.err);
  assert.equal(await terminate(bad), 0, bad.run.err);
  assert.equal(readdirSync(fresh).filter((f) => f.endsWith('.json')).length, 2, 'checkpoint and metadata cache');
  assert.doesNotMatch(good.run.err, /ERROR/);
  const errors = bad.run.err.split('\n').filter((l) => l.startsWith('ERROR'));
  // One ERROR per file and cause, not one per retry.
  assert.equal(errors.length, 2, bad.run.err);
  assert.ok(errors.some((l) => l.includes(`cannot save the checkpoint of 127.0.0.1:${port} to ${impossible}/`) && /ENOTDIR/.test(l)), errors.join('\n'));
  assert.ok(errors.some((l) => l.includes(`cannot save the metadata cache to ${impossible}/`) && /ENOTDIR/.test(l)), errors.join('\n'));
});

test('files that cannot be replaced: an ERROR, no temporary files left behind', { timeout: 60_000 }, async () => {
  const state = join(fixture.dir, 'occupied');
  const store = new CheckpointStore(state, memoryLogger());
  const input = `127.0.0.1:${port}`;
  // Folders where the files go: writing the temporary file works, renaming it over them does not.
  mkdirSync(store.checkpointPath(input), { recursive: true });
  mkdirSync(store.metadataCachePath(input), { recursive: true });
  const p = stream(['--checkpoint-dir', state]);
  await until(() => events(p.run.out) >= 300 && /cannot save the checkpoint/.test(p.run.err), 'events and the checkpoint ERROR');
  await sleep(5_500);
  assert.equal(await terminate(p), 0, p.run.err);
  assert.match(p.run.err, /ERROR cannot save the checkpoint .*: EISDIR/);
  assert.match(p.run.err, /ERROR cannot save the metadata cache .*: EISDIR/);
  assert.deepEqual(readdirSync(state).filter((f) => f.endsWith('.tmp')), []);
});

test('a corrupt or truncated checkpoint and metadata cache are reported; the client starts per --start', { timeout: 60_000 }, async () => {
  for (const content of ['{"formatVersion":1,"host":"127.0', '', '\u0000\u0001garbage']) {
    const state = join(fixture.dir, `corrupt-${content.length}`);
    const store = new CheckpointStore(state, memoryLogger());
    mkdirSync(state);
    writeFileSync(store.checkpointPath(`127.0.0.1:${port}`), content);
    writeFileSync(store.metadataCachePath(`127.0.0.1:${port}`), content);
    const p = stream(['--checkpoint-dir', state]);
    await until(() => events(p.run.out) >= 300, 'every event from genesis');
    assert.equal(await terminate(p), 0, p.run.err);
    assert.match(p.run.err, /WARN checkpoint .* is corrupt or of an unknown format; starting without it/);
    assert.match(p.run.err, /WARN metadata cache .* is unusable .*; starting empty/);
    assert.match(p.run.err, /requesting events from genesis/);
  }
});

test('SIGTERM while connecting (an FMC that never answers the handshake) ends stream within 2 s', { timeout: 30_000 }, async () => {
  const held: Socket[] = [];
  const blackhole = createServer((s) => held.push(s));
  await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', r));
  try {
    const p = stream(['--connect-timeout', '60'], (blackhole.address() as AddressInfo).port);
    await until(() => held.length > 0, 'the connection attempt');
    assert.equal(await terminate(p), 0, p.run.err);
    assert.match(p.run.err, /health state=stopped/);
  } finally {
    for (const s of held) s.destroy();
    blackhole.close();
  }
});

test('decode reports bad messages and goes on with the rest of the file', () => {
  const good = (n: number) => encodeEventData(4242, Buffer.from(`good-${n}`)).toString('hex');
  const lying = Buffer.from(encodeEventData(4242, Buffer.from('lie')));
  lying.writeUInt32BE(99, 12);
  const notAMessage = '0007000400000000';
  const bundleOverrun = '00010fa200000014' + '0000000100000001' + '0000000400000fff' + '00000000';
  const file = join(fixture.dir, 'bad.hex');
  writeFileSync(file, [good(1), lying.toString('hex'), notAMessage, bundleOverrun, good(2)].join('\n') + '\n');
  const r = spawnSync(process.execPath, [CLI, 'decode', file], { cwd: REPO, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trimEnd().split('\n').map((l) => /data=(\w+)/.exec(l)?.[1]), [Buffer.from('good-1').toString('hex'), Buffer.from('good-2').toString('hex')]);
  assert.match(r.stderr, /WARN skipping a bad Event Data \(4\) of 11 bytes: record type 4242: record length 99/);
  assert.match(r.stderr, /WARN skipping bytes that are no eStreamer message: message header version 7/);
  assert.match(r.stderr, /WARN skipping the end of bundle 1: inner message of 4095 bytes overruns the bundle/);
  assert.match(r.stderr, /decoded 2 records, printed 2, malformed 3,/);
});
