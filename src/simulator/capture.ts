import { Framer, type Frame } from '../protocol/framer';
import { decodeEventData, decodeMessageBundle, encodeEventData, encodeMessageBundle, MessageType, type RecordFrame } from '../protocol/messages';

// Reading recorded sessions: the capture JSON format of the team's reference capture
// ({ frames: [{ direction: "server->client", hex }] }) or a raw server byte stream.

export interface CaptureFrame {
  direction: 'client->server' | 'server->client';
  hex: string;
}

/** The server-to-client bytes of a capture file, whatever its format, as one buffer per message. */
export function serverMessages(file: Buffer): Buffer[] {
  const text = file.subarray(0, 64).toString('utf8').trimStart();
  if (text.startsWith('{')) {
    const json = JSON.parse(file.toString('utf8')) as { frames?: CaptureFrame[] };
    if (!Array.isArray(json.frames)) throw new Error('capture JSON has no "frames" array');
    return json.frames.filter((f) => f.direction === 'server->client').map((f) => Buffer.from(f.hex, 'hex'));
  }
  // A hex dump (one message per line, as the reference vectors) or raw bytes.
  const ascii = file.toString('latin1').trim();
  if (/^[0-9a-fA-F\s]+$/.test(ascii) && ascii.length > 0) {
    return ascii.split(/\s+/).map((line) => Buffer.from(line, 'hex'));
  }
  return [file];
}

/** A piece of a server byte stream: one whole message (capture JSON, hex dump) or raw bytes. */
export interface ServerBytes {
  bytes: Buffer;
  /** The bytes are one message, so the next piece starts a message whatever happened before. */
  wholeMessage: boolean;
}

/**
 * The same as `serverMessages`, read from a stream piece by piece: memory stays bounded by the
 * largest message, not the file. Raw bytes are passed on as they come (the framer splits them).
 */
export async function* streamServerMessages(input: AsyncIterable<Buffer | string>): AsyncGenerator<ServerBytes> {
  let format: 'json' | 'hex' | 'raw' | undefined;
  let text = '';
  const json = new CaptureJsonScanner();
  for await (const piece of input) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    if (!format) {
      const head = chunk.toString('latin1').trimStart();
      if (head.length === 0) continue;
      format = head.startsWith('{') ? 'json' : /^[0-9a-fA-F\s]+$/.test(head) ? 'hex' : 'raw';
    }
    if (format === 'raw') {
      yield { bytes: chunk, wholeMessage: false };
      continue;
    }
    if (format === 'json') {
      for (const bytes of json.push(chunk.toString('latin1'))) yield { bytes, wholeMessage: true };
      continue;
    }
    // Hex dump: whole lines only; a line may continue in the next chunk.
    text += chunk.toString('latin1');
    const cut = text.lastIndexOf('\n');
    if (cut < 0) continue;
    for (const word of text.slice(0, cut).split(/\s+/)) if (word) yield { bytes: Buffer.from(word, 'hex'), wholeMessage: true };
    text = text.slice(cut);
  }
  if (format === 'hex') for (const word of text.split(/\s+/)) if (word) yield { bytes: Buffer.from(word, 'hex'), wholeMessage: true };
  if (format === 'json') json.end();
}

/**
 * Finds the objects of a capture JSON's "frames" array in text given piece by piece, and parses
 * each on its own: the file is never held whole. Tracks strings (and their escapes) and nesting
 * depth, which is all it takes to know where an object of well-formed JSON ends.
 */
class CaptureJsonScanner {
  private text = '';
  private scanned = 0;
  /** Inside the "frames" array (the first one found; what follows it is ignored). */
  private inFrames = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private objectStart = -1;
  private framesSeen = false;

  *push(piece: string): Generator<Buffer> {
    if (this.framesSeen && !this.inFrames) return;
    this.text += piece;
    if (!this.inFrames) {
      const key = /"frames"\s*:\s*\[/.exec(this.text);
      if (!key) return;
      this.inFrames = this.framesSeen = true;
      this.text = this.text.slice(key.index + key[0].length);
      this.scanned = 0;
    }
    const t = this.text;
    let i = this.scanned;
    for (; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
      } else if (c === 0x22) this.inString = true;
      else if (c === 0x7b) {
        if (this.depth++ === 0) this.objectStart = i;
      } else if (c === 0x7d) {
        if (--this.depth === 0) {
          const frame = JSON.parse(t.slice(this.objectStart, i + 1)) as Partial<CaptureFrame>;
          if (frame.direction === 'server->client' && typeof frame.hex === 'string') yield Buffer.from(frame.hex, 'hex');
        }
      } else if (c === 0x5d && this.depth === 0) {
        this.inFrames = false;
        break;
      }
    }
    // Keep only the object being read (or nothing): what was scanned is not scanned again.
    const keep = this.depth > 0 ? this.objectStart : i;
    this.text = t.slice(keep);
    this.objectStart -= keep;
    this.scanned = i - keep;
    if (!this.inFrames) this.text = '';
  }

  end(): void {
    if (!this.framesSeen) throw new Error('capture JSON has no "frames" array');
  }
}

/** Every record the server sent in a capture, in order (bundles unpacked, other messages skipped). */
export function captureRecords(file: Buffer): RecordFrame[] {
  const records: RecordFrame[] = [];
  const onFrame = (f: Frame): void => {
    if (f.type === MessageType.MessageBundle) decodeMessageBundle(f.body).messages.forEach(onFrame);
    else if (f.type === MessageType.EventData) records.push(decodeEventData(f.body));
  };
  const framer = new Framer();
  for (const message of serverMessages(file)) framer.push(message, onFrame);
  return records;
}

/**
 * Bundles for benchmarks and soak tests: the capture's metadata in one bundle, then its
 * connection events over and over, `perBundle` to a bundle, until `total` events are sent (or
 * forever). Every bundle's records take the next archive second, so a client's replay filter
 * never mistakes a repetition for a replay. Built once; each bundle is a patched copy of it.
 */
export function capturedConnectionBundles(file: Buffer, total = Infinity, perBundle = 38): () => Iterator<Buffer> {
  const records = captureRecords(file);
  const metadata = records.filter((r) => r.recordType !== 71).map((r) => encodeEventData(r.recordType, r.body));
  const connections = records.filter((r) => r.recordType === 71);
  if (connections.length === 0) throw new Error('the capture holds no connection events');
  const messages = Array.from({ length: perBundle }, (_, i) => {
    const r = connections[i % connections.length];
    return encodeEventData(r.recordType, r.body, { archiveTimestamp: 0 });
  });
  const template = encodeMessageBundle(0, 0, messages);
  // Where each record's archive timestamp sits: bundle header, inner header, record type and length.
  const stampAt: number[] = [];
  let at = 16;
  for (const m of messages) {
    stampAt.push(at + 8 + 8);
    at += m.length;
  }
  const firstSecond = connections[0].archiveTimestamp;
  return function* bundles(): Iterator<Buffer> {
    yield encodeMessageBundle(1, 1, metadata);
    for (let sent = 0, sequence = 2; sent < total; sent += perBundle, sequence++) {
      const bundle = Buffer.from(template);
      bundle.writeUInt32BE(1, 8);
      bundle.writeUInt32BE(sequence, 12);
      for (const p of stampAt) bundle.writeUInt32BE(firstSecond + sequence, p);
      yield bundle;
    }
  };
}
