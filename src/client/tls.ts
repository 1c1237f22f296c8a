// The TLS connection to the FMC: mutual TLS on port 8302 with the client's credentials, the FMC
// certificate checked against the CA from the PKCS#12, and every failure turned into a
// ConnectError whose `kind` says what went wrong and whose message says what to do.

import * as tls from 'node:tls';
import {
  clientRejectedAdvice,
  closedDuringHandshakeAdvice,
  dnsAdvice,
  explainClosedAfterHandshake,
  handshakeAdvice,
  refusedAdvice,
  serverUntrustedAdvice,
  timeoutAdvice,
  unreachableAdvice,
  type ConnectTarget,
} from './advice';
import type { Credentials } from './credentials';

export { explainClosedAfterHandshake };

export interface ConnectOptions {
  host: string;
  port: number;
  credentials: Credentials;
  /** Check the FMC certificate against the CA from the credentials (default true). */
  verifyServer?: boolean;
  /** Default TLSv1.2; older FMCs need TLSv1 or TLSv1.1. */
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  /** Covers name resolution, TCP connection and TLS handshake together (default 10000). */
  connectTimeoutMs?: number;
  /** Abandons the attempt (the client is stopping). */
  signal?: AbortSignal;
  /**
   * Receives the decrypted bytes instead of 'data' events, as a view of one buffer that the next
   * read overwrites: no new buffer per read (each would be memory until the next collection).
   */
  onData?: (transientChunk: Buffer) => void;
}

/** The buffer `onData` reads into: TLS hands out at most 16 KB (one record) per read. */
const READ_BUFFER_BYTES = 64 * 1024;

export type ConnectErrorKind =
  | 'REFUSED'
  | 'TIMEOUT'
  | 'DNS'
  | 'UNREACHABLE'
  | 'HANDSHAKE'
  | 'SERVER_UNTRUSTED'
  | 'CLIENT_REJECTED'
  | 'CLOSED';

export class ConnectError extends Error {
  override name = 'ConnectError';
  constructor(
    readonly kind: ConnectErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * How far a connection attempt got, which decides what a failure means:
 * - `dialing`: resolving the name and opening TCP;
 * - `tcp-open`: TCP is open, the TLS handshake is under way;
 * - `keys-agreed`: TLS version and cipher are agreed and our certificate is on its way (TLS 1.2)
 *   or about to be (TLS 1.3): a drop from here on is the server refusing our certificate.
 */
type Progress = 'dialing' | 'tcp-open' | 'keys-agreed';

/** Connects to the FMC and resolves once the TLS handshake is complete (and the FMC trusted). */
export function connectTls(opts: ConnectOptions): Promise<tls.TLSSocket> {
  const target: ConnectTarget = {
    host: opts.host,
    port: opts.port,
    minVersion: opts.minVersion ?? 'TLSv1.2',
    maxVersion: opts.maxVersion ?? tls.DEFAULT_MAX_VERSION,
    connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
  };
  const verifyServer = opts.verifyServer ?? true;
  const { key, cert, ca } = opts.credentials;

  return new Promise((resolve, reject) => {
    let progress: Progress = 'dialing';
    const socket = tls.connect({
      host: target.host,
      port: target.port,
      key,
      cert,
      ca,
      minVersion: target.minVersion,
      maxVersion: target.maxVersion,
      ciphers: cipherListFor(target.minVersion),
      // The chain is checked below, after the handshake, so that an untrusted FMC is told apart
      // from every other handshake failure; no application data is sent before that check.
      rejectUnauthorized: false,
      // The FMC's certificate name rarely matches the address we dial: trust the chain, not the name.
      checkServerIdentity: () => undefined,
      ...(opts.onData && { onread: { buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES), callback: (n: number, buffer: Buffer) => opts.onData!(buffer.subarray(0, n)) } }),
    });

    const timer = setTimeout(
      () => fail(new ConnectError('TIMEOUT', timeoutAdvice(target, progress !== 'dialing'))),
      target.connectTimeoutMs,
    );
    const onConnect = () => (progress = 'tcp-open');
    // Key material is logged once version and cipher are agreed: the only sign of handshake
    // progress Node gives. The lines (secrets) are not kept.
    const onKeylog = () => (progress = 'keys-agreed');
    const onError = (err: Error) => fail(classifyConnectionError(err, target, progress));
    const onClose = () => fail(classifyConnectionError(new Error('connection closed'), target, progress));
    const onSecureConnect = () => {
      if (verifyServer && !socket.authorized) {
        const reason = String(socket.authorizationError);
        return fail(new ConnectError('SERVER_UNTRUSTED', serverUntrustedAdvice(target, reason, ca.length)));
      }
      stopWatching();
      // Until the caller's own listeners are attached (after a microtask), an error emitted on the
      // next tick must not become an uncaught exception; its 'close' still follows.
      socket.on('error', () => {});
      resolve(socket);
    };

    function stopWatching() {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('keylog', onKeylog);
      socket.off('error', onError);
      socket.off('close', onClose);
      socket.off('secureConnect', onSecureConnect);
      opts.signal?.removeEventListener('abort', onAbort);
    }
    function fail(error: ConnectError) {
      stopWatching();
      // The socket is abandoned: a late error on it must not become an uncaught exception.
      socket.on('error', () => {});
      socket.destroy();
      reject(error);
    }

    const onAbort = () => fail(new ConnectError('CLOSED', `connection to ${target.host}:${target.port} abandoned: the client is stopping`));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', onConnect);
    socket.on('keylog', onKeylog);
    socket.once('error', onError);
    socket.once('close', onClose);
    socket.once('secureConnect', onSecureConnect);
  });
}

/**
 * Recognises the FMC refusing our certificate on a connection whose handshake is complete: under
 * TLS 1.3 the server judges the client certificate only after the client has finished its side of
 * the handshake, so an alert such as "certificate revoked" arrives on the open connection.
 * Returns undefined for any other error.
 */
export function clientRejectionAfterHandshake(err: Error, host: string, port: number): ConnectError | undefined {
  const alert = certificateRefusal(err);
  if (alert === undefined) return undefined;
  const advice = clientRejectedAdvice({ host, port }, reasonOf(err), alert);
  return new ConnectError('CLIENT_REJECTED', advice, { cause: err });
}

/**
 * OpenSSL 3 at its default security level refuses the SHA-1 signatures that TLS 1.0 and 1.1
 * depend on; level 0 allows them again, for old FMCs only.
 */
export function cipherListFor(minVersion: tls.SecureVersion): string | undefined {
  return minVersion === 'TLSv1' || minVersion === 'TLSv1.1' ? 'DEFAULT:@SECLEVEL=0' : undefined;
}

const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
/** TLS alerts by which a server refuses the client certificate (OpenSSL's names). */
const CERTIFICATE_REFUSALS = new Set([
  'CERTIFICATE_REVOKED',
  'UNKNOWN_CA',
  'BAD_CERTIFICATE',
  'CERTIFICATE_UNKNOWN',
  'CERTIFICATE_EXPIRED',
  'UNSUPPORTED_CERTIFICATE',
  'ACCESS_DENIED',
  'CERTIFICATE_REQUIRED',
]);

function classifyConnectionError(err: Error, target: ConnectTarget, progress: Progress): ConnectError {
  const code = codeOf(err);
  const reason = reasonOf(err);
  const make = (kind: ConnectErrorKind, message: string) => new ConnectError(kind, message, { cause: err });
  if (code === 'ECONNREFUSED') return make('REFUSED', refusedAdvice(target));
  if (code === 'ETIMEDOUT') return make('TIMEOUT', timeoutAdvice(target, progress !== 'dialing'));
  if (DNS_CODES.has(code)) return make('DNS', dnsAdvice(target, reason));
  if (UNREACHABLE_CODES.has(code)) return make('UNREACHABLE', unreachableAdvice(target, reason));
  const refusal = certificateRefusal(err);
  if (refusal) return make('CLIENT_REJECTED', clientRejectedAdvice(target, reason, refusal));
  if (code.startsWith('ERR_SSL_')) return make('HANDSHAKE', handshakeAdvice(target, reason));
  // What is left is the peer closing or resetting the connection without a TLS alert.
  if (progress === 'keys-agreed') {
    return make('CLIENT_REJECTED', clientRejectedAdvice(target, 'it closed the connection on receiving it'));
  }
  if (progress === 'tcp-open') return make('CLOSED', closedDuringHandshakeAdvice(target, reason));
  return make('UNREACHABLE', unreachableAdvice(target, reason));
}

/** The name of the alert, when the error is a TLS alert refusing our certificate. */
function certificateRefusal(err: Error): string | undefined {
  // OpenSSL names a received alert ERR_SSL_<protocol>_ALERT_<description>.
  const alert = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_(\w+)$/.exec(codeOf(err))?.[1];
  return alert !== undefined && CERTIFICATE_REFUSALS.has(alert) ? alert : undefined;
}

function codeOf(err: Error): string {
  return (err as NodeJS.ErrnoException).code ?? '';
}

/** OpenSSL's short reason ("tlsv1 alert protocol version") rather than its long message. */
function reasonOf(err: Error): string {
  return (err as Error & { reason?: string }).reason ?? err.message;
}
