// The client's TLS credentials: private key, client certificate and the FMC's CA, read from the
// PKCS#12 file the FMC hands out (or from PEM files) and kept in memory only: the private key is
// never written anywhere.
//
// PKCS#12 files are opened with node-forge, not with Node's `pfx` option: FMC files encrypt the
// certificates with RC2-40 (the OpenSSL 1.x default), which Node's OpenSSL 3 refuses with
// "Unsupported PKCS12 PFX data". forge reads those and modern AES-256/PBKDF2 files alike.

import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import forge from 'node-forge';
import {
  badPasswordAdvice,
  badPemAdvice,
  expiredAdvice,
  fileNotFoundAdvice,
  noCertAdvice,
  noKeyAdvice,
  notPkcs12Advice,
  notYetValidAdvice,
  type CredentialFileRole,
} from './advice';

export type CredentialSource =
  | { pkcs12File: string; password: string }
  | { pkcs12: Buffer; password: string }
  | { keyFile: string; certFile: string; caFile?: string };

/** Everything the TLS connection needs, as PEM text. */
export interface Credentials {
  key: string;
  cert: string;
  /** The CA certificates that came with the client certificate: the FMC's internal CA. */
  ca: string[];
  subjectCN: string;
  notBefore: Date;
  notAfter: Date;
}

export type CredentialErrorCode =
  | 'FILE_NOT_FOUND'
  | 'NOT_PKCS12'
  | 'BAD_PASSWORD'
  | 'NO_KEY'
  | 'NO_CERT'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'BAD_PEM';

export class CredentialError extends Error {
  override name = 'CredentialError';
  constructor(
    readonly code: CredentialErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface LoadCredentialsOptions {
  /** Refuse a client certificate that is expired or not yet valid (default true). */
  checkDates?: boolean;
}

export function loadCredentials(source: CredentialSource, options: LoadCredentialsOptions = {}): Credentials {
  const credentials = 'keyFile' in source ? fromPemFiles(source) : fromPkcs12(source);
  if (options.checkDates ?? true) checkValidity(credentials);
  return credentials;
}

/** Throws EXPIRED or NOT_YET_VALID when the client certificate is not valid at `now`. */
export function checkValidity(
  credentials: Pick<Credentials, 'subjectCN' | 'notBefore' | 'notAfter'>,
  now = new Date(),
): void {
  const { subjectCN, notBefore, notAfter } = credentials;
  if (now > notAfter) throw new CredentialError('EXPIRED', expiredAdvice(subjectCN, notBefore, notAfter, now));
  if (now < notBefore) {
    throw new CredentialError('NOT_YET_VALID', notYetValidAdvice(subjectCN, notBefore, notAfter, now));
  }
}

// ---- PKCS#12 -----------------------------------------------------------------------------------

type Pkcs12Source = Exclude<CredentialSource, { keyFile: string }>;

function fromPkcs12(source: Pkcs12Source): Credentials {
  const [der, label] =
    'pkcs12File' in source
      ? [readCredentialFile(source.pkcs12File, 'PKCS#12 file'), source.pkcs12File]
      : [source.pkcs12, 'the PKCS#12 data'];
  const bags = openPkcs12(der, source.password, label).safeContents.flatMap((contents) => contents.safeBags);
  const oids = forge.pki.oids;

  const keyBag = bags.find((bag) => bag.type === oids.keyBag || bag.type === oids.pkcs8ShroudedKeyBag);
  if (!keyBag) throw new CredentialError('NO_KEY', noKeyAdvice(label, false));
  // forge decodes RSA keys and certificates only; it leaves anything else as ASN.1, which Node reads.
  const keyInfo = keyBag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key)) : keyBag.asn1;
  const key = createPrivateKey({ key: derBuffer(keyInfo), format: 'der', type: 'pkcs8' });

  const certificates = bags
    .filter((bag) => bag.type === oids.certBag)
    .map((bag) => new X509Certificate(derBuffer(bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1)));
  return assemble(key, certificates, label);
}

function openPkcs12(der: Buffer, password: string, label: string): forge.pkcs12.Pkcs12Pfx {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(der.toString('binary'));
  } catch (err) {
    throw new CredentialError('NOT_PKCS12', notPkcs12Advice(label, `not DER: ${errorText(err)}`));
  }
  // An empty password reaches the key derivation either as an empty string (what OpenSSL writes)
  // or as no password at all (what some other tools write); like OpenSSL, try both.
  const candidates = password === '' ? ['', undefined] : [password];
  for (const candidate of candidates) {
    try {
      // Non-strict: tolerate the BER length encodings some exporters write.
      return forge.pkcs12.pkcs12FromAsn1(asn1, false, candidate);
    } catch (err) {
      if (!isPasswordFailure(err)) throw new CredentialError('NOT_PKCS12', notPkcs12Advice(label, errorText(err)));
    }
  }
  throw new CredentialError('BAD_PASSWORD', badPasswordAdvice(label));
}

/** forge reports a wrong password as a MAC mismatch, or as a bag it could not decrypt when there is no MAC. */
function isPasswordFailure(err: unknown): boolean {
  return /invalid password|wrong password|failed to decrypt/i.test(errorText(err));
}

function derBuffer(asn1: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

// ---- PEM ---------------------------------------------------------------------------------------

function fromPemFiles(source: { keyFile: string; certFile: string; caFile?: string }): Credentials {
  const keyText = readCredentialFile(source.keyFile, 'private key file').toString('utf8');
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(keyText)) {
    throw new CredentialError('NO_KEY', noKeyAdvice(source.keyFile, true));
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyText);
  } catch (err) {
    const reason = /ENCRYPTED/.test(keyText) ? 'the key is encrypted' : errorText(err);
    throw new CredentialError('BAD_PEM', badPemAdvice(source.keyFile, reason));
  }

  const certificates = readPemCertificates(source.certFile, 'certificate file');
  if (certificates.length === 0) throw new CredentialError('NO_CERT', noCertAdvice(source.certFile));
  if (source.caFile !== undefined) {
    const caCertificates = readPemCertificates(source.caFile, 'CA file');
    if (caCertificates.length === 0) {
      throw new CredentialError('BAD_PEM', badPemAdvice(source.caFile, 'no "-----BEGIN CERTIFICATE-----" block'));
    }
    certificates.push(...caCertificates);
  }
  return assemble(key, certificates, source.certFile);
}

function readPemCertificates(file: string, role: CredentialFileRole): X509Certificate[] {
  const text = readCredentialFile(file, role).toString('utf8');
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  try {
    return (blocks ?? []).map((block) => new X509Certificate(block));
  } catch (err) {
    throw new CredentialError('BAD_PEM', badPemAdvice(file, errorText(err)));
  }
}

// ---- Common ------------------------------------------------------------------------------------

/** The client certificate is the one that matches the key; every other certificate is a CA. */
function assemble(key: KeyObject, certificates: X509Certificate[], label: string): Credentials {
  const clientCert = certificates.find((cert) => cert.checkPrivateKey(key));
  if (!clientCert) throw new CredentialError('NO_CERT', noCertAdvice(label));
  const ca = new Map<string, string>();
  for (const cert of certificates) {
    if (cert !== clientCert) ca.set(cert.fingerprint256, cert.toString());
  }
  return {
    key: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: clientCert.toString(),
    ca: [...ca.values()],
    subjectCN: /^CN=(.*)$/m.exec(clientCert.subject)?.[1] ?? '',
    notBefore: new Date(clientCert.validFrom),
    notAfter: new Date(clientCert.validTo),
  };
}

function readCredentialFile(file: string, role: CredentialFileRole): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EISDIR') throw err;
    throw new CredentialError('FILE_NOT_FOUND', fileNotFoundAdvice(role, file));
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
