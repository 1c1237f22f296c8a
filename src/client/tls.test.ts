import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { createCa, ensurePki, issueCert, toFmcPkcs12, type SimulatorPki } from '../simulator/pki';
import { createFmcTlsServer, type FmcTlsServerOptions } from '../simulator/tls-server';
import { clientRejectedAdvice } from './advice';
import { loadCredentials, type Credentials } from './credentials';
import {
  clientRejectionAfterHandshake,
  ConnectError,
  connectTls,
  explainClosedAfterHandshake,
  type ConnectErrorKind,
  type ConnectOptions,
} from './tls';

const HOST = '127.0.0.1';

let dir: string;
let pki: SimulatorPki;
let credentials: Credentials;
const servers: net.Server[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'estreamer-tls-'));
  pki = ensurePki(dir);
  credentials = loadCredentials({ pkcs12File: pki.files.clientPkcs12, password: pki.clientPassword });
});
after(() => {
  for (const server of servers) server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  server.listen(0, HOST);
  await once(server, 'listening');
  return (server.address() as net.AddressInfo).port;
}

/** A simulator TLS server on an ephemeral port; `sessions` collects the clients that got through. */
async function startFmc(options: Partial<FmcTlsServerOptions> = {}) {
  const sessions: tls.TLSSocket[] = [];
  const server = createFmcTlsServer({
    pki,
    onSession: (socket) => {
      sessions.push(socket);
      socket.on('error', () => {});
      socket.write('hello from the FMC');
    },
    ...options,
  });
  return { port: await listen(server), sessions };
}

function connect(port: number, options: Partial<ConnectOptions> = {}): Promise<tls.TLSSocket> {
  return connectTls({ host: HOST, port, credentials, ...options });
}

async function assertConnectError(attempt: Promise<tls.TLSSocket>, kind: ConnectErrorKind, ...mentions: string[]) {
  // Should it connect after all, close the socket so that the failing test does not hang.
  attempt.then((socket) => socket.destroy(), () => {});
  await assert.rejects(attempt, (err: unknown) => {
    assert.ok(err instanceof ConnectError, `expected a ConnectError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    for (const text of mentions) assert.ok(err.message.includes(text), `"${text}" missing from: ${err.message}`);
    return true;
  });
}

/** Everything the socket receives until it closes. */
async function readUntilClose(socket: tls.TLSSocket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => {});
  await once(socket, 'close');
  return Buffer.concat(chunks);
}

/** Client credentials for a certificate with this CN, signed by `ca`, trusting the simulator CA. */
function clientCredentials(cn: string, ca = pki.ca): Credentials {
  const client = issueCert(ca, { cn });
  const pkcs12 = toFmcPkcs12(client.key, client.cert, [ca.cert], 'pw');
  return { ...loadCredentials({ pkcs12, password: 'pw' }), ca: credentials.ca };
}

describe('connecting', () => {
  test('connects with the FMC PKCS#12, checks the FMC against its CA and carries data', async () => {
    const fmc = await startFmc();
    const socket = await connect(fmc.port);
    assert.ok(socket.authorized);
    const [greeting] = (await once(socket, 'data')) as [Buffer];
    assert.equal(greeting.toString(), 'hello from the FMC');
    assert.equal(fmc.sessions.length, 1);
    socket.destroy();
  });

  test('a closed port is REFUSED, naming host:port and the eStreamer port', async () => {
    const port = await listen(net.createServer());
    await new Promise((resolve) => servers.pop()!.close(resolve));
    await assertConnectError(connect(port), 'REFUSED', `${HOST}:${port}`, 'eStreamer', '8302');
  });

  test('a server that accepts TCP and never answers the handshake is a TIMEOUT within connectTimeoutMs', async () => {
    const port = await listen(net.createServer((socket) => socket.on('error', () => {})));
    const started = Date.now();
    await assertConnectError(connect(port, { connectTimeoutMs: 300 }), 'TIMEOUT', `${HOST}:${port}`, '300 ms', '8302');
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 290 && elapsed < 2000, `took ${elapsed} ms`);
  });

  test('a server that closes during the handshake is CLOSED', async () => {
    const port = await listen(net.createServer((socket) => socket.destroy()));
    await assertConnectError(connect(port), 'CLOSED', `${HOST}:${port}`, 'during the TLS handshake');
  });

  test('a name that does not resolve is DNS', async () => {
    await assertConnectError(connectTls({ host: 'fmc.invalid', port: 8302, credentials }), 'DNS', 'fmc.invalid');
  });
});

describe('TLS versions', () => {
  test('an FMC requiring TLS 1.3 against a client capped at 1.2 is HANDSHAKE, naming what we offered', async () => {
    const fmc = await startFmc({ minVersion: 'TLSv1.3' });
    await assertConnectError(
      connect(fmc.port, { maxVersion: 'TLSv1.2' }),
      'HANDSHAKE',
      `${HOST}:${fmc.port}`,
      'TLSv1.2 to TLSv1.2',
      '--tls-min-version',
      'revoked',
    );
  });

  test('an old FMC speaking TLS 1.0 only is HANDSHAKE by default and works with tls_min_version TLSv1', async () => {
    const fmc = await startFmc({ minVersion: 'TLSv1', maxVersion: 'TLSv1' });
    await assertConnectError(connect(fmc.port), 'HANDSHAKE', 'TLSv1.2 to TLSv1.3', 'TLS 1.0');
    const socket = await connect(fmc.port, { minVersion: 'TLSv1' });
    assert.equal(socket.getProtocol(), 'TLSv1');
    socket.destroy();
  });
});

describe('certificates', () => {
  test('an FMC certificate from another CA is SERVER_UNTRUSTED, and accepted with verifyServer off', async () => {
    const foreignCa = createCa('Another FMC CA');
    const fmc = await startFmc({ pki: { ca: pki.ca, server: issueCert(foreignCa, { cn: 'fmc', server: true }) } });
    await assertConnectError(
      connect(fmc.port),
      'SERVER_UNTRUSTED',
      `${HOST}:${fmc.port}`,
      'not signed by the CA in the PKCS#12',
      '--no-verify-server',
    );
    const socket = await connect(fmc.port, { verifyServer: false });
    assert.equal(socket.authorized, false);
    socket.destroy();
  });

  test('credentials without a CA cannot verify the FMC: SERVER_UNTRUSTED says so', async () => {
    const fmc = await startFmc();
    await assertConnectError(connect(fmc.port, { credentials: { ...credentials, ca: [] } }), 'SERVER_UNTRUSTED', 'no CA');
  });

  test('a client certificate from another CA is CLIENT_REJECTED, with advice to re-create the client', async () => {
    const fmc = await startFmc();
    const foreign = clientCredentials(HOST, createCa('Another FMC CA'));
    await assertConnectError(
      connect(fmc.port, { credentials: foreign, maxVersion: 'TLSv1.2' }),
      'CLIENT_REJECTED',
      `${HOST}:${fmc.port}`,
      'did not accept our client certificate',
      'Create Client',
    );
    assert.equal(fmc.sessions.length, 0);
    // An FMC that says why with an alert (OpenSSL's unknown_ca) gets the cause named.
    assert.match(clientRejectedAdvice({ host: HOST, port: 8302 }, 'tlsv1 alert unknown ca', 'UNKNOWN_CA'), /issued by another FMC's CA/);
  });

  test('under TLS 1.3 a refusal arrives after the handshake and is recognised there', async () => {
    const fmc = await startFmc();
    // A client without a certificate: the server answers with a "certificate required" alert.
    const socket = tls.connect({ host: HOST, port: fmc.port, rejectUnauthorized: false });
    const [err] = (await once(socket, 'error')) as [Error];
    assert.equal(socket.getProtocol(), 'TLSv1.3');
    const rejection = clientRejectionAfterHandshake(err, HOST, fmc.port);
    assert.equal(rejection?.kind, 'CLIENT_REJECTED');
    assert.match(rejection.message, /did not accept our client certificate/);
    assert.equal(clientRejectionAfterHandshake(new Error('read ECONNRESET'), HOST, fmc.port), undefined);
  });
});

describe('the FMC post-connection CN check', () => {
  for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
    test(`a client certificate CN other than our address: handshake, then a silent close (${maxVersion})`, async () => {
      const mismatches: string[][] = [];
      const fmc = await startFmc({ onCnMismatch: (cn, address) => mismatches.push([cn, address]) });
      const socket = await connect(fmc.port, { credentials: clientCredentials('10.1.2.3'), maxVersion });
      assert.equal(socket.getProtocol(), maxVersion);
      assert.equal((await readUntilClose(socket)).length, 0);
      assert.deepEqual(mismatches, [['10.1.2.3', HOST]]);
      assert.equal(fmc.sessions.length, 0);
    });
  }

  test('the advice for that silent close names the FMC, NAT and re-creating the client', () => {
    assert.match(explainClosedAfterHandshake('fmc.example', 8302), /fmc\.example:8302 accepted .* NAT .*Create Client/);
    // Unless the FMC's own certificate is not from our CA: then our PKCS#12 is another FMC's.
    assert.doesNotMatch(explainClosedAfterHandshake('fmc.example', 8302, false), /NAT/);
  });

  test('the same client stays connected when cnCheck is off', async () => {
    const fmc = await startFmc({ cnCheck: false });
    const socket = await connect(fmc.port, { credentials: clientCredentials('10.1.2.3') });
    const [greeting] = (await once(socket, 'data')) as [Buffer];
    assert.equal(greeting.toString(), 'hello from the FMC');
    assert.equal(fmc.sessions.length, 1);
    socket.destroy();
  });
});
