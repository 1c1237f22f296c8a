// One eStreamer client session with an FMC, kept alive across disconnects: connect, request,
// answer Streaming Information, receive bundles, acknowledge them, hand records downstream,
// reconnect with backoff from the last archive second handed downstream.

import type { TLSSocket } from 'node:tls';
import { RateLimitedLog, type Logger } from '../log';
import { ProtocolError } from '../protocol/errors';
import { DEFAULT_REQUEST_FLAGS, describeFlags, RequestFlag } from '../protocol/flags';
import { Framer, HEADER_SIZE, type Frame } from '../protocol/framer';
import {
  bundleMessages,
  decodeError,
  decodeEventData,
  decodeServices,
  encodeError,
  encodeEventStreamRequest,
  encodeNull,
  encodeStreamingRequest,
  ESTREAMER_SERVICE,
  MessageType,
  messageName,
  NEWEST_STREAM_VERSIONS,
  START_GENESIS,
  START_NOW,
  type RecordFrame,
  type StreamVersion,
} from '../protocol/messages';
import type { OutputEvent, ResumePoint } from './events';
import { fmcAnswers, FmcHostList, formatFmcAddress, type FmcAddress } from './fmc-hosts';
import { clientRejectionAfterHandshake, connectTls, explainClosedAfterHandshake } from './tls';

export type StartPosition = 'genesis' | 'now' | ResumePoint;

/**
 * What the session is doing, as the health line says it: `connecting` (TLS and request),
 * `streaming` (messages arrive), `stalled` (connected, no message for longer than expected; or
 * the queue full and nothing taken from it for as long: the output is not reading),
 * `backoff` (waiting to reconnect after a lost or refused connection), `error` (waiting to
 * reconnect after an error the FMC or the protocol reported: see the ERROR line), `stopped`.
 */
export type SessionState = 'connecting' | 'streaming' | 'stalled' | 'backoff' | 'error' | 'stopped';

export interface SessionOptions {
  host: string;
  port: number;
  credentials: Parameters<typeof connectTls>[0]['credentials'];
  verifyServer?: boolean;
  tlsMinVersion?: Parameters<typeof connectTls>[0]['minVersion'];
  tlsMaxVersion?: Parameters<typeof connectTls>[0]['maxVersion'];
  connectTimeoutMs?: number;
  /** No complete message (not even a keepalive Null) for this long means the connection is dead. */
  responseTimeoutMs?: number;
  /** No complete message for this long while connected is `stalled` (default: a quarter of responseTimeoutMs). */
  stalledAfterMs?: number;
  flags?: number;
  versions?: readonly StreamVersion[];
  start: StartPosition;
  /** Turns one record into an output event, or null to drop it (filters, malformed records). */
  process: (record: RecordFrame) => OutputEvent | null;
  logger: Logger;
  /** First reconnect delay; doubles up to `maxBackoffMs`, with jitter, whatever the cause. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A connection that delivers messages for this long resets the reconnect delay. */
  healthyAfterMs?: number;
  /**
   * Bytes received and not yet handed out before the socket stops being read: what bounds
   * memory, whatever the size of the records or bundles (one 60 MB bundle counts in full).
   */
  highWaterBytes?: number;
  /** The other FMCs of an HA pair, tried in turn when the one streaming fails (fmc-hosts.ts). */
  failoverHosts?: readonly FmcAddress[];
  /** While streaming from another than `host`, how often to check whether `host` answers again. */
  failbackAfterMs?: number;
}

export interface SessionStats {
  /** Events handed to the consumer. */
  handled: number;
  reconnects: number;
  connected: boolean;
  bundles: number;
  records: number;
  /** Event time (seconds) of the last event handed downstream. */
  lastEventTime: number;
  /** Archive second of the last record handed downstream (the bookmark). */
  bookmark: number;
  fmcErrors: number;
  /** The FMC streamed from (`host:port`), or 'none' while not connected. */
  fmc: string;
  state: SessionState;
  /** Messages skipped because their framing inside a bundle was wrong (lying lengths). */
  malformed: number;
  /** Archive second of the last event handed downstream in this run; 0 before the first. */
  lastArchiveTime: number;
}

/** Connection id and sequence number, before a bundle's messages. */
const BUNDLE_HEADER_SIZE = 8;

const DEFAULTS = {
  connectTimeoutMs: 10_000,
  responseTimeoutMs: 120_000,
  initialBackoffMs: 1_000,
  maxBackoffMs: 60_000,
  healthyAfterMs: 60_000,
  highWaterBytes: 4 * 1024 * 1024,
  failbackAfterMs: 300_000,
};
/** Null messages ready to go: the acks owed for one chunk of input leave in one write. */
const NULL_ACKS = Buffer.concat(Array.from({ length: 64 }, () => encodeNull()));
const NULL_SIZE = NULL_ACKS.length / 64;

/**
 * Async iterable of output events. Messages are queued as they arrive and their records turned
 * into events as they are pulled (a bundle is opened when it reaches the head of the queue), so
 * the consumer sets the pace; a backlog above the high-water mark pauses the socket, so TCP
 * pushes back on the FMC and memory stays bounded.
 */
export class Session implements AsyncIterable<OutputEvent> {
  private readonly opts: SessionOptions & typeof DEFAULTS & { flags: number };
  private readonly log: Logger;
  private socket: TLSSocket | null = null;
  private stopping = false;
  /** Event Data and Message Bundle messages received, not yet read; the bundle being read. */
  private readonly queue: Frame[] = [];
  private queueHead = 0;
  private reading: Iterator<Frame, string | undefined> | undefined;
  /** Bytes of the bundle being read not yet given back: a malformed message can leave some unread. */
  private readingLeft = 0;
  /** Bytes of the queued messages not yet read. */
  private queueBytes = 0;
  /** Null acks owed for the chunk of input being framed; sent in one write after it. */
  private acksOwed = 0;
  private waiter: (() => void) | null = null;
  private backoffMs: number;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private silenceTimer: NodeJS.Timeout | null = null;
  private connecting: AbortController | null = null;
  private connectedAt = 0;
  private lastMessageAt = 0;
  /** While the socket is paused: when the consumer last read from the queue (or the pause began). */
  private lastReadAt = 0;
  /** Whether the reconnect after this connection is caused by an error (state `error`, not `backoff`). */
  private failed = false;
  private readonly warnings: RateLimitedLog;
  private started = false;
  /** Resume point: archive second handed downstream and the identities handed at that second. */
  private bookmark = 0;
  private seenAtBookmark = new Set<string>();
  private readonly initialTimestamp: number;
  private readonly hosts: FmcHostList;
  private readonly stats_: SessionStats = {
    handled: 0,
    reconnects: 0,
    connected: false,
    bundles: 0,
    records: 0,
    lastEventTime: 0,
    bookmark: 0,
    fmcErrors: 0,
    fmc: 'none',
    state: 'connecting',
    malformed: 0,
    lastArchiveTime: 0,
  };

  constructor(options: SessionOptions) {
    // Options left undefined take the defaults (a spread would let `undefined` win).
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.opts = { ...DEFAULTS, flags: DEFAULT_REQUEST_FLAGS, ...(defined as SessionOptions) };
    this.log = options.logger;
    this.warnings = new RateLimitedLog(this.log);
    this.backoffMs = this.opts.initialBackoffMs;
    const o = this.opts;
    this.hosts = new FmcHostList([{ host: o.host, port: o.port }, ...(o.failoverHosts ?? [])], {
      failbackAfterMs: o.failbackAfterMs,
      answers: (address) =>
        fmcAnswers(address, { credentials: o.credentials, verifyServer: o.verifyServer, minVersion: o.tlsMinVersion, maxVersion: o.tlsMaxVersion }, o.connectTimeoutMs),
      log: this.log,
    });
    const start = options.start;
    if (start === 'genesis') this.initialTimestamp = START_GENESIS;
    else if (start === 'now') this.initialTimestamp = START_NOW;
    else {
      this.initialTimestamp = start.archiveTimestamp;
      this.bookmark = start.archiveTimestamp;
      this.seenAtBookmark = new Set(start.seen);
      this.stats_.bookmark = start.archiveTimestamp;
    }
  }

  stats(): SessionStats {
    const stats = { ...this.stats_ };
    // Connected and nothing for a while, though we are listening: the FMC is stuck or very slow.
    // Paused (the queue is full), it is the consumer that has taken nothing: the output is stuck.
    const stalledAfter = this.opts.stalledAfterMs ?? this.opts.responseTimeoutMs / 4;
    const since = this.socket?.isPaused() ? this.lastReadAt : this.lastMessageAt;
    if (stats.state === 'streaming' && Date.now() - since > stalledAfter) stats.state = 'stalled';
    return stats;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<OutputEvent> {
    if (!this.started) {
      this.started = true;
      void this.connect();
    }
    while (!this.stopping) {
      const record = this.nextRecord();
      if (record) {
        const event = this.toEvent(record);
        if (!event) continue;
        this.handOut(event);
        yield event;
        continue;
      }
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  /** Stops reading, tells the FMC why, and ends the iteration; queued events are not handed out. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.stats_.state = 'stopped';
    this.hosts.stop();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.connecting?.abort();
    this.clearSilenceTimer();
    this.warnings.flush();
    const socket = this.socket;
    this.socket = null;
    if (socket && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        // Destroyed if it has not closed within a second. Not unref'd: until the socket has
        // closed, this timer may be all that keeps the event loop (and this promise) alive.
        const timer = setTimeout(() => socket.destroy(), 1000);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        // The guide: a client closing a connection should say why with an Error message (code -1).
        socket.end(encodeError(-1, 'client is stopping'));
      });
    }
    this.wake();
  }

  /**
   * The next record received and not yet read, or undefined when there is none. A message whose
   * framing lies is skipped and counted (malformedMessage); the rest of its bundle goes on.
   */
  private nextRecord(): RecordFrame | undefined {
    for (;;) {
      if (this.reading) {
        let inner: IteratorResult<Frame, string | undefined>;
        try {
          inner = this.reading.next();
        } catch (err) {
          if (!(err instanceof ProtocolError)) throw err;
          inner = { done: true, value: err.message };
        }
        if (!inner.done) {
          const { type, body } = inner.value;
          this.readingLeft -= HEADER_SIZE + body.length;
          this.consumed(HEADER_SIZE + body.length);
          if (type !== MessageType.EventData) {
            this.onInnerMessage(inner.value);
            continue;
          }
          const record = this.record(body);
          if (record) return record;
          continue;
        }
        if (inner.value) this.malformedMessage(inner.value);
        // What a malformed message left unread is given back: still counted, it could keep the socket paused for good.
        this.consumed(this.readingLeft);
        this.reading = undefined;
      }
      if (this.queueHead === this.queue.length) return undefined;
      const frame = this.queue[this.queueHead];
      this.queue[this.queueHead++] = undefined as unknown as Frame;
      if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
        this.queue.splice(0, this.queueHead);
        this.queueHead = 0;
      }
      if (frame.type === MessageType.EventData) {
        this.consumed(HEADER_SIZE + frame.body.length);
        const record = this.record(frame.body);
        if (record) return record;
        continue;
      }
      this.consumed(HEADER_SIZE + BUNDLE_HEADER_SIZE);
      this.readingLeft = frame.body.length - BUNDLE_HEADER_SIZE;
      this.reading = bundleMessages(frame.body);
    }
  }

  /** A record whose length lies is skipped and counted (undefined); the rest of its bundle goes on. */
  private record(body: Buffer): RecordFrame | undefined {
    try {
      const record = decodeEventData(body);
      this.stats_.records++;
      return record;
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      this.malformedMessage(err.message);
      return undefined;
    }
  }

  /** Any other message inside a bundle is handled as if it came alone (a keepalive, an error). */
  private onInnerMessage(frame: Frame): void {
    if (this.socket) this.onFrame(this.socket, frame, true);
  }

  /** Bytes read from the queue: once it is down to half the high-water mark, the socket reads again. */
  private consumed(bytes: number): void {
    this.queueBytes -= bytes;
    if (!this.socket?.isPaused()) return;
    this.lastReadAt = Date.now();
    if (this.queueBytes <= this.opts.highWaterBytes / 2) {
      this.socket.resume();
      // Listening again: silence (the stalled state, the response timeout) counts from now.
      this.lastMessageAt = this.lastReadAt;
      this.armSilenceTimer(this.socket);
    }
  }

  private clearQueue(): void {
    this.queue.length = 0;
    this.queueHead = 0;
    this.reading = undefined;
    this.queueBytes = 0;
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private handOut(event: OutputEvent): void {
    const s = this.stats_;
    s.handled++;
    if (event.time) s.lastEventTime = event.time;
    const ts = event.archiveTimestamp;
    if (ts) s.lastArchiveTime = ts;
    if (ts > this.bookmark) {
      this.bookmark = ts;
      this.seenAtBookmark = new Set([event.identity]);
      s.bookmark = ts;
    } else if (ts === this.bookmark && ts !== 0) {
      this.seenAtBookmark.add(event.identity);
    }
  }

  private requestTimestamp(): number {
    return this.bookmark > 0 ? this.bookmark : this.initialTimestamp;
  }

  private async connect(): Promise<void> {
    if (this.stopping) return;
    const { host, port } = this.hosts.current;
    this.stats_.state = 'connecting';
    this.failed = false;
    const connecting = (this.connecting = new AbortController());
    let socket: TLSSocket | undefined;
    // The socket reads into one reused buffer (onData), which the framer copies from: a 60 MB
    // bundle then costs its own 60 MB, not as much again in TLS chunks awaiting a collection.
    const framer = new Framer(true);
    let receivedAny = false;
    let refused = false;
    let frames = 0;
    /** Bytes that came with the handshake, before `socket` is set (copies: the buffer is reused). */
    const early: Buffer[] = [];
    const received = (chunk: Buffer) => {
      if (!socket) return void early.push(Buffer.from(chunk));
      receivedAny = true;
      const before = frames;
      const from = socket;
      try {
        framer.push(chunk, (frame) => {
          frames++;
          this.onFrame(from, frame);
        });
      } catch (err) {
        this.failed = true;
        this.log.error(`${(err as Error).message}; reconnecting`);
        socket.destroy();
      }
      this.sendAcks(socket);
      // The response timeout runs from the last complete message, not the last byte: an FMC
      // trickling bytes is as dead as a silent one.
      if (frames !== before && !socket.destroyed) this.onProgress(socket);
    };
    try {
      socket = await connectTls({
        signal: connecting.signal,
        host,
        port,
        credentials: this.opts.credentials,
        verifyServer: this.opts.verifyServer,
        minVersion: this.opts.tlsMinVersion,
        maxVersion: this.opts.tlsMaxVersion,
        connectTimeoutMs: this.opts.connectTimeoutMs,
        onData: received,
      });
    } catch (err) {
      if (this.stopping) return;
      this.log.error((err as Error).message);
      this.hosts.lost();
      this.scheduleReconnect();
      return;
    } finally {
      this.connecting = null;
    }
    if (this.stopping) {
      socket.destroy();
      return;
    }
    this.socket = socket;
    socket.setNoDelay(true);
    this.stats_.connected = true;
    this.connectedAt = this.lastMessageAt = Date.now();
    this.stats_.fmc = formatFmcAddress({ host, port });
    this.log.info(`connected to FMC ${host}:${port} (${socket.getProtocol() ?? 'TLS'})`);
    this.hosts.streaming(() => this.leaveForPrimary(socket));
    for (const chunk of early.splice(0)) received(chunk);
    socket.on('error', (err) => {
      // Under TLS 1.3 the FMC refuses our certificate only after the handshake: say what to do.
      const rejected = clientRejectionAfterHandshake(err, host, port);
      if (rejected) {
        this.failed = refused = true;
        this.log.error(rejected.message);
      } else this.log.warn(`connection to ${host}:${port}: ${err.message}`);
    });
    socket.on('close', () => {
      this.clearSilenceTimer();
      this.stats_.connected = false;
      this.stats_.fmc = 'none';
      if (this.socket === socket) this.socket = null;
      // Events not yet handed out come again: the FMC replays from the bookmark.
      this.clearQueue();
      if (this.stopping) return;
      const toPrimary = this.hosts.lost();
      if (toPrimary) return this.scheduleReconnect(0);
      if (!receivedAny) {
        this.failed = true;
        // Not when the FMC said why (a refusal under TLS 1.3, logged above).
        if (!refused) this.log.error(explainClosedAfterHandshake(host, port, socket.authorized));
      } else if (!this.failed) this.log.warn(`FMC ${host}:${port} closed the connection; reconnecting`);
      this.scheduleReconnect();
    });
    const timestamp = this.requestTimestamp();
    const flags = this.opts.flags;
    this.log.info(
      `requesting events from ${timestamp === START_GENESIS ? 'genesis' : timestamp === START_NOW ? 'now' : `archive second ${timestamp}`}` +
        ` with flags ${describeFlags(flags)}`,
    );
    this.armSilenceTimer(socket);
    socket.write(encodeEventStreamRequest({ timestamp, flags }));
  }

  /** A complete message arrived: the connection is alive, and healthy once it has lasted. */
  private onProgress(socket: TLSSocket): void {
    const now = Date.now();
    this.lastMessageAt = now;
    this.stats_.state = 'streaming';
    if (now - this.connectedAt >= this.opts.healthyAfterMs) this.backoffMs = this.opts.initialBackoffMs;
    if (!socket.isPaused()) this.armSilenceTimer(socket);
  }

  /** Leaves `socket` for the primary FMC, saying why (Error -1); its close handler connects to the primary at once. */
  private leaveForPrimary(socket: TLSSocket): void {
    this.clearSilenceTimer();
    // What still arrives is dropped: the primary replays it from the bookmark.
    socket.removeAllListeners('data');
    socket.end(encodeError(-1, 'client is switching to another FMC'));
    setTimeout(() => socket.destroy(), 1000).unref();
  }

  /** Every cause of a reconnect backs off alike: an FMC failing at once is not hammered. A switch back to the primary is no failure (`delayMs` 0). */
  private scheduleReconnect(delayMs?: number): void {
    if (this.stopping) return;
    const delay = delayMs ?? Math.round(this.backoffMs * (0.5 + Math.random() * 0.5));
    if (delayMs === undefined) {
      this.stats_.state = this.failed ? 'error' : 'backoff';
      this.backoffMs = Math.min(this.backoffMs * 2, this.opts.maxBackoffMs);
    }
    this.stats_.reconnects++;
    this.log.info(`reconnecting in ${(delay / 1000).toFixed(1)} s`);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private armSilenceTimer(socket: TLSSocket): void {
    this.clearSilenceTimer();
    const ms = this.opts.responseTimeoutMs;
    this.silenceTimer = setTimeout(() => {
      this.log.warn(`FMC sent no complete message for ${ms / 1000} s (not even a keepalive); reconnecting`);
      socket.destroy();
    }, ms);
  }

  private clearSilenceTimer(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
  }

  private onFrame(socket: TLSSocket, frame: Frame, inBundle = false): void {
    switch (frame.type) {
      case MessageType.Null:
        return; // keepalive
      case MessageType.StreamingInformation:
        return this.onStreamingInformation(socket, frame.body);
      case MessageType.MessageBundle:
        // The FMC never nests bundles: one inside another is skipped, not recursed into.
        if (inBundle) return this.malformedMessage(`a message bundle of ${frame.body.length} bytes inside a message bundle`);
        // Opened when it reaches the head of the queue (nextRecord).
        this.stats_.bundles++;
        this.enqueue(frame);
        // One Null acknowledges the whole bundle (Integration Guide 2-35).
        this.acksOwed++;
        return;
      case MessageType.EventData:
        this.enqueue(frame);
        // Legacy mode: a Null after each message says the client is ready for more.
        if (!(this.opts.flags & RequestFlag.EXTENDED)) this.acksOwed++;
        return;
      case MessageType.Error: {
        const { code, text } = decodeError(frame.body);
        this.stats_.fmcErrors++;
        this.failed = true;
        this.log.error(`FMC error ${code}: ${text || '(no text)'}; reconnecting`);
        socket.destroy();
        return;
      }
      default:
        this.warnings.warn('unexpected messages', `ignoring unexpected ${messageName(frame.type)} of ${frame.body.length} bytes`);
    }
  }

  private malformedMessage(what: string): void {
    this.stats_.malformed++;
    this.warnings.warn('malformed messages', `skipping a malformed message: ${what}`);
  }

  private onStreamingInformation(socket: TLSSocket, body: Buffer): void {
    const services = decodeServices(body);
    this.log.debug(`FMC offers services ${services.map((s) => s.service).join(', ')}`);
    if (!services.some((s) => s.service === ESTREAMER_SERVICE)) {
      throw new ProtocolError(`FMC did not offer the eStreamer service ${ESTREAMER_SERVICE} (offered ${services.map((s) => s.service).join(', ')})`);
    }
    const flags = this.opts.flags;
    socket.write(
      encodeStreamingRequest([
        {
          service: ESTREAMER_SERVICE,
          flags,
          timestamp: this.requestTimestamp(),
          events: [...(this.opts.versions ?? NEWEST_STREAM_VERSIONS)],
        },
      ]),
    );
  }

  /**
   * The acks owed for the chunk just framed, in one write. Without Nagle (setNoDelay) they leave
   * at once: behind Nagle and the FMC's delayed ACK, each could wait ~40 ms, and the FMC with it.
   */
  private sendAcks(socket: TLSSocket): void {
    let owed = this.acksOwed;
    this.acksOwed = 0;
    if (owed === 0 || socket.writableEnded || socket.destroyed) return;
    for (; owed > 64; owed -= 64) socket.write(NULL_ACKS);
    socket.write(NULL_ACKS.subarray(0, owed * NULL_SIZE));
  }

  /** The event for a record as it is pulled, or null (filtered, malformed, already handed out). */
  private toEvent(record: RecordFrame): OutputEvent | null {
    const event = this.opts.process(record);
    if (!event) return null;
    // The FMC replays the bookmark second after a reconnect: skip what was already handed out.
    if (event.archiveTimestamp === this.bookmark && event.archiveTimestamp !== 0 && this.seenAtBookmark.has(event.identity)) return null;
    return event;
  }

  private enqueue(frame: Frame): void {
    this.queue.push(frame);
    this.queueBytes += HEADER_SIZE + frame.body.length;
    if (this.queueBytes > this.opts.highWaterBytes && this.socket && !this.socket.isPaused()) {
      // The FMC is not silent, we stopped listening: no silence timeout while paused.
      this.socket.pause();
      this.lastReadAt = Date.now();
      this.clearSilenceTimer();
    }
    this.wake();
  }
}
