// The connectivity diagnosis behind `estreamer test` and the Splunk input's validation: each step
// from the PKCS#12 to the FMC's first answer, with what went wrong and what to do.

import type { SecureVersion, TLSSocket } from 'node:tls';
import { DEFAULT_REQUEST_FLAGS, describeFlags } from '../protocol/flags';
import { Framer, type Frame } from '../protocol/framer';
import { decodeError, decodeServices, encodeEventStreamRequest, MessageType, messageName, START_NOW } from '../protocol/messages';
import { loadCredentials, type Credentials, type CredentialSource } from './credentials';
import { clientRejectionAfterHandshake, connectTls, explainClosedAfterHandshake } from './tls';

export interface ProbeOptions {
  host: string;
  port: number;
  credentials: CredentialSource;
  verifyServer?: boolean;
  tlsMinVersion?: SecureVersion;
  /** For the whole probe (default 10 s). */
  timeoutMs?: number;
}

export interface ProbeStep {
  step: 'PKCS#12' | 'TCP and TLS' | 'request' | 'streaming information';
  ok: boolean;
  detail: string;
}

/** Runs every step until one fails; `ok` only when the FMC answered the request. */
export async function probeFmc(opts: ProbeOptions, onStep: (s: ProbeStep) => void = () => {}): Promise<{ ok: boolean; steps: ProbeStep[] }> {
  const steps: ProbeStep[] = [];
  const record = (s: ProbeStep) => {
    steps.push(s);
    onStep(s);
    return s.ok;
  };
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let credentials: Credentials;
  try {
    credentials = loadCredentials(opts.credentials);
    record({ step: 'PKCS#12', ok: true, detail: `client certificate CN=${credentials.subjectCN}, valid until ${credentials.notAfter.toISOString()}` });
  } catch (err) {
    record({ step: 'PKCS#12', ok: false, detail: (err as Error).message });
    return { ok: false, steps };
  }
  let socket;
  try {
    socket = await connectTls({
      host: opts.host,
      port: opts.port,
      credentials,
      verifyServer: opts.verifyServer,
      minVersion: opts.tlsMinVersion,
      connectTimeoutMs: timeoutMs,
    });
    // What TAC asks for when the FMC drops the client silently: the address the FMC sees us
    // connect from (NAT aside), which the client certificate must name.
    record({
      step: 'TCP and TLS',
      ok: true,
      detail:
        `${socket.getProtocol()} with ${opts.host}:${opts.port} from local address ${socket.localAddress}:${socket.localPort} ` +
        '(the client certificate must name this address as the FMC sees it)',
    });
  } catch (err) {
    record({ step: 'TCP and TLS', ok: false, detail: (err as Error).message });
    return { ok: false, steps };
  }
  // Under TLS 1.3 the FMC judges our certificate after the handshake: its refusal arrives as an error.
  let refusal: Error | undefined;
  socket.on('error', (err) => {
    refusal ??= clientRejectionAfterHandshake(err, opts.host, opts.port);
  });
  const answer = await requestFirstAnswer(socket, timeoutMs);
  socket.destroy();
  const closedWhy = refusal?.message ?? explainClosedAfterHandshake(opts.host, opts.port, socket.authorized);
  record({
    step: 'request',
    ok: answer !== 'closed',
    detail: answer === 'closed' ? closedWhy : `Event Stream Request sent from now with flags ${describeFlags(DEFAULT_REQUEST_FLAGS)}`,
  });
  if (answer === 'closed') return { ok: false, steps };
  if (answer === 'timeout') {
    record({
      step: 'streaming information',
      ok: false,
      detail: `the FMC accepted the connection but did not answer within ${timeoutMs / 1000} s; check the eStreamer service on the FMC`,
    });
  } else if (answer.type === MessageType.StreamingInformation) {
    const services = decodeServices(answer.body).map((s) => s.service);
    record({ step: 'streaming information', ok: true, detail: `FMC offers services ${services.join(', ')}` });
  } else if (answer.type === MessageType.Error) {
    const { code, text } = decodeError(answer.body);
    record({ step: 'streaming information', ok: false, detail: `FMC error ${code}: ${text}` });
  } else if (answer.type === -1) {
    record({ step: 'streaming information', ok: false, detail: answer.body.toString() });
  } else {
    record({ step: 'streaming information', ok: true, detail: `FMC answered with ${messageName(answer.type)}` });
  }
  return { ok: steps.every((s) => s.ok), steps };
}

/**
 * Sends an Event Stream Request (from now, default flags) and waits for the FMC's first message:
 * the frame, 'closed', 'timeout', or a frame of type -1 holding a protocol error's text.
 */
export function requestFirstAnswer(socket: TLSSocket, timeoutMs: number): Promise<Frame | 'closed' | 'timeout'> {
  return new Promise((resolve) => {
    const framer = new Framer();
    const timer = setTimeout(() => resolve('timeout'), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      try {
        framer.push(chunk, (f) => {
          clearTimeout(timer);
          resolve(f);
        });
      } catch (err) {
        clearTimeout(timer);
        resolve({ version: 1, type: -1, body: Buffer.from((err as Error).message) });
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
    socket.on('error', () => {});
    socket.write(encodeEventStreamRequest({ timestamp: START_NOW, flags: DEFAULT_REQUEST_FLAGS }));
  });
}
