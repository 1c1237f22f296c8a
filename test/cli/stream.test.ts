// `estreamer stream` against the simulator: events on stdout, health on stderr, and a restart
// with --checkpoint-dir that neither repeats nor skips an event.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../src/log';
import { TrafficGenerator } from '../../src/simulator/generator';
import { History } from '../../src/simulator/history';
import { FmcSimulator } from '../../src/simulator/server';
import { REPO } from '../paths';
import { useSimulatorPki } from '../simulator-pki';

const fixture = useSimulatorPki('estreamer-stream-', { password: 'from-env' });

function stream(port: number, checkpointDir: string, options: string[] = ['--start', 'genesis']) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO, 'src', 'cli.ts'), 'stream', '--host', '127.0.0.1', '--port', String(port), '--pkcs12', fixture.pki.files.clientPkcs12,
      '--password-env', 'FMC_PKCS12_PASSWORD', '--checkpoint-dir', checkpointDir, '--monitor-period', '1', ...options],
    { cwd: REPO, env: { ...process.env, FMC_PKCS12_PASSWORD: 'from-env' } },
  );
  const run = { out: '', err: '', exited: new Promise<number | null>((r) => child.on('exit', r)) };
  child.stdout.on('data', (d: Buffer) => (run.out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (run.err += d.toString()));
  return { child, run };
}

const lines = (text: string) => text.split('\n').filter((l) => l.startsWith('rec_type='));

test('stream writes every event once across a SIGTERM and a restart from the checkpoint', { timeout: 120_000 }, async () => {
  const generator = new TrafficGenerator({ seed: 21 });
  const history = generator.fill(new History(), 400);
  const sim = new FmcSimulator({ pki: fixture.pki, history, recordsPerBundle: 20, window: 2, keepaliveMs: 200, logger: createLogger({ level: 'ERROR' }) });
  const { port } = await sim.listen();
  const checkpoints = join(fixture.dir, 'state');
  try {
    const first = stream(port, checkpoints);
    const until = async (cond: () => boolean, what: string) => {
      const end = Date.now() + 30_000;
      while (!cond()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(() => lines(first.run.out).length > 100, 'the first events');
    await until(() => /health state=streaming handled=\d+/.test(first.run.err), 'a health line');
    first.child.kill('SIGTERM');
    assert.equal(await first.run.exited, 0, first.run.err);
    generator.append(history, 200);

    const second = stream(port, checkpoints);
    const metadataLines = history.metadata.length;
    await until(() => lines(first.run.out).length + lines(second.run.out).length >= metadataLines + 600, 'the rest');
    await new Promise((r) => setTimeout(r, 500));
    second.child.kill('SIGTERM');
    assert.equal(await second.run.exited, 0, second.run.err);

    const all = [...lines(first.run.out), ...lines(second.run.out)];
    const events = all.filter((l) => /^rec_type=(71|400|500|502) /.test(l));
    assert.equal(events.length, 600, 'every event exactly once');
    assert.equal(new Set(events).size, 600);
    assert.match(second.run.err, /requesting events from archive second \d+/, 'the restart resumes from the checkpoint');
    // Metadata is output once: the restart's cache already knows it.
    assert.equal(lines(second.run.out).filter((l) => /^rec_type=(123|115|116) /.test(l)).length, 0);
  } finally {
    await sim.close();
  }
});

test("--start encore_bookmark: the first run starts at eNcore's second, then the checkpoint wins; --fields compact", { timeout: 120_000 }, async () => {
  const history = new TrafficGenerator({ seed: 22 }).fill(new History(), 300);
  const sim = new FmcSimulator({ pki: fixture.pki, history, recordsPerBundle: 20, window: 2, keepaliveMs: 200, logger: createLogger({ level: 'ERROR' }) });
  const { port } = await sim.listen();
  // eNcore's file (format of test/fixtures/encore/sample_bookmark.dat): the last second it wrote.
  const second = history.at(0).archiveTimestamp + 4;
  const bookmark = join(fixture.dir, `127.0.0.1-${port}_bookmark.dat`);
  writeFileSync(bookmark, JSON.stringify({ 1: second }));
  const expected = history.length - history.indexAt(second);
  const until = async (cond: () => boolean, what: string) => {
    const end = Date.now() + 30_000;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const events = (out: string) => lines(out).filter((l) => /^rec_type=(71|400|500|502) /.test(l));
  try {
    const checkpoints = join(fixture.dir, 'state-encore');
    const first = stream(port, checkpoints, ['--start', `encore_bookmark:${bookmark}`, '--fields', 'compact']);
    await until(() => events(first.run.out).length >= expected, `${expected} events`);
    await new Promise((r) => setTimeout(r, 300));
    first.child.kill('SIGTERM');
    assert.equal(await first.run.exited, 0, first.run.err);
    assert.equal(events(first.run.out).length, expected, "every event from eNcore's second on, none before");
    assert.match(first.run.err, new RegExp(`requesting events from archive second ${second} `));
    assert.ok(events(first.run.out).every((l) => !/=(0|""|N\/A)( |$)/.test(l)), 'compact lines');
    // eNcore's file is no longer needed: a later run resumes from the checkpoint.
    rmSync(bookmark);
    const next = stream(port, checkpoints, ['--start', `encore_bookmark:${bookmark}`]);
    await until(() => /requesting events from archive second \d+/.test(next.run.err), 'the restart to connect');
    next.child.kill('SIGTERM');
    assert.equal(await next.run.exited, 0, next.run.err);
    assert.doesNotMatch(next.run.err, /eNcore bookmark/);
  } finally {
    await sim.close();
  }
});
