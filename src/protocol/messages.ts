// Every eStreamer message both sides need, as plain types, with one serializer and one decoder
// per type (protocol.md §1-§5). Bodies are decoded from frames produced by the Framer.

import { ProtocolError } from './errors';
import type { Frame } from './framer';
import { Reader } from './reader';
import { Writer } from './writer';

export const MessageType = {
  Null: 0,
  Error: 1,
  EventStreamRequest: 2,
  EventData: 4,
  HostDataRequest: 5,
  SingleHostData: 6,
  MultipleHostData: 7,
  StreamingRequest: 2049,
  StreamingInformation: 2051,
  MessageBundle: 4002,
} as const;

export const MESSAGE_NAMES: Record<number, string> = {
  0: 'Null',
  1: 'Error',
  2: 'Event Stream Request',
  4: 'Event Data',
  5: 'Host Data Request',
  6: 'Single Host Data',
  7: 'Multiple Host Data',
  2049: 'Streaming Request',
  2051: 'Streaming Information',
  4002: 'Message Bundle',
};

/** Initial timestamps with a special meaning (protocol.md §2.1). */
export const START_GENESIS = 0;
export const START_NOW = 0xffffffff;

/** The eStreamer event service in Streaming Information / Streaming Request. */
export const ESTREAMER_SERVICE = 6667;

/** (version, event type) pair of an extended request. */
export interface StreamVersion {
  version: number;
  eventType: number;
}

export interface StreamingService {
  service: number;
  flags: number;
  timestamp: number;
  events: StreamVersion[];
}

export interface ErrorMessage {
  code: number;
  text: string;
}

export interface EventStreamRequest {
  timestamp: number;
  flags: number;
}

/** Event Data (type 4): the record header split out and the record body as a view. */
export interface RecordFrame {
  /** Low 16 bits of the record-type word. */
  recordType: number;
  /** Bits 16-30: the domain (netmap) the event belongs to; 0 on single-domain FMCs. */
  netmapId: number;
  /** Bit 31 of the record-type word. */
  extendedFlag: boolean;
  recordLength: number;
  /** Archive (server) timestamp; present only with 16-byte headers (request bit 23), 0 otherwise. */
  archiveTimestamp: number;
  headerSize: 8 | 16;
  /** The record data, `recordLength` bytes. */
  body: Buffer;
}

export interface MessageBundle {
  connectionId: number;
  sequence: number;
  /** Inner messages, in order. */
  messages: Frame[];
  /** What was wrong with the bundle after its last whole inner message, if anything (that part is skipped). */
  problem?: string;
}

/** Newest (version, event type) pairs, as eNcore 5.2.11 asks them; the FMC answers with what it has. */
export const NEWEST_STREAM_VERSIONS: readonly StreamVersion[] = [
  { version: 11, eventType: 12 }, // intrusion
  { version: 4, eventType: 21 }, // metadata
  { version: 9, eventType: 31 }, // correlation
  { version: 11, eventType: 61 }, // discovery
  { version: 17, eventType: 71 }, // connection
  { version: 7, eventType: 91 }, // user activity
  { version: 8, eventType: 101 }, // malware
  { version: 7, eventType: 111 }, // file
  { version: 2, eventType: 131 }, // impact alerts
];

/** The list eNcore 3.5.8 sent (the TAC 215631 capture). */
export const ENCORE_358_STREAM_VERSIONS: readonly StreamVersion[] = [
  { version: 9, eventType: 12 },
  { version: 4, eventType: 21 },
  { version: 9, eventType: 31 },
  { version: 11, eventType: 61 },
  { version: 14, eventType: 71 },
  { version: 4, eventType: 91 },
  { version: 7, eventType: 101 },
  { version: 6, eventType: 111 },
  { version: 2, eventType: 131 },
];

// ---------------------------------------------------------------- serializers

export function encodeNull(): Buffer {
  return new Writer(0).message(MessageType.Null);
}

export function encodeError(code: number, text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return new Writer().i32(code).u16(bytes.length).bytes(bytes).message(MessageType.Error);
}

export function encodeEventStreamRequest(req: EventStreamRequest): Buffer {
  return new Writer(8).u32(req.timestamp).u32(req.flags).message(MessageType.EventStreamRequest);
}

/** Which value a service's length field carries; the FMC accepts both (protocol.md §3.1). */
export type ServiceLengthForm = 'inclusive' | 'exclusive';

function writeService(w: Writer, s: StreamingService, form: ServiceLengthForm): void {
  const list = s.events.length ? s.events.length + 1 : 0; // + (0,0) terminator
  w.u32(s.service).u32((form === 'inclusive' ? 16 : 8) + 4 * list).u32(s.flags).u32(s.timestamp);
  for (const e of s.events) w.u16(e.version).u16(e.eventType);
  if (list) w.u32(0);
}

/** Streaming Request (2049); eNcore's inclusive service length by default (field-proven). */
export function encodeStreamingRequest(services: StreamingService[], form: ServiceLengthForm = 'inclusive'): Buffer {
  const w = new Writer();
  for (const s of services) writeService(w, s, form);
  return w.message(MessageType.StreamingRequest);
}

/** Streaming Information (2051); services with length 8 like the real FMC. */
export function encodeStreamingInformation(serviceIds: number[]): Buffer {
  const w = new Writer();
  for (const id of serviceIds) writeService(w, { service: id, flags: 0, timestamp: 0, events: [] }, 'exclusive');
  return w.message(MessageType.StreamingInformation);
}

/** Event Data (4) carrying one record; a 16-byte header when `archiveTimestamp` is given. */
export function encodeEventData(
  recordType: number,
  body: Uint8Array,
  opts: { archiveTimestamp?: number; netmapId?: number } = {},
): Buffer {
  const w = new Writer(16 + body.length);
  const word = ((opts.netmapId ?? 0) & 0x7fff) * 0x10000 + (recordType & 0xffff);
  w.u32(word).u32(body.length);
  if (opts.archiveTimestamp !== undefined) w.u32(opts.archiveTimestamp).u32(0);
  w.bytes(body);
  return w.message(MessageType.EventData);
}

/**
 * Message Bundle (4002). Inner headers are written `00000004 <length>`: what deployed clients
 * (eNcore) expect, whatever the guide's wording says (protocol.md §5.1).
 */
export function encodeMessageBundle(connectionId: number, sequence: number, eventDataMessages: Buffer[]): Buffer {
  let size = 8;
  for (const m of eventDataMessages) size += m.length;
  const out = Buffer.alloc(8 + size);
  out.writeUInt16BE(1, 0);
  out.writeUInt16BE(MessageType.MessageBundle, 2);
  out.writeUInt32BE(size, 4);
  out.writeUInt32BE(connectionId >>> 0, 8);
  out.writeUInt32BE(sequence >>> 0, 12);
  let at = 16;
  for (const m of eventDataMessages) {
    m.copy(out, at);
    out.writeUInt16BE(0, at); // version position 0: `00000004`
    at += m.length;
  }
  return out;
}

// ---------------------------------------------------------------- decoders

export function decodeError(body: Buffer): ErrorMessage {
  const r = new Reader(body);
  const code = r.i32();
  const length = r.u16();
  // Tolerate a length past the end (seen in guide examples): take what is there.
  const text = r.text(Math.min(length, r.remaining));
  return { code, text };
}

export function decodeEventStreamRequest(body: Buffer): EventStreamRequest {
  const r = new Reader(body);
  return { timestamp: r.u32(), flags: r.u32() };
}

/**
 * Services of a 2049 or 2051 body. The length field is inclusive (16 + 4N), exclusive (8 + 4N) or
 * eNcore's whole-message value depending on who wrote it, so the event list is read up to its
 * (0,0) terminator and a service of length 8 has no list (protocol.md §3.1).
 */
export function decodeServices(body: Buffer): StreamingService[] {
  const r = new Reader(body);
  const services: StreamingService[] = [];
  while (r.remaining >= 8) {
    const service = r.u32();
    const length = r.u32();
    const flags = r.remaining >= 4 ? r.u32() : 0;
    const timestamp = r.remaining >= 4 ? r.u32() : 0;
    const events: StreamVersion[] = [];
    if (length > 8) {
      while (r.remaining >= 4) {
        const version = r.u16();
        const eventType = r.u16();
        if (version === 0 && eventType === 0) break;
        events.push({ version, eventType });
      }
    }
    services.push({ service, flags, timestamp, events });
  }
  return services;
}

/** Splits an Event Data body into record header and record data, sizing the header by the lengths. */
export function decodeEventData(body: Buffer): RecordFrame {
  if (body.length < 8) throw new ProtocolError(`event data of ${body.length} bytes has no record header`);
  const word = body.readUInt32BE(0);
  const recordLength = body.readUInt32BE(4);
  let headerSize: 8 | 16;
  let archiveTimestamp = 0;
  if (body.length === recordLength + 16) {
    headerSize = 16;
    archiveTimestamp = body.readUInt32BE(8);
  } else if (body.length === recordLength + 8) {
    headerSize = 8;
  } else {
    throw new ProtocolError(
      `record type ${word & 0xffff}: record length ${recordLength} does not fit a message of ${body.length} bytes`,
    );
  }
  return {
    recordType: word & 0xffff,
    netmapId: (word >>> 16) & 0x7fff,
    extendedFlag: word >>> 31 === 1,
    recordLength,
    archiveTimestamp,
    headerSize,
    body: body.subarray(headerSize),
  };
}

/**
 * A record as `decodeEventData` hands it out, for records that come from elsewhere than the wire
 * (the simulator's history, tests, benchmarks): a 16-byte header when it has an archive timestamp.
 */
export function recordFrame(recordType: number, body: Buffer, archiveTimestamp = 0, netmapId = 0): RecordFrame {
  return { recordType, netmapId, extendedFlag: false, recordLength: body.length, archiveTimestamp, headerSize: archiveTimestamp ? 16 : 8, body };
}

/**
 * Bundle inner headers are `u32 type, u32 length`; `00000004` and `00010004` are both accepted.
 * The bundle's own length is trusted (the framer took exactly that many bytes): an inner header
 * that cannot be right ends the reading there, with a `problem`, and the messages before it stand.
 */
export function decodeMessageBundle(body: Buffer): MessageBundle {
  const messages: Frame[] = [];
  const inner = bundleMessages(body);
  let next = inner.next();
  for (; !next.done; next = inner.next()) messages.push(next.value);
  const problem = next.value;
  const connectionId = body.readUInt32BE(0);
  const sequence = body.readUInt32BE(4);
  return problem === undefined ? { connectionId, sequence, messages } : { connectionId, sequence, messages, problem };
}

/**
 * The inner messages of a Message Bundle body one by one, as views (a bundle can hold tens of
 * thousands of records, which need not all exist as objects at once); returns the problem that
 * ended the reading early, if one did (see decodeMessageBundle).
 */
export function* bundleMessages(body: Buffer): Generator<Frame, string | undefined, undefined> {
  if (body.length < 8) throw new ProtocolError(`message bundle of ${body.length} bytes has no connection id and sequence`);
  const sequence = body.readUInt32BE(4);
  let p = 8;
  while (p < body.length) {
    if (body.length - p < 8) return `bundle ${sequence}: ${body.length - p} stray bytes at its end`;
    const version = body.readUInt16BE(p);
    const type = body.readUInt16BE(p + 2);
    const length = body.readUInt32BE(p + 4);
    if (version > 1) return `bundle ${sequence}: inner message header version ${version}`;
    if (p + 8 + length > body.length) {
      return `bundle ${sequence}: inner message of ${length} bytes overruns the bundle (${body.length - p - 8} bytes left)`;
    }
    yield { version: 1, type, body: body.subarray(p + 8, p + 8 + length) };
    p += 8 + length;
  }
  return undefined;
}

/** "Streaming Information (2051)" */
export function messageName(type: number): string {
  return `${MESSAGE_NAMES[type] ?? 'Unknown message'} (${type})`;
}
