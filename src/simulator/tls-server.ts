// The simulator's TLS front door, behaving as the FMC's does: mutual TLS with the client
// certificate checked against the internal CA, then the post-connection check that the host in
// the certificate is the address the client connects from. A client failing that check is
// closed without a word.

import * as tls from 'node:tls';
import { cipherListFor } from '../client/tls';
import type { SimulatorPki } from './pki';

export interface FmcTlsServerOptions {
  pki: Pick<SimulatorPki, 'ca' | 'server'>;
  /** Compare the client certificate CN with the client's address (default true, as the FMC does). */
  cnCheck?: boolean;
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  /** A client that passed every check. */
  onSession(socket: tls.TLSSocket): void;
  /** A client closed by the CN check, for the simulator's log. */
  onCnMismatch?(cn: string, address: string): void;
}

export function createFmcTlsServer(opts: FmcTlsServerOptions): tls.Server {
  const cnCheck = opts.cnCheck ?? true;
  const minVersion = opts.minVersion ?? tls.DEFAULT_MIN_VERSION;
  const server = tls.createServer({
    key: opts.pki.server.key,
    cert: opts.pki.server.cert,
    ca: [opts.pki.ca.cert],
    requestCert: true,
    rejectUnauthorized: true,
    minVersion,
    maxVersion: opts.maxVersion,
    ciphers: cipherListFor(minVersion),
  });
  server.on('secureConnection', (socket) => {
    const cn = certificateCN(socket);
    const address = unmapIPv4(socket.remoteAddress ?? '');
    if (cnCheck && cn !== address) {
      opts.onCnMismatch?.(cn, address);
      // end(), not destroy(): under TLS 1.2 the server's last handshake message may still be on
      // its way, and the client must see a completed handshake followed by a silent close.
      socket.on('error', () => {});
      socket.end();
      return;
    }
    opts.onSession(socket);
  });
  return server;
}

function certificateCN(socket: tls.TLSSocket): string {
  const cn: string | string[] | undefined = socket.getPeerCertificate().subject?.CN;
  return Array.isArray(cn) ? cn.join(',') : (cn ?? '');
}

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) → `127.0.0.1`. */
function unmapIPv4(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}
