// The do-nothing eStreamer client of the end-to-end bench (bench/e2e.ts): TLS, the request, the
// framing and one Null ack per bundle, and a newline on stdout per record, nothing else. What it
// reaches is the most the simulator can serve on this machine.

import { loadCredentials } from '../src/client/credentials';
import { connectTls } from '../src/client/tls';
import { DEFAULT_REQUEST_FLAGS } from '../src/protocol/flags';
import { Framer, type Frame } from '../src/protocol/framer';
import { encodeEventStreamRequest, encodeNull, encodeStreamingRequest, ESTREAMER_SERVICE, MessageType, NEWEST_STREAM_VERSIONS } from '../src/protocol/messages';

async function main(): Promise<void> {
  const arg = (name: string) => process.argv[process.argv.indexOf(name) + 1];
  const credentials = loadCredentials({ pkcs12File: arg('--pkcs12'), password: process.env[arg('--password-env')] ?? '' });
  const socket = await connectTls({ host: arg('--host'), port: Number(arg('--port')), credentials });
  socket.setNoDelay(true);
  const ack = encodeNull();
  const newlines = Buffer.alloc(64 * 1024, 10);
  const framer = new Framer();
  const flags = DEFAULT_REQUEST_FLAGS;
  const onFrame = (frame: Frame) => {
    if (frame.type === MessageType.StreamingInformation) {
      socket.write(encodeStreamingRequest([{ service: ESTREAMER_SERVICE, flags, timestamp: 0, events: [...NEWEST_STREAM_VERSIONS] }]));
    } else if (frame.type === MessageType.MessageBundle) {
      let records = 0;
      for (let p = 8; p + 8 <= frame.body.length; p += 8 + frame.body.readUInt32BE(p + 4)) records++;
      socket.write(ack);
      if (!process.stdout.write(newlines.subarray(0, records))) {
        socket.pause();
        process.stdout.once('drain', () => socket.resume());
      }
    }
  };
  socket.on('data', (chunk: Buffer) => framer.push(chunk, onFrame));
  socket.write(encodeEventStreamRequest({ timestamp: 0, flags }));
  process.once('SIGTERM', () => process.exit(0));
}

void main();
