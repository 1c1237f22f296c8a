// Builds the app package once (package-app.sh: build, bundle, standalone executable, archive,
// AppInspect-style checks) and runs the packaged executable as splunkd would, in its three
// modes, with no node on PATH.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import forge from 'node-forge';
import { parseStringPromise } from 'xml2js';
import { REPO, SPLUNK_REFERENCE } from '../paths';

const APP_ID = 'TA-cisco-estreamer';
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const PACKAGE = join(REPO, 'out', `${APP_ID}-${VERSION}.tgz`);
const BINARY = join(REPO, 'out', APP_ID, 'linux_x86_64', 'bin', 'estreamer');

const work = mkdtempSync(join(tmpdir(), 'estreamer-package-'));
/** The whole environment of the executable: a PATH on which there is no node. */
const NO_NODE_ENV = { PATH: join(work, 'empty-path') };
mkdirSync(NO_NODE_ENV.PATH);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A valid PKCS#12 client file, so that the input gets as far as connecting. */
function writePkcs12(path: string, password: string): void {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: '127.0.0.1' }]);
  cert.setIssuer([{ name: 'commonName', value: 'test CA' }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], password, { algorithm: '3des' });
  writeFileSync(path, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
}

function runBinary(args: string[], stdin: Buffer | string) {
  return spawnSync(BINARY, args, { input: stdin, env: NO_NODE_ENV, encoding: 'utf8', timeout: 30_000 });
}

describe('packaged app', { timeout: 900_000 }, () => {
  before(() => {
    const packaging = spawnSync('bash', ['package-app.sh'], { cwd: REPO, encoding: 'utf8', timeout: 840_000 });
    assert.equal(packaging.status, 0, `package-app.sh failed:\n${packaging.stdout}\n${packaging.stderr}`);
  });

  it('is one archive with the app id as its only top folder and an executable binary', () => {
    const names = spawnSync('tar', ['-tzf', PACKAGE], { encoding: 'utf8' }).stdout.trim().split('\n');
    assert.ok(names.length > 10);
    assert.deepEqual([...new Set(names.map((n) => n.split('/')[0]))], [APP_ID]);
    assert.ok(names.includes(`${APP_ID}/linux_x86_64/bin/estreamer`));
    assert.ok(names.includes(`${APP_ID}/README/inputs.conf.spec`));
    for (const file of ['MIGRATION.md', 'default/data/ui/views/estreamer_health.xml', 'default/data/ui/views/estreamer_overview.xml', 'default/data/ui/nav/default.xml', 'default/savedsearches.conf', 'default/macros.conf']) {
      assert.ok(names.includes(`${APP_ID}/${file}`), file);
    }
    assert.equal(statSync(BINARY).mode & 0o777, 0o755);
  });

  it('--scheme prints the scheme without node on PATH', async () => {
    assert.notEqual(spawnSync('/bin/sh', ['-c', 'command -v node'], { env: NO_NODE_ENV }).status, 0, 'node must not be found');
    const run = runBinary(['--scheme'], '');
    assert.equal(run.status, 0, run.stderr);
    const scheme = (await parseStringPromise(run.stdout)) as { scheme: { streaming_mode: string[]; endpoint: { args: { arg: { $: { name: string } }[] }[] }[] } };
    assert.deepEqual(scheme.scheme.streaming_mode, ['xml']);
    assert.ok(scheme.scheme.endpoint[0].args[0].arg.some((a) => a.$.name === 'fmc_host'));
  });

  it('--validate-arguments rejects an item without FMC host and certificate', async () => {
    const run = runBinary(['--validate-arguments'], readFileSync(join(SPLUNK_REFERENCE, 'python-sdk/validation.xml')));
    assert.notEqual(run.status, 0);
    const error = (await parseStringPromise(run.stdout)) as { error: { message: string[] } };
    assert.match(error.error.message[0], /fmc_host is required.*pkcs12_file is required/);
  });

  it('run mode: reports the closed FMC port, and at SIGTERM closes the stream and exits 0', async () => {
    const fmcPort = await closedPort();
    const splunkdPort = await closedPort();
    const pkcs12 = join(work, 'client.pkcs12');
    writePkcs12(pkcs12, 'client-password');
    const definition = `<input>
  <server_host>hf1</server_host>
  <server_uri>https://127.0.0.1:${splunkdPort}</server_uri>
  <session_key>key</session_key>
  <checkpoint_dir>${join(work, 'checkpoints')}</checkpoint_dir>
  <configuration>
    <stanza name="estreamer://closed" app="${APP_ID}">
      <param name="fmc_host">127.0.0.1</param>
      <param name="fmc_port">${fmcPort}</param>
      <param name="pkcs12_file">${pkcs12}</param>
      <param name="pkcs12_password">client-password</param>
      <param name="connect_timeout">2</param>
      <param name="index">main</param>
    </stanza>
  </configuration>
</input>
`;
    const child = spawn(BINARY, [], { env: NO_NODE_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.end(definition);

    const fmcProblem = new RegExp(`^(ERROR|WARN) .*127\\.0\\.0\\.1:${fmcPort}`, 'm');
    const deadline = Date.now() + 20_000;
    while (!fmcProblem.test(stderr) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    assert.match(stderr, fmcProblem, 'an ERROR or WARN naming the FMC address');
    assert.equal(child.exitCode, null, `the input must keep trying until stopped:\n${stderr}`);

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    assert.equal(code, 0, stderr);
    assert.ok(Date.now() - signalledAt < 5000, 'stopped within 5 s');
    assert.ok(stdout.startsWith('<stream>'), stdout);
    assert.ok(stdout.endsWith('</stream>\n'), stdout);
    assert.match(stderr, /^WARN .*pkcs12_password of input "closed" stays in clear text/m);
  });
});
