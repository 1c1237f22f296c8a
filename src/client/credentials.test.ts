import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import forge from 'node-forge';
import { createCa, issueCert, toFmcPkcs12, toModernPkcs12, type CertifiedKey } from '../simulator/pki';
import { checkValidity, CredentialError, loadCredentials, type CredentialErrorCode, type Credentials } from './credentials';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Certificate dates have whole seconds. */
const wholeSecond = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);

let dir: string;
let ca: CertifiedKey;
let client: CertifiedKey;
const notBefore = wholeSecond(Date.now() - DAY_MS);
const notAfter = wholeSecond(Date.now() + 30 * DAY_MS);

/** Writes a file into the test directory and returns its path. */
function put(name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

function assertCredentialError(fn: () => unknown, code: CredentialErrorCode, ...mentions: string[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof CredentialError, `expected a CredentialError, got ${String(err)}`);
    assert.equal(err.code, code);
    for (const text of mentions) assert.ok(err.message.includes(text), `"${text}" missing from: ${err.message}`);
    return true;
  });
}

/** The credentials are the test client's: its key, its certificate, the CA, its name and dates. */
function assertClientCredentials(creds: Credentials): void {
  const cert = new X509Certificate(creds.cert);
  assert.equal(cert.fingerprint256, new X509Certificate(client.cert).fingerprint256);
  assert.ok(cert.checkPrivateKey(createPrivateKey(creds.key)));
  assert.deepEqual(
    creds.ca.map((pem) => new X509Certificate(pem).fingerprint256),
    [new X509Certificate(ca.cert).fingerprint256],
  );
  assert.equal(creds.subjectCN, '127.0.0.1');
  assert.deepEqual([creds.notBefore, creds.notAfter], [notBefore, notAfter]);
  // What the TLS connection will do with them.
  assert.doesNotThrow(() => createSecureContext({ key: creds.key, cert: creds.cert, ca: creds.ca }));
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'estreamer-credentials-'));
  ca = createCa();
  client = issueCert(ca, { cn: '127.0.0.1', notBefore, notAfter });
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('PKCS#12', () => {
  test('an FMC-style file (RC2-40 certificates, 3DES key) loads, though Node itself refuses it', () => {
    const pkcs12 = toFmcPkcs12(client.key, client.cert, [ca.cert], 'fmc-secret');
    assert.throws(() => createSecureContext({ pfx: pkcs12, passphrase: 'fmc-secret' }), /Unsupported PKCS12 PFX data/);

    assertClientCredentials(loadCredentials({ pkcs12File: put('fmc.pkcs12', pkcs12), password: 'fmc-secret' }));
    assertClientCredentials(loadCredentials({ pkcs12: pkcs12, password: 'fmc-secret' }));
  });

  test('a modern file (PBKDF2 / AES-256) loads', () => {
    const pkcs12 = toModernPkcs12(client.key, client.cert, [ca.cert], 'modern-secret');
    assertClientCredentials(loadCredentials({ pkcs12File: put('modern.pkcs12', pkcs12), password: 'modern-secret' }));
  });

  test('an empty password opens files written with an empty password and with none at all', () => {
    const emptyPassword = put('empty.pkcs12', toFmcPkcs12(client.key, client.cert, [ca.cert], ''));
    assertClientCredentials(loadCredentials({ pkcs12File: emptyPassword, password: '' }));
    const noPassword = put('none.pkcs12', toModernPkcs12(client.key, client.cert, [ca.cert], null));
    assertClientCredentials(loadCredentials({ pkcs12File: noPassword, password: '' }));
    assertCredentialError(() => loadCredentials({ pkcs12File: emptyPassword, password: 'typed' }), 'BAD_PASSWORD');
  });

  test('a wrong password is BAD_PASSWORD, with where the password comes from', () => {
    const file = put('wrong.pkcs12', toFmcPkcs12(client.key, client.cert, [ca.cert], 'right'));
    assertCredentialError(
      () => loadCredentials({ pkcs12File: file, password: 'wrong' }),
      'BAD_PASSWORD',
      'PKCS#12 password is wrong',
      file,
      'System > Integration > eStreamer > Create Client',
      '--password',
    );
    const modern = toModernPkcs12(client.key, client.cert, [ca.cert], 'right');
    assertCredentialError(() => loadCredentials({ pkcs12: modern, password: '' }), 'BAD_PASSWORD');
  });

  test('a text file, random bytes or a DER certificate are NOT_PKCS12, naming the file expected', () => {
    const sources = [
      put('notes.pkcs12', 'this is the password: estreamer\n'),
      put('random.pkcs12', randomBytes(2048)),
      put('client.cer', new X509Certificate(client.cert).raw),
    ];
    for (const file of sources) {
      assertCredentialError(
        () => loadCredentials({ pkcs12File: file, password: 'x' }),
        'NOT_PKCS12',
        file,
        '.pkcs12',
        'System > Integration > eStreamer',
      );
    }
  });

  test('a missing file is FILE_NOT_FOUND', () => {
    const file = join(dir, 'absent.pkcs12');
    assertCredentialError(() => loadCredentials({ pkcs12File: file, password: 'x' }), 'FILE_NOT_FOUND', file, 'Download');
  });

  test('a file with certificates only is NO_KEY', () => {
    const certsOnly = forge.pkcs12.toPkcs12Asn1(null, [forge.pki.certificateFromPem(client.cert)], 'pw');
    const der = Buffer.from(forge.asn1.toDer(certsOnly).getBytes(), 'binary');
    assertCredentialError(() => loadCredentials({ pkcs12: der, password: 'pw' }), 'NO_KEY', 'no private key');
  });
});

describe('certificate dates', () => {
  test('an expired client certificate is EXPIRED, with its dates and what to do', () => {
    const end = wholeSecond(Date.now() - 2 * DAY_MS);
    const expired = issueCert(ca, { cn: '127.0.0.1', notBefore: new Date(end.getTime() - 365 * DAY_MS), notAfter: end });
    const file = put('expired.pkcs12', toFmcPkcs12(expired.key, expired.cert, [ca.cert], 'pw'));
    assertCredentialError(
      () => loadCredentials({ pkcs12File: file, password: 'pw' }),
      'EXPIRED',
      `expired on ${end.toISOString()}`,
      'Create Client',
      'clock',
    );
    assert.equal(loadCredentials({ pkcs12File: file, password: 'pw' }, { checkDates: false }).notAfter.getTime(), end.getTime());
  });

  test('a client certificate not yet valid is NOT_YET_VALID, with its dates', () => {
    const start = wholeSecond(Date.now() + 2 * DAY_MS);
    const future = issueCert(ca, { cn: '127.0.0.1', notBefore: start });
    const file = put('future.pkcs12', toFmcPkcs12(future.key, future.cert, [ca.cert], 'pw'));
    assertCredentialError(
      () => loadCredentials({ pkcs12File: file, password: 'pw' }),
      'NOT_YET_VALID',
      `not valid before ${start.toISOString()}`,
      'clock',
    );
  });

  test('checkValidity judges at the time given', () => {
    const creds = { subjectCN: 'c', notBefore, notAfter };
    assert.doesNotThrow(() => checkValidity(creds, new Date(notBefore.getTime() + 1000)));
    assertCredentialError(() => checkValidity(creds, new Date(notAfter.getTime() + 1000)), 'EXPIRED');
    assertCredentialError(() => checkValidity(creds, new Date(notBefore.getTime() - 1000)), 'NOT_YET_VALID');
  });
});

describe('PEM files', () => {
  test('key, certificate and CA files load as the PKCS#12 does', () => {
    const creds = loadCredentials({
      keyFile: put('client.key', client.key),
      certFile: put('client.crt', client.cert),
      caFile: put('ca.crt', ca.cert),
    });
    assertClientCredentials(creds);
  });

  test('one file holding key, certificate and CA (openssl pkcs12 -nodes) serves as key and certificate file', () => {
    const combined = put('client.pem', `${client.key}\n${client.cert}\n${ca.cert}`);
    assertClientCredentials(loadCredentials({ keyFile: combined, certFile: combined, caFile: put('ca2.crt', ca.cert) }));
    assertClientCredentials(loadCredentials({ keyFile: combined, certFile: combined }));
  });

  test('an encrypted key is BAD_PEM, a key file without a key NO_KEY, a foreign certificate NO_CERT', () => {
    const rsaKey = forge.pki.privateKeyFromPem(client.key);
    const encrypted = put('encrypted.key', forge.pki.encryptRsaPrivateKey(rsaKey, 'pw', { algorithm: 'aes256' }));
    const certFile = put('client2.crt', client.cert);
    assertCredentialError(() => loadCredentials({ keyFile: encrypted, certFile }), 'BAD_PEM', 'encrypted', 'openssl pkcs12');
    assertCredentialError(() => loadCredentials({ keyFile: certFile, certFile }), 'NO_KEY', certFile);
    const keyFile = put('client2.key', client.key);
    assertCredentialError(() => loadCredentials({ keyFile, certFile: put('ca3.crt', ca.cert) }), 'NO_CERT', 'matches');
    assertCredentialError(
      () => loadCredentials({ keyFile, certFile, caFile: join(dir, 'absent.crt') }),
      'FILE_NOT_FOUND',
      'absent.crt',
    );
  });
});
