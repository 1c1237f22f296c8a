// What we tell the user when the credentials or the connection to the FMC fail, in one place so
// that the errors of the client, the CLI `test` command and the Splunk input validation all give
// the same advice. Every text says what happened, where, and what to do about it.

import type { SecureVersion } from 'node:tls';

/** The FMC page where eStreamer clients are created and their PKCS#12 files downloaded. */
export const FMC_CLIENT_PAGE = 'System > Integration > eStreamer > Create Client';

/**
 * How the user gives the settings the advice refers to: the fields of the Splunk input's form
 * (titles and names of src/splunk/scheme.ts), or the options of the command line. A process is
 * one or the other; tests hold both in step with the scheme and the CLI.
 */
export const SETTING_NAMES = {
  cli: {
    password: '--password-env or --password-file',
    tlsMinVersion: '--tls-min-version',
    noVerifyServer: '--no-verify-server',
  },
  splunk: {
    password: 'the input\'s "PKCS#12 password" field (pkcs12_password)',
    tlsMinVersion: 'the input\'s "Minimum TLS version" field (tls_min_version)',
    noVerifyServer: 'the input\'s "Verify the FMC certificate" field (verify_server) set to false',
  },
};

/** The names the advice uses: the command line's until `adviseFor('splunk')`. */
export const SETTINGS = { ...SETTING_NAMES.cli };

/** Makes the advice name the settings of the Splunk input form, or of the command line. */
export function adviseFor(audience: keyof typeof SETTING_NAMES): void {
  Object.assign(SETTINGS, SETTING_NAMES[audience]);
}

const RECREATE_CLIENT =
  `re-create the client on the FMC (${FMC_CLIENT_PAGE}) and download its new PKCS#12 file`;

const SPLIT_PKCS12 = 'openssl pkcs12 -legacy -in client.pkcs12 -nodes -out client.pem';

// ---- Credentials -------------------------------------------------------------------------------

export type CredentialFileRole = 'PKCS#12 file' | 'private key file' | 'certificate file' | 'CA file';

export function fileNotFoundAdvice(role: CredentialFileRole, file: string): string {
  const what =
    role === 'PKCS#12 file'
      ? 'Download the PKCS#12 file of this client from the FMC (System > Integration > eStreamer) ' +
        'and give its full path.'
      : 'Check the path.';
  return `${role} not found: ${file}. ${what}`;
}

export function notPkcs12Advice(label: string, reason: string): string {
  return (
    `${label} is not a PKCS#12 file (${reason}). Expected the .pkcs12 file downloaded, unchanged, ` +
    'from the eStreamer page of the FMC (System > Integration > eStreamer) for this client ' +
    '(not a PEM key or certificate split from it: give the .pkcs12 file itself).'
  );
}

export function badPasswordAdvice(label: string): string {
  return (
    `The PKCS#12 password is wrong for ${label}. It is the password typed when the client was ` +
    `created on the FMC (${FMC_CLIENT_PAGE}); give it in ${SETTINGS.password}, empty if none ` +
    'was typed. If nobody knows it, re-create the client with a new password and download its new PKCS#12 file.'
  );
}

export function noKeyAdvice(label: string, isPem: boolean): string {
  return isPem
    ? `${label} holds no PEM private key ("-----BEGIN PRIVATE KEY-----"). ` +
        `Extract key and certificates from the client's PKCS#12 with: ${SPLIT_PKCS12}`
    : `${label} holds no private key. The PKCS#12 file downloaded from the FMC holds the ` +
        `client key, its certificate and the FMC CA: download it again, or ${RECREATE_CLIENT}.`;
}

export function noCertAdvice(label: string): string {
  return (
    `${label} holds no certificate that matches the private key. Key and certificate must come ` +
    `from the same client: use the PKCS#12 file of that client (or split it with: ${SPLIT_PKCS12}).`
  );
}

export function badPemAdvice(label: string, reason: string): string {
  return (
    `${label} could not be read as PEM (${reason}). An encrypted key must be decrypted first; ` +
    `the simplest is to split the client's PKCS#12 with: ${SPLIT_PKCS12}`
  );
}

export function expiredAdvice(cn: string, notBefore: Date, notAfter: Date, now: Date): string {
  return (
    `The client certificate (CN=${cn}) expired on ${notAfter.toISOString()} ` +
    `(valid ${notBefore.toISOString()} to ${notAfter.toISOString()}; now ${now.toISOString()}). ` +
    `${capitalise(RECREATE_CLIENT)}, or check this machine's clock.`
  );
}

export function notYetValidAdvice(cn: string, notBefore: Date, notAfter: Date, now: Date): string {
  return (
    `The client certificate (CN=${cn}) is not valid before ${notBefore.toISOString()} ` +
    `(valid ${notBefore.toISOString()} to ${notAfter.toISOString()}; now ${now.toISOString()}). ` +
    `Check the clocks of this machine and of the FMC, or ${RECREATE_CLIENT}.`
  );
}

// ---- Connection --------------------------------------------------------------------------------

export interface Endpoint {
  host: string;
  port: number;
}

/** Where we connect to and what we offered, as the connection advice needs it. */
export interface ConnectTarget extends Endpoint {
  minVersion: SecureVersion;
  maxVersion: SecureVersion;
  connectTimeoutMs: number;
}

const where = (t: Endpoint) => `${t.host}:${t.port}`;
const offered = (t: ConnectTarget) => `TLS versions ${t.minVersion} to ${t.maxVersion}`;

export function refusedAdvice(t: ConnectTarget): string {
  return (
    `Connection to ${where(t)} refused: nothing listens there. Check that eStreamer is enabled ` +
    'on the FMC and that the port is the eStreamer port (8302 unless changed on the FMC).'
  );
}

export function timeoutAdvice(t: ConnectTarget, tcpOpened: boolean): string {
  return tcpOpened
    ? `${where(t)} accepted the TCP connection but did not answer the TLS handshake within ` +
        `${t.connectTimeoutMs} ms. Check that the port is the eStreamer port (8302) and that ` +
        'no proxy or IPS between this machine and the FMC holds the connection.'
    : `No answer from ${where(t)} within ${t.connectTimeoutMs} ms. A firewall between this ` +
        `machine and the FMC must allow TCP ${t.port} to the FMC; check the address as well.`;
}

export function dnsAdvice(t: ConnectTarget, reason: string): string {
  return `Cannot resolve the FMC host name ${t.host} (${reason}). Check the name, or use the FMC's IP address.`;
}

export function unreachableAdvice(t: ConnectTarget, reason: string): string {
  return `${where(t)} cannot be reached from this machine (${reason}). Check the address and the routing to the FMC.`;
}

export function handshakeAdvice(t: ConnectTarget, reason: string): string {
  return (
    `TLS handshake with ${where(t)} failed (${reason}). We offered ${offered(t)}: an older FMC ` +
    `needs TLS 1.0 or 1.1 (set ${SETTINGS.tlsMinVersion} to 1.0 or 1.1). If the FMC ` +
    `reports the certificate as revoked, the client was deleted on the FMC: ${RECREATE_CLIENT}.`
  );
}

/** `alert`: the TLS alert by which the FMC refused the certificate (OpenSSL's name), if any. */
export function clientRejectedAdvice(t: Endpoint, reason: string, alert?: string): string {
  if (alert === 'CERTIFICATE_REVOKED') {
    return `The FMC at ${where(t)} reports our client certificate as revoked: the client was deleted on the FMC. ${capitalise(RECREATE_CLIENT)}.`;
  }
  // Not the CN/NAT case: that one the FMC answers by closing silently after the handshake.
  const cause =
    alert === 'UNKNOWN_CA'
      ? " It was issued by another FMC's CA (or another CA): the PKCS#12 is not from this FMC."
      : '';
  return (
    `The FMC at ${where(t)} did not accept our client certificate (${reason}).${cause} The PKCS#12 ` +
    'must be the one downloaded from this FMC for this client; if the client was deleted or ' +
    `re-created on the FMC, ${RECREATE_CLIENT}.`
  );
}

export function serverUntrustedAdvice(t: ConnectTarget, reason: string, caCount: number): string {
  const cause =
    caCount === 0
      ? 'we have no CA certificate to check it against (the credentials contain none)'
      : `its certificate is not signed by the CA in the PKCS#12 (${reason})`;
  return (
    `Cannot trust ${where(t)}: ${cause}. Use the PKCS#12 downloaded from this FMC (a file from ` +
    `another FMC carries another CA), or turn server verification off with ` +
    `${SETTINGS.noVerifyServer} if you accept the risk.`
  );
}

export function closedDuringHandshakeAdvice(t: ConnectTarget, reason: string): string {
  return (
    `${where(t)} closed the connection during the TLS handshake (${reason}): the FMC dropped us. ` +
    `It may not accept the TLS versions we offered (${offered(t)}; older FMCs need ` +
    `${SETTINGS.tlsMinVersion} set to 1.0), or the port may not be the eStreamer port (8302).`
  );
}

/**
 * The FMC accepted the TLS handshake, then closed without a message once the request was sent.
 * That is its answer when the client's address does not match the host in the client certificate;
 * and (under TLS 1.3, where it judges our certificate after the handshake) when our certificate
 * is from another CA, which shows as its own certificate not being from the CA in our PKCS#12
 * (`serverTrusted` false: only seen with server verification off, else we stopped earlier).
 */
export function explainClosedAfterHandshake(host: string, port: number, serverTrusted = true): string {
  if (!serverTrusted) {
    return (
      `The FMC at ${where({ host, port })} accepted the TLS handshake, then closed the connection without a message, ` +
      'and its certificate is not signed by the CA in the PKCS#12: the PKCS#12 is from another FMC (another CA), ' +
      'whose client certificates this FMC refuses. Use the PKCS#12 downloaded from this FMC for this client, or ' +
      `${RECREATE_CLIENT}.`
    );
  }
  return (
    `The FMC at ${where({ host, port })} accepted the TLS handshake, then closed the connection ` +
    'without a message. It does so when the host named in the client certificate is not the ' +
    'address it sees us connect from: that host must be the address of this machine as the FMC ' +
    'sees it (the NAT address if there is NAT; the name must resolve to it on the FMC if a name ' +
    `was used). Re-create the client on the FMC (${FMC_CLIENT_PAGE}) with that address and ` +
    'download its new PKCS#12 file.'
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
