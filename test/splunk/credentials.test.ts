// The PKCS#12 password's way into splunkd's credential store, against a mock splunkd over HTTPS.

import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { memoryLogger } from '../../src/log';
import { credentialEntityName, MASKED_PASSWORD, resolvePkcs12Password } from '../../src/splunk/credentials';
import { MockSplunkd } from '../mock-splunkd';

const APP = 'TA-cisco-estreamer';
const STANZA = 'estreamer://fmc1';

async function closedPortUri(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `https://127.0.0.1:${port}`;
}

describe('PKCS#12 password and the credential store', () => {
  const splunkd = new MockSplunkd();
  before(() => splunkd.start());
  after(() => splunkd.stop());

  it('moves a clear password into storage/passwords, masks the stanza, and reads it back on the next run', async () => {
    splunkd.defineInput(APP, STANZA, { fmc_host: 'fmc.example', pkcs12_password: 'S3cret: pass' });
    const session = { serverUri: splunkd.uri, sessionKey: splunkd.sessionKey };
    const firstLog = memoryLogger();

    const first = await resolvePkcs12Password({ given: 'S3cret: pass', inputName: 'fmc1', app: APP, session, log: firstLog, persist: true });

    assert.equal(first, 'S3cret: pass');
    assert.deepEqual(splunkd.credentials, [{ app: APP, realm: 'TA-cisco-estreamer', username: 'fmc1', password: 'S3cret: pass' }]);
    assert.equal(splunkd.stanza(APP, STANZA)?.pkcs12_password, MASKED_PASSWORD);
    assert.ok(firstLog.lines.some((l) => l.startsWith('INFO') && l.includes('moved into Splunk')), firstLog.lines.join('\n'));

    const second = await resolvePkcs12Password({ given: MASKED_PASSWORD, inputName: 'fmc1', app: APP, session, log: memoryLogger(), persist: true });
    assert.equal(second, 'S3cret: pass');
  });

  it('replaces the stored password when the admin enters a new one', async () => {
    splunkd.defineInput(APP, 'estreamer://fmc2', { pkcs12_password: 'old' });
    const session = { serverUri: splunkd.uri, sessionKey: splunkd.sessionKey };
    await resolvePkcs12Password({ given: 'old', inputName: 'fmc2', app: APP, session, log: memoryLogger(), persist: true });
    splunkd.stanza(APP, 'estreamer://fmc2')!.pkcs12_password = 'new';

    await resolvePkcs12Password({ given: 'new', inputName: 'fmc2', app: APP, session, log: memoryLogger(), persist: true });

    assert.deepEqual(
      splunkd.credentials.filter((c) => c.username === 'fmc2').map((c) => c.password),
      ['new'],
    );
    assert.equal(splunkd.stanza(APP, 'estreamer://fmc2')?.pkcs12_password, MASKED_PASSWORD);
  });

  it('uses the stanza app as the namespace', async () => {
    splunkd.defineInput('search', 'estreamer://in-search', { pkcs12_password: 'pw' });
    const session = { serverUri: splunkd.uri, sessionKey: splunkd.sessionKey };
    await resolvePkcs12Password({ given: 'pw', inputName: 'in-search', app: 'search', session, log: memoryLogger(), persist: true });
    assert.ok(splunkd.credentials.some((c) => c.app === 'search' && c.username === 'in-search'));
    assert.ok(splunkd.requests.includes('POST /servicesNS/nobody/search/configs/conf-inputs/estreamer%3A%2F%2Fin-search'));
  });

  it('validation reads the store for a masked value but never writes', async () => {
    const session = { serverUri: splunkd.uri, sessionKey: splunkd.sessionKey };
    const before = splunkd.requests.length;
    assert.equal(await resolvePkcs12Password({ given: 'typed', inputName: 'fmc1', app: APP, session, log: memoryLogger(), persist: false }), 'typed');
    assert.equal(splunkd.requests.length, before, 'a clear value needs no request in validation');
    assert.equal(await resolvePkcs12Password({ given: MASKED_PASSWORD, inputName: 'fmc1', app: APP, session, log: memoryLogger(), persist: false }), 'S3cret: pass');
    assert.ok(splunkd.requests.slice(before).every((r) => r.startsWith('GET ')));
  });

  it('fails with advice when the value is masked and nothing is stored', async () => {
    const session = { serverUri: splunkd.uri, sessionKey: splunkd.sessionKey };
    await assert.rejects(
      resolvePkcs12Password({ given: MASKED_PASSWORD, inputName: 'unknown', app: APP, session, log: memoryLogger(), persist: true }),
      /holds no password for input "unknown".*enter the password again/,
    );
  });

  it('a rejected session key gives a WARN and the given password', async () => {
    const log = memoryLogger();
    const session = { serverUri: splunkd.uri, sessionKey: 'wrong' };
    const password = await resolvePkcs12Password({ given: 'pw', inputName: 'fmc1', app: APP, session, log, persist: true });
    assert.equal(password, 'pw');
    assert.ok(log.lines.some((l) => l.startsWith('WARN') && l.includes('rejected the session key')), log.lines.join('\n'));
  });

  it('an unreachable splunkd gives an actionable WARN and the given password', async () => {
    const log = memoryLogger();
    const session = { serverUri: await closedPortUri(), sessionKey: 'k' };
    const password = await resolvePkcs12Password({ given: 'pw', inputName: 'fmc1', app: APP, session, log, persist: true });
    assert.equal(password, 'pw');
    const warning = log.lines.find((l) => l.startsWith('WARN'));
    assert.match(warning ?? '', /stays in clear text in inputs\.conf: cannot reach splunkd at https:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it('escapes colons and backslashes in credential names as splunkd does', () => {
    assert.equal(credentialEntityName('TA-cisco-estreamer', 'a:b\\c'), 'TA-cisco-estreamer:a\\:b\\\\c:');
  });
});
