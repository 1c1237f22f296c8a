import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { loadCredentials } from '../client/credentials';
import { ensurePki, issueCert, toModernPkcs12, type SimulatorPki } from './pki';

let dir: string;
let pki: SimulatorPki;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'estreamer-pki-'));
  pki = ensurePki(join(dir, 'pki'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the openssl command line tool, which must succeed. */
function openssl(...args: string[]): string {
  const run = spawnSync('openssl', args, { encoding: 'utf8' });
  assert.equal(run.status, 0, `openssl ${args.join(' ')}: ${run.error?.message ?? run.stderr}`);
  return run.stdout + run.stderr;
}

describe('ensurePki', () => {
  test('creates the CA, the server key pair and the client PKCS#12, keys readable by the owner only', () => {
    assert.deepEqual(
      Object.values(pki.files).map((file) => file.slice(dir.length + 1)),
      ['pki/ca.pem', 'pki/ca.key', 'pki/server.pem', 'pki/server.key', 'pki/client.pkcs12'],
    );
    for (const secret of [pki.files.caKey, pki.files.serverKey, pki.files.clientPkcs12]) {
      assert.equal(statSync(secret).mode & 0o777, 0o600, secret);
    }
    assert.equal(readFileSync(pki.files.caCert, 'utf8'), pki.ca.cert);
    assert.equal(readFileSync(pki.files.serverKey, 'utf8'), pki.server.key);
  });

  test('encrypts client.pkcs12 the way the FMC does, as openssl reports it', () => {
    const info = openssl('pkcs12', '-info', '-noout', '-legacy', '-in', pki.files.clientPkcs12, '-passin', 'pass:estreamer');
    assert.match(info, /MAC: sha1, Iteration 2048/);
    assert.match(info, /PKCS7 Encrypted data: pbeWithSHA1And40BitRC2-CBC, Iteration 2048/);
    assert.match(info, /Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/);
    assert.equal(info.match(/Certificate bag/g)?.length, 2);
  });

  test('openssl splits client.pkcs12 into a key and the certificate that belongs to it', () => {
    const pem = openssl('pkcs12', '-legacy', '-nodes', '-in', pki.files.clientPkcs12, '-passin', 'pass:estreamer');
    const key = createPrivateKey(pem);
    const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    assert.equal(certs.length, 2);
    const [client, ca] = certs.map((cert) => new X509Certificate(cert));
    assert.ok(client.checkPrivateKey(key));
    assert.equal(ca.fingerprint256, new X509Certificate(pki.ca.cert).fingerprint256);
    // The key and the client certificate carry the same localKeyID, which pairs them.
    const localKeyIds = pem.match(/localKeyID: ([0-9A-F ]+)/g) ?? [];
    assert.equal(localKeyIds.length, 2);
    assert.equal(localKeyIds[0], localKeyIds[1]);
  });

  test('issues a server certificate and a client certificate for the CNs asked, both signed by the CA', () => {
    const ca = new X509Certificate(pki.ca.cert);
    const server = new X509Certificate(pki.server.cert);
    assert.ok(ca.ca);
    assert.ok(server.verify(ca.publicKey));
    assert.equal(server.subject, 'CN=fmc.simulator.local');
    assert.equal(server.subjectAltName, 'DNS:fmc.simulator.local');
    assert.ok(server.checkPrivateKey(createPrivateKey(pki.server.key)));
    const client = loadCredentials({ pkcs12File: pki.files.clientPkcs12, password: pki.clientPassword });
    assert.equal(client.subjectCN, '127.0.0.1');
    assert.ok(new X509Certificate(client.cert).verify(ca.publicKey));
    assert.match(openssl('verify', '-purpose', 'sslserver', '-CAfile', pki.files.caCert, pki.files.serverCert), /OK/);
  });

  test('keeps existing files that match the options, remakes them when the options change or a file is damaged', () => {
    const again = ensurePki(join(dir, 'pki'));
    assert.equal(again.ca.cert, pki.ca.cert);
    assert.equal(again.server.cert, pki.server.cert);

    const other = join(dir, 'other');
    cpSync(join(dir, 'pki'), other, { recursive: true });
    const remade = ensurePki(other, { clientCN: '10.1.2.3', password: '' });
    assert.notEqual(remade.ca.cert, pki.ca.cert);
    assert.equal(loadCredentials({ pkcs12File: remade.files.clientPkcs12, password: '' }).subjectCN, '10.1.2.3');

    writeFileSync(remade.files.clientPkcs12, 'damaged');
    const repaired = ensurePki(other, { clientCN: '10.1.2.3', password: '' });
    assert.notEqual(repaired.ca.cert, remade.ca.cert);
    assert.equal(loadCredentials({ pkcs12File: repaired.files.clientPkcs12, password: '' }).subjectCN, '10.1.2.3');
  });
});

describe('helpers', () => {
  test('issueCert honours the dates asked for', () => {
    const notBefore = new Date('2020-01-02T03:04:05Z');
    const notAfter = new Date('2021-01-02T03:04:05Z');
    const cert = new X509Certificate(issueCert(pki.ca, { cn: 'old', notBefore, notAfter }).cert);
    assert.equal(new Date(cert.validFrom).getTime(), notBefore.getTime());
    assert.equal(new Date(cert.validTo).getTime(), notAfter.getTime());
  });

  test('toModernPkcs12 writes AES-256 that openssl reads and Node loads natively', () => {
    const client = issueCert(pki.ca, { cn: 'modern' });
    const pkcs12 = toModernPkcs12(client.key, client.cert, [pki.ca.cert], 'pw');
    const file = join(dir, 'modern.pkcs12');
    writeFileSync(file, pkcs12);
    assert.match(openssl('pkcs12', '-info', '-noout', '-in', file, '-passin', 'pass:pw'), /PBES2, PBKDF2, AES-256-CBC/);
    assert.doesNotThrow(() => createSecureContext({ pfx: pkcs12, passphrase: 'pw' }));
  });
});
