// The `estreamer` command line as a user runs it: decode the real capture, the demo, usage errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CAPTURE_FILE, REPO } from '../paths';

const CLI = ['--import', 'tsx', join(REPO, 'src', 'cli.ts')];
const run = (args: string[], input?: string) => spawnSync(process.execPath, [...CLI, ...args], { cwd: REPO, encoding: 'utf8', input, timeout: 60_000 });

test('estreamer decode prints the 69 records of the real FMC capture', () => {
  const r = run(['decode', CAPTURE_FILE]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 69);
  assert.equal(lines.filter((l) => l.startsWith('rec_type=71 ')).length, 38);
  assert.ok(lines.every((l) => /^rec_type=\d+ /.test(l)));
  assert.match(r.stderr, /decoded 69 records, printed 69, malformed 0, unknown types 0/);
});

test('estreamer decode --format json prints one JSON object per record', () => {
  const r = run(['decode', '--format', 'json', CAPTURE_FILE]);
  assert.equal(r.status, 0, r.stderr);
  const objects = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(objects.length, 69);
  const connection = objects.find((o) => o.rec_type === 71)!;
  assert.equal(typeof connection.src_port, 'number');
  assert.equal(connection.fw_rule, 'allow-all');
});

test('estreamer decode --format security_cloud --records: Security Cloud events of the selected categories', () => {
  const r = run(['decode', '--format', 'security_cloud', '--records', 'connections,-security_intelligence', CAPTURE_FILE]);
  assert.equal(r.status, 0, r.stderr);
  const objects = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  // The capture holds 38 connection events, none of them a Security Intelligence event.
  assert.equal(objects.length, 38);
  assert.ok(objects.every((o) => o.EventType === 'ConnectionEvent'));
  assert.equal(objects[0].AC_RuleAction, 'Allow');
  assert.equal(objects[0].FirewallRule, 'allow-all');
  assert.equal(run(['decode', '--records', 'security_intelligence', CAPTURE_FILE]).stdout, '');
});

test('an unknown record type is printed generically with its bytes', () => {
  // One Event Data message of record type 4242 with a 16-byte header.
  const hex = '0001000400000014' + '00001092' + '00000004' + '5fc7c0a6' + '00000000' + 'cafef00d';
  const r = run(['decode', '-'], hex);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^rec_type=4242 .*data=cafef00d/);
});

test('estreamer decode --fields compact prints the capture in about a third of the bytes', () => {
  const all = run(['decode', CAPTURE_FILE]);
  const compact = run(['decode', '--fields', 'compact', CAPTURE_FILE]);
  assert.equal(compact.status, 0, compact.stderr);
  assert.equal(compact.stdout.trimEnd().split('\n').length, 69);
  assert.ok(compact.stdout.length < 0.4 * all.stdout.length, `${compact.stdout.length} of ${all.stdout.length} bytes`);
  assert.match(compact.stdout, /^rec_type=71 .* fw_rule=allow-all .*src_port=59265 /m);
  assert.doesNotMatch(compact.stdout, / fw_rule_id=| monitor_rule_1=N\/A| legacy_ip=0\.0\.0\.0/);
});

test('usage errors exit 2 with a clear message; --help works for every command', () => {
  const bad = run(['stream', '--port', '8302']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^ERROR --host is required/);
  const port = run(['test', '--host', '127.0.0.1', '--port', '70000', '--pkcs12', 'x.pkcs12']);
  assert.equal(port.status, 2);
  assert.match(port.stderr, /^ERROR --port must be a TCP port from 1 to 65535, got "70000"/);
  const start = run(['stream', '--host', 'h', '--pkcs12', 'x', '--start', 'yesterday']);
  assert.equal(start.status, 2);
  assert.match(start.stderr, /^ERROR --start must be bookmark, genesis, now, a time .* or encore_bookmark:<path>, got "yesterday"/);
  // Above Node's timer limit (~24.8 days) a failback timer would fire at once, again and again.
  const failback = run(['stream', '--host', 'a,b', '--pkcs12', 'x', '--failback-after', '3000000']);
  assert.equal(failback.status, 2);
  assert.match(failback.stderr, /^ERROR --failback-after must be a whole number from 0 to 86400, got "3000000"/);
  const format = run(['decode', '--format', 'cef', CAPTURE_FILE]);
  assert.equal(format.status, 2);
  assert.match(format.stderr, /--format must be kv, json, security_cloud; got "cef"/);
  const records = run(['decode', '--records', 'connections,-flows', CAPTURE_FILE]);
  assert.equal(records.status, 2);
  assert.match(records.stderr, /--records: unknown category flows;/);
  const badHost = run(['test', '--host', 'fmc-a,fmc-b:80000', '--pkcs12', 'x.p12']);
  assert.equal(badHost.status, 2);
  assert.match(badHost.stderr, /^ERROR --host: "fmc-b:80000": the port "80000" is not a whole number from 1 to 65535/);
  for (const cmd of ['test', 'stream', 'decode', 'simulate', 'demo']) {
    const help = run([cmd, '--help']);
    assert.equal(help.status, 0, cmd);
    assert.match(help.stdout, new RegExp(`Usage: estreamer ${cmd}`));
  }
});

test('the demo (npm start) shows events within seconds and stops cleanly on Ctrl-C', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, [...CLI, 'demo'], { cwd: REPO });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const started = Date.now();
  while (!/^rec_type=71 /m.test(out) || !/^rec_type=400 /m.test(out)) {
    if (Date.now() - started > 20_000) {
      // A failed wait must not leave the demo running (it would hold the test file open).
      child.kill('SIGKILL');
      assert.fail(`no events after 20 s:\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGINT');
  // Bounded too: a demo that does not stop must fail the test, not hang the suite.
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    new Promise((r) => child.on('exit', r)),
    new Promise((r) => (timer = setTimeout(() => r('no exit 20 s after SIGINT'), 20_000))),
  ]);
  clearTimeout(timer);
  if (code !== 0) child.kill('SIGKILL');
  assert.equal(code, 0, err);
  assert.match(out, /^rec_type=71 event_sec=\d+ .*sensor=ftd-/m);
  assert.match(err, /INFO demo: stopped after \d+ events/);
});
