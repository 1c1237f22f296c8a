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
