import { Framer, type Frame } from '../protocol/framer';
import { decodeEventData, decodeMessageBundle, MessageType, type RecordFrame } from '../protocol/messages';

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
