// The built-in FMC simulator: an eStreamer server over mutual TLS that serves a History the way
// an FMC does (protocol.md §10 "Simulator"), with faults to inject for tests.

import { EventEmitter, once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import type { Server, TLSSocket } from 'node:tls';
import { createLogger, type Logger } from '../log';
import { RequestFlag } from '../protocol/flags';
import { Framer, type Frame } from '../protocol/framer';
import {
  decodeEventStreamRequest,
  decodeServices,
  encodeError,
  encodeEventData,
  encodeMessageBundle,
  encodeNull,
  encodeStreamingInformation,
  ESTREAMER_SERVICE,
  MessageType,
  START_GENESIS,
  START_NOW,
  type StreamVersion,
} from '../protocol/messages';
import type { History, StoredRecord } from './history';
import { createFmcTlsServer } from './tls-server';

export interface FaultOptions {
  /** After this many bundles, close the connection without a word. */
  closeAfterBundles?: number;
  /** With closeAfterBundles: send the first half of the next bundle before closing. */
  closeMidBundle?: boolean;
  /** After `after` bundles, send an Error message and close. */
  errorAfterBundles?: { after: number; code: number; text: string };
  /** After this many bundles, send bytes that are no eStreamer message. */
  garbageAfterBundles?: number;
  /** After this many bundles, go silent: no data, no keepalive. */
  stallAfterBundles?: number;
  /**
   * Bundle number `at` (0-based) carries one bad inner message besides its records: an Event Data
   * whose record length lies, an inner message whose length overruns the bundle (at its end), or
   * a bundle nested inside it. Served again on every reconnect, like an FMC replaying it.
   */
  poisonBundle?: { at: number; kind: PoisonKind };
  /** Send every bundle one byte at a time, one byte every this many ms (1000: 1 byte/s). */
  trickleMs?: number;
  /** Before the first bundle, this many messages of types no FMC sends (a flood of unknown messages). */
  unknownMessages?: number;
  /** Every connection record (71) goes out with a main block type of its own that no table defines. */
  distinctBlockTypes?: boolean;
  /** Apply the faults to this many sessions only, then behave (default: every session). */
  sessions?: number;
}

export interface SimulatorOptions {
  pki: Parameters<typeof createFmcTlsServer>[0]['pki'];
  history: History;
  host?: string;
  port?: number;
  /** Close silently when the client certificate's CN is not the peer address (the FMC's check). */
  cnCheck?: boolean;
  recordsPerBundle?: number;
  /** Bundles sent without acknowledgement before the server waits for a Null. */
  window?: number;
  /** Idle time before a keepalive Null. */
  keepaliveMs?: number;
  faults?: FaultOptions;
  /** Server frames of a capture to serve instead of the History's records. */
  replay?: Buffer[];
  /**
   * Whole Message Bundles to serve instead of the History's records (benchmarks: bundles built
   * beforehand, sent as fast as the socket and the window allow). Each session calls it afresh.
   */
  bundles?: () => Iterator<Buffer>;
  logger?: Logger;
}

/** What a client asked for, as the simulator understood it (tests look at it). */
export interface ClientRequest {
  flags: number;
  timestamp: number;
  extended: boolean;
  versions: StreamVersion[];
}

// Record type → the extended-request event type code that brings it (protocol.md §3.3).
function eventTypeCode(recordType: number): number {
  if (recordType === 71 || recordType === 73) return 71;
  if (recordType === 400 || recordType === 2 || recordType === 110) return 12;
  if (recordType === 500 || recordType === 502) return 111;
  if (recordType === 125) return 101;
  if (recordType === 112) return 31;
  if (recordType === 9) return 131;
  if ((recordType >= 92 && recordType <= 95) || recordType === 170 || recordType === 171) return 91;
  return 61;
}

export type PoisonKind = 'lying-record-length' | 'overrunning-message' | 'nested-bundle';

/** `bundle` with one bad inner message added (see FaultOptions.poisonBundle); its records untouched. */
function poisoned(bundle: Buffer, kind: PoisonKind): Buffer {
  const record = encodeEventData(4242, Buffer.from('poison'));
  let extra: Buffer;
  if (kind === 'lying-record-length') {
    extra = Buffer.from(record);
    extra.writeUInt32BE(1000, 12); // the record says 1000 bytes; the message holds 6
  } else if (kind === 'nested-bundle') {
    extra = encodeMessageBundle(1, 1, [record]);
  } else {
    extra = Buffer.from('00000004000003e8', 'hex'); // an inner message of 1000 bytes: the bundle ends first
  }
  extra.writeUInt16BE(0, 0); // inner headers are written `0000 type`
  // The lying and nested messages come first (what follows must still be read), the overrun last.
  const parts = kind === 'overrunning-message' ? [bundle, extra] : [bundle.subarray(0, 16), extra, bundle.subarray(16)];
  const out = Buffer.concat(parts);
  out.writeUInt32BE(out.length - 8, 4);
  return out;
}

/** Record 71's main block follows its discovery header: 40 bytes, 56 with an IPv6 address. */
function withBlockType(body: Buffer, blockType: number): Buffer {
  const out = Buffer.from(body);
  out.writeUInt32BE(blockType, out[14] ? 56 : 40);
  return out;
}

const METADATA_FLAGS = RequestFlag.METADATA_V1 | RequestFlag.METADATA_V2 | RequestFlag.METADATA_V3 | RequestFlag.METADATA_V4;

export class FmcSimulator extends EventEmitter {
  private server: Server | null = null;
  private readonly sockets = new Set<TLSSocket>();
  private readonly connections = new Set<Socket>();
  private sessionCount = 0;
  private readonly log: Logger;

  constructor(private readonly opts: SimulatorOptions) {
    super();
    this.log = opts.logger ?? createLogger({ name: 'simulator' });
  }

  /** Number of sessions that passed the TLS and CN checks. */
  get sessions(): number {
    return this.sessionCount;
  }

  async listen(): Promise<{ host: string; port: number }> {
    const server = createFmcTlsServer({
      pki: this.opts.pki,
      cnCheck: this.opts.cnCheck ?? true,
      onSession: (socket: TLSSocket) => this.serve(socket),
      onCnMismatch: (cn, address) =>
        this.log.warn(`closing ${address} without a word: the client certificate is for ${cn} (the FMC's post-connection check)`),
    });
    this.server = server;
    // Every TCP connection, also those refused after the handshake and those still in it, so
    // that close() can end them all (the server closes only when no connection is left).
    server.on('connection', (raw: Socket) => {
      this.connections.add(raw);
      raw.on('close', () => this.connections.delete(raw));
    });
    server.listen(this.opts.port ?? 0, this.opts.host ?? '127.0.0.1');
    await once(server, 'listening');
    const address = server.address() as AddressInfo;
    return { host: address.address, port: address.port };
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    for (const c of this.connections) c.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private serve(socket: TLSSocket): void {
    const sessionNo = ++this.sessionCount;
    this.sockets.add(socket);
    const faulty = this.opts.faults && sessionNo <= (this.opts.faults.sessions ?? Infinity) ? this.opts.faults : undefined;
    const session = new SimulatorSession(socket, this.opts, faulty, this.log.child(`session ${sessionNo}`), (req: ClientRequest) =>
      this.emit('request', req),
    );
    socket.on('close', () => {
      this.sockets.delete(socket);
      session.end();
    });
    socket.on('error', () => socket.destroy());
  }
}

class SimulatorSession {
  private readonly framer = new Framer();
  private waiting: ((frame: Frame) => void) | null = null;
  private readonly inbox: Frame[] = [];
  private unacked = 0;
  private ackWaiter: (() => void) | null = null;
  private ended = false;
  private bundles = 0;
  private blockTypes = 0;
  private readonly endWaiters: (() => void)[] = [];

  constructor(
    private readonly socket: TLSSocket,
    private readonly opts: SimulatorOptions,
    private readonly faults: FaultOptions | undefined,
    private readonly log: Logger,
    private readonly onRequest: (req: ClientRequest) => void,
  ) {
    socket.on('data', (chunk: Buffer) => {
      try {
        this.framer.push(chunk, (f) => this.receive(f));
      } catch (err) {
        this.log.warn(`bad client bytes: ${(err as Error).message}`);
        socket.destroy();
      }
    });
    void this.run().catch((err: Error) => {
      if (!this.ended) this.log.info(`session ended: ${err.message}`);
      // A session that said goodbye (end()) lets its last bytes drain; others are cut.
      if (!socket.writableEnded) socket.destroy();
    });
  }

  end(): void {
    this.ended = true;
    for (const w of this.endWaiters.splice(0)) w();
    this.ackWaiter?.();
    this.waiting?.({ version: 1, type: -1, body: Buffer.alloc(0) });
  }

  private receive(frame: Frame): void {
    if (frame.type === MessageType.Null) {
      this.unacked = Math.max(0, this.unacked - 1);
      const w = this.ackWaiter;
      this.ackWaiter = null;
      w?.();
      return;
    }
    if (frame.type === MessageType.Error) {
      this.log.info('client said goodbye');
      this.socket.end();
      return;
    }
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w(frame);
    } else this.inbox.push(frame);
  }

  private nextMessage(): Promise<Frame> {
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private async write(bytes: Buffer): Promise<void> {
    if (this.ended) throw new Error('connection closed');
    if (!this.socket.write(bytes)) await once(this.socket, 'drain');
  }

  private async refuse(text: string): Promise<void> {
    await this.write(encodeError(-1, text));
    this.socket.end();
  }

  private async run(): Promise<void> {
    const first = await this.nextMessage();
    if (this.ended) return;
    if (first.type !== MessageType.EventStreamRequest || first.body.length !== 8) {
      return this.refuse(`expected an Event Stream Request, got message type ${first.type}`);
    }
    const request: ClientRequest = { ...decodeEventStreamRequest(first.body), extended: false, versions: [] };
    request.extended = (request.flags & RequestFlag.EXTENDED) !== 0;
    if (request.extended) {
      await this.write(encodeStreamingInformation([5001, 5000, ESTREAMER_SERVICE]));
      const second = await this.nextMessage();
      if (this.ended) return;
      if (second.type !== MessageType.StreamingRequest) {
        return this.refuse(`expected a Streaming Request, got message type ${second.type}`);
      }
      const service = decodeServices(second.body).find((s) => s.service === ESTREAMER_SERVICE);
      if (!service) return this.refuse('the Streaming Request names no eStreamer service (6667)');
      request.flags = service.flags;
      request.timestamp = service.timestamp;
      request.versions = service.events;
    }
    this.onRequest(request);
    this.log.info(`request: timestamp ${request.timestamp}, flags 0x${(request.flags >>> 0).toString(16)}`);
    if (this.opts.replay) return this.replay(this.opts.replay);
    if (this.opts.bundles) return this.serveBundles(this.opts.bundles());
    return this.stream(request);
  }

  private async replay(frames: Buffer[]): Promise<void> {
    for (const f of frames) await this.write(f);
    await this.idle(() => false);
  }

  private async serveBundles(bundles: Iterator<Buffer>): Promise<void> {
    for (let next = bundles.next(); !next.done; next = bundles.next()) await this.sendBundle(next.value);
    await this.idle(() => false);
  }

  private wanted(record: StoredRecord, req: ClientRequest): boolean {
    if (!req.extended) return true;
    if (record.recordType === 2 && !(req.flags & RequestFlag.PACKETS)) return false;
    if (record.recordType === 110 && !(req.flags & RequestFlag.EXTRA_DATA)) return false;
    const code = eventTypeCode(record.recordType);
    return req.versions.some((v) => v.eventType === code);
  }

  private encode(record: StoredRecord, req: ClientRequest, metadata: boolean): Buffer {
    // The real FMC sends metadata with 8-byte headers even when archive timestamps are asked for.
    const extendedHeader = !metadata && (req.flags & RequestFlag.ARCHIVE_TIMESTAMPS) !== 0;
    const body = this.faults?.distinctBlockTypes && record.recordType === 71 ? withBlockType(record.body, 0x10000 + this.blockTypes++) : record.body;
    return encodeEventData(record.recordType, body, extendedHeader ? { archiveTimestamp: record.archiveTimestamp } : {});
  }

  private async stream(req: ClientRequest): Promise<void> {
    const history = this.opts.history;
    const pending: Buffer[] = [];
    if (req.flags & METADATA_FLAGS) for (const m of history.metadata) pending.push(this.encode(m, req, true));
    let index = req.timestamp === START_GENESIS ? 0 : req.timestamp === START_NOW ? history.length : history.indexAt(req.timestamp);
    const perBundle = this.opts.recordsPerBundle ?? 100;
    const connectionId = Math.floor(Date.now() / 1000);
    for (;;) {
      // A bounded history may have dropped what this session has not read yet.
      index = Math.max(index, history.first);
      while (index < history.length && pending.length < perBundle) {
        const record = history.at(index++);
        if (this.wanted(record, req)) pending.push(this.encode(record, req, false));
      }
      if (pending.length === 0) {
        await this.idle(() => index < history.length);
        continue;
      }
      const batch = pending.splice(0, perBundle);
      if (req.extended) await this.sendBundle(encodeMessageBundle(connectionId, this.bundles + 1, batch));
      else for (const m of batch) await this.sendCounted(m);
    }
  }

  /** Sends one bundle, honouring the window and the injected faults. */
  private async sendBundle(bundle: Buffer): Promise<void> {
    const f = this.faults;
    if (f?.closeAfterBundles !== undefined && this.bundles >= f.closeAfterBundles) {
      if (f.closeMidBundle) await this.write(bundle.subarray(0, Math.floor(bundle.length / 2)));
      this.log.info(`fault: closing after ${this.bundles} bundles${f.closeMidBundle ? ', mid-bundle' : ''}`);
      this.socket.destroy();
      throw new Error('closed by fault injection');
    }
    if (f?.errorAfterBundles && this.bundles >= f.errorAfterBundles.after) {
      await this.write(encodeError(f.errorAfterBundles.code, f.errorAfterBundles.text));
      this.socket.end();
      throw new Error('error sent by fault injection');
    }
    if (f?.garbageAfterBundles !== undefined && this.bundles >= f.garbageAfterBundles) {
      await this.write(Buffer.from('this is not an eStreamer message\r\n'));
      await this.idle(() => false);
    }
    if (f?.stallAfterBundles !== undefined && this.bundles >= f.stallAfterBundles) {
      this.log.info(`fault: going silent after ${this.bundles} bundles`);
      await new Promise<void>((resolve) => this.endWaiters.push(resolve));
      throw new Error('stalled');
    }
    if (f?.unknownMessages && this.bundles === 0) {
      this.log.info(`fault: sending ${f.unknownMessages} messages of unknown types`);
      const unknown = Buffer.alloc(12);
      unknown.writeUInt16BE(1, 0);
      unknown.writeUInt32BE(4, 4);
      const flood = Buffer.alloc(12 * f.unknownMessages);
      for (let i = 0; i < f.unknownMessages; i++) {
        unknown.writeUInt16BE(3000 + (i % 1000), 2);
        unknown.copy(flood, 12 * i);
      }
      await this.write(flood);
    }
    if (f?.poisonBundle && this.bundles === f.poisonBundle.at) bundle = poisoned(bundle, f.poisonBundle.kind);
    if (f?.trickleMs) {
      await this.sendCounted(bundle.subarray(0, 1));
      for (let i = 1; i < bundle.length; i++) {
        await new Promise((resolve) => setTimeout(resolve, f.trickleMs));
        await this.write(bundle.subarray(i, i + 1));
      }
    } else await this.sendCounted(bundle);
    this.bundles++;
  }

  private async sendCounted(message: Buffer): Promise<void> {
    while (this.unacked >= (this.opts.window ?? 8)) {
      await new Promise<void>((resolve) => (this.ackWaiter = resolve));
      if (this.ended) throw new Error('connection closed');
    }
    this.unacked++;
    await this.write(message);
  }

  /** Waits until `ready()` or the session ends, sending keepalive Nulls while idle. */
  private async idle(ready: () => boolean): Promise<void> {
    const keepaliveMs = this.opts.keepaliveMs ?? 2000;
    while (!ready() && !this.ended) {
      let unsubscribe = () => {};
      const appended = new Promise<boolean>((resolve) => {
        unsubscribe = this.opts.history.onAppend(() => resolve(true));
      });
      const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), keepaliveMs).unref());
      const gotData = await Promise.race([appended, timer]);
      unsubscribe();
      if (!gotData && !this.ended) await this.write(encodeNull());
    }
    if (this.ended) throw new Error('connection closed');
  }
}
