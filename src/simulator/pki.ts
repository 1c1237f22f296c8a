// The simulator's PKI, made the way an FMC makes it: an internal CA, a server certificate for the
// eStreamer port, and a client PKCS#12 file encrypted like the ones the FMC hands out.
//
// The FMC's PKCS#12 layout (the OpenSSL 1.x default, see docs/protocol.md section 9):
//   PFX (version 3, SHA-1 MAC, 2048 iterations)
//     AuthenticatedSafe
//       EncryptedData, pbeWithSHA1And40BitRC2-CBC: client certificate, then the CA certificate
//       Data: pkcs8ShroudedKeyBag, pbeWithSHA1And3-KeyTripleDES-CBC: the client key
// forge's own PKCS#12 writer leaves the certificates unencrypted, so the FMC layout is built here
// from forge's ASN.1, PKCS#12 key derivation, RC2 and PKCS#8 encryption.

import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { CredentialError, loadCredentials } from '../client/credentials';

/** A private key and its certificate, both PEM. */
export interface CertifiedKey {
  key: string;
  cert: string;
}

export interface CertSpec {
  cn: string;
  /** Default: one day ago (tolerates clock skew between simulator and client). */
  notBefore?: Date;
  /** Default: ten years after notBefore. */
  notAfter?: Date;
  /** A server (TLS web server) certificate; a client certificate otherwise. */
  server?: boolean;
}

export interface PkiFiles {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientPkcs12: string;
}

export interface SimulatorPki {
  files: PkiFiles;
  ca: CertifiedKey;
  server: CertifiedKey;
  clientCN: string;
  clientPassword: string;
}

export interface PkiOptions {
  /** The host the FMC writes into the client certificate: the client's address as the FMC sees it. */
  clientCN?: string;
  /** The PKCS#12 password, typed on the FMC when the client is created. */
  password?: string;
  serverCN?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const VALIDITY_MS = 3650 * DAY_MS;
/** Iteration count of the FMC's key derivation and MAC. */
const ITERATIONS = 2048;
const SALT_BYTES = 8;

/**
 * Makes sure `dir` holds the simulator PKI for these options and returns it. Files already there
 * are kept when they match the options (client CN, password, server CN) and are still valid;
 * otherwise the whole set is made anew, since every file depends on the CA.
 */
export function ensurePki(dir: string, options: PkiOptions = {}): SimulatorPki {
  const { clientCN = '127.0.0.1', password = 'estreamer', serverCN = 'fmc.simulator.local' } = options;
  const files: PkiFiles = {
    caCert: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca.key'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server.key'),
    clientPkcs12: join(dir, 'client.pkcs12'),
  };
  const existing = readPki(files, { clientCN, password, serverCN });
  if (existing) return existing;

  const ca = createCa();
  const server = issueCert(ca, { cn: serverCN, server: true });
  const client = issueCert(ca, { cn: clientCN });
  mkdirSync(dir, { recursive: true });
  const secret = { mode: 0o600 };
  writeFileSync(files.caCert, ca.cert);
  writeFileSync(files.caKey, ca.key, secret);
  writeFileSync(files.serverCert, server.cert);
  writeFileSync(files.serverKey, server.key, secret);
  writeFileSync(files.clientPkcs12, toFmcPkcs12(client.key, client.cert, [ca.cert], password), secret);
  return { files, ca, server, clientCN, clientPassword: password };
}

/** The PKI already in the files, or undefined when it is missing, stale or made for other options. */
function readPki(files: PkiFiles, wanted: Required<PkiOptions>): SimulatorPki | undefined {
  if (!Object.values(files).every((file) => existsSync(file))) return undefined;
  const read = (file: string) => readFileSync(file, 'utf8');
  const ca = { key: read(files.caKey), cert: read(files.caCert) };
  const server = { key: read(files.serverKey), cert: read(files.serverCert) };
  let client;
  try {
    client = loadCredentials({ pkcs12File: files.clientPkcs12, password: wanted.password });
  } catch (err) {
    if (err instanceof CredentialError) return undefined;
    throw err;
  }
  const caCert = new X509Certificate(ca.cert);
  const serverCert = new X509Certificate(server.cert);
  const fresh =
    client.subjectCN === wanted.clientCN &&
    new X509Certificate(client.cert).verify(caCert.publicKey) &&
    serverCert.subject === `CN=${wanted.serverCN}` &&
    serverCert.verify(caCert.publicKey) &&
    new Date(serverCert.validTo) > new Date() &&
    new Date(caCert.validTo) > new Date();
  return fresh ? { files, ca, server, clientCN: wanted.clientCN, clientPassword: wanted.password } : undefined;
}

// ---- Certificates ------------------------------------------------------------------------------

/** A self-signed CA, like the FMC's internal CA. */
export function createCa(cn = 'eStreamer Simulator CA'): CertifiedKey {
  const keys = generateRsaKeys();
  const cert = newCertificate(keys.publicKey, cn, {});
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { key: forge.pki.privateKeyToPem(keys.privateKey), cert: forge.pki.certificateToPem(cert) };
}

/** A server or client certificate signed by `ca`. */
export function issueCert(ca: CertifiedKey, spec: CertSpec): CertifiedKey {
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const keys = generateRsaKeys();
  const cert = newCertificate(keys.publicKey, spec.cn, spec);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    spec.server ? { name: 'extKeyUsage', serverAuth: true } : { name: 'extKeyUsage', clientAuth: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
    ...(spec.server ? [{ name: 'subjectAltName', altNames: [{ type: 2, value: spec.cn }] }] : []),
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.key), forge.md.sha256.create());
  return { key: forge.pki.privateKeyToPem(keys.privateKey), cert: forge.pki.certificateToPem(cert) };
}

function newCertificate(
  publicKey: forge.pki.rsa.PublicKey,
  cn: string,
  validity: Pick<CertSpec, 'notBefore' | 'notAfter'>,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40; // positive, and no leading zero byte to strip in DER
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = validity.notBefore ?? new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = validity.notAfter ?? new Date(cert.validity.notBefore.getTime() + VALIDITY_MS);
  cert.setSubject([{ name: 'commonName', value: cn }]);
  return cert;
}

/** RSA-2048 from Node's native generator (pure-JS generation takes seconds), as forge keys. */
function generateRsaKeys(): forge.pki.rsa.KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKey: forge.pki.privateKeyFromPem(privateKey), publicKey: forge.pki.publicKeyFromPem(publicKey) };
}

// ---- PKCS#12 -----------------------------------------------------------------------------------

/** A PKCS#12 file as the FMC writes it (layout at the top of this file). */
export function toFmcPkcs12(key: string, cert: string, chain: string[], password: string): Buffer {
  const clientCert = forge.pki.certificateFromPem(cert);
  const localKeyId = localKeyIdAttribute(certificateDigest(clientCert));
  const certBags = [clientCert, ...chain.map((pem) => forge.pki.certificateFromPem(pem))].map((c, i) =>
    seq(oid(forge.pki.oids.certBag), explicit0(certBag(c)), ...(i === 0 ? [localKeyId] : [])),
  );
  const privateKeyInfo = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(forge.pki.privateKeyFromPem(key)));
  const shroudedKey = forge.pki.encryptPrivateKeyInfo(privateKeyInfo, password, {
    algorithm: '3des', // pbeWithSHA1And3-KeyTripleDES-CBC
    count: ITERATIONS,
    saltSize: SALT_BYTES,
  });
  const keyBag = seq(oid(forge.pki.oids.pkcs8ShroudedKeyBag), explicit0(shroudedKey), localKeyId);

  const authenticatedSafe = seq(rc2EncryptedData(seq(...certBags), password), dataContentInfo(der(seq(keyBag))));
  const authenticatedSafeDer = der(authenticatedSafe);
  return Buffer.from(
    der(seq(integer(3), dataContentInfo(authenticatedSafeDer), sha1MacData(authenticatedSafeDer, password))),
    'binary',
  );
}

/**
 * A PKCS#12 file as forge writes it: key in PBES2/PBKDF2/AES-256, certificates unencrypted.
 * A null password writes no encryption at all and a MAC keyed by an absent password, as some
 * tools do for "no password".
 */
export function toModernPkcs12(key: string, cert: string, chain: string[], password: string | null): Buffer {
  const certificates = [cert, ...chain].map((pem) => forge.pki.certificateFromPem(pem));
  const pfx = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(key), certificates, password, {
    algorithm: 'aes256',
    count: ITERATIONS,
  });
  return Buffer.from(der(pfx), 'binary');
}

/** EncryptedData (PKCS#7) of `content` under pbeWithSHA1And40BitRC2-CBC, in its ContentInfo. */
function rc2EncryptedData(content: forge.asn1.Asn1, password: string): forge.asn1.Asn1 {
  const salt = forge.random.getBytesSync(SALT_BYTES);
  const saltBuffer = forge.util.createBuffer(salt);
  const rc2Key = forge.pkcs12.generateKey(password, saltBuffer, 1, ITERATIONS, 5); // 40 bits
  const iv = forge.pkcs12.generateKey(password, saltBuffer, 2, ITERATIONS, 8);
  const cipher = forge.rc2.createEncryptionCipher(rc2Key, 40);
  cipher.start(iv);
  cipher.update(forge.util.createBuffer(der(content)));
  cipher.finish();

  const algorithm = seq(oid(forge.pki.oids['pbewithSHAAnd40BitRC2-CBC']), seq(octets(salt), integer(ITERATIONS)));
  const encryptedContent = forge.asn1.create(forge.asn1.Class.CONTEXT_SPECIFIC, 0, false, cipher.output.getBytes());
  const encryptedData = seq(integer(0), seq(oid(forge.pki.oids.data), algorithm, encryptedContent));
  return seq(oid(forge.pki.oids.encryptedData), explicit0(encryptedData));
}

/** MacData: HMAC-SHA1 over the AuthenticatedSafe, keyed by the PKCS#12 key derivation. */
function sha1MacData(authenticatedSafeDer: string, password: string): forge.asn1.Asn1 {
  const salt = forge.random.getBytesSync(SALT_BYTES);
  const macKey = forge.pkcs12.generateKey(password, forge.util.createBuffer(salt), 3, ITERATIONS, 20);
  const hmac = forge.hmac.create();
  hmac.start('sha1', macKey);
  hmac.update(authenticatedSafeDer);
  const digestInfo = seq(seq(oid(forge.pki.oids.sha1), asn1Null()), octets(hmac.digest().getBytes()));
  return seq(digestInfo, octets(salt), integer(ITERATIONS));
}

function certBag(cert: forge.pki.Certificate): forge.asn1.Asn1 {
  return seq(oid(forge.pki.oids.x509Certificate), explicit0(octets(der(forge.pki.certificateToAsn1(cert)))));
}

/** The localKeyId attribute that pairs the key with its certificate: the certificate's SHA-1, as OpenSSL sets it. */
function localKeyIdAttribute(localKeyId: string): forge.asn1.Asn1 {
  const { Class, Type } = forge.asn1;
  return forge.asn1.create(Class.UNIVERSAL, Type.SET, true, [
    seq(oid(forge.pki.oids.localKeyId), forge.asn1.create(Class.UNIVERSAL, Type.SET, true, [octets(localKeyId)])),
  ]);
}

function certificateDigest(cert: forge.pki.Certificate): string {
  return forge.md.sha1.create().update(der(forge.pki.certificateToAsn1(cert))).digest().getBytes();
}

function dataContentInfo(contentDer: string): forge.asn1.Asn1 {
  return seq(oid(forge.pki.oids.data), explicit0(octets(contentDer)));
}

// ASN.1 shorthands, so the structures above read like their definitions.
function seq(...items: forge.asn1.Asn1[]): forge.asn1.Asn1 {
  return forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, items);
}
function oid(dotted: string): forge.asn1.Asn1 {
  return forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OID, false, forge.asn1.oidToDer(dotted).getBytes());
}
function octets(bytes: string): forge.asn1.Asn1 {
  return forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OCTETSTRING, false, bytes);
}
function integer(n: number): forge.asn1.Asn1 {
  return forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.INTEGER, false, forge.asn1.integerToDer(n).getBytes());
}
function asn1Null(): forge.asn1.Asn1 {
  return forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.NULL, false, '');
}
function explicit0(inner: forge.asn1.Asn1): forge.asn1.Asn1 {
  return forge.asn1.create(forge.asn1.Class.CONTEXT_SPECIFIC, 0, true, [inner]);
}
function der(asn1: forge.asn1.Asn1): string {
  return forge.asn1.toDer(asn1).getBytes();
}
