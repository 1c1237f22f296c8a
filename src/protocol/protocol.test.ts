import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESTREAMER_VECTORS } from '../../test/paths';
import { Framer, type Frame } from './framer';
import { describeFlags, DEFAULT_REQUEST_FLAGS, flagNames } from './flags';
import {
  decodeError,
  decodeEventData,
  decodeEventStreamRequest,
  decodeMessageBundle,
  decodeServices,
  encodeError,
  encodeEventData,
  encodeEventStreamRequest,
  encodeMessageBundle,
  encodeNull,
  encodeStreamingInformation,
  encodeStreamingRequest,
  ENCORE_358_STREAM_VERSIONS,
  ESTREAMER_SERVICE,
  MessageType,
  NEWEST_STREAM_VERSIONS,
} from './messages';
import { ProtocolError } from './errors';

const vector = (name: string) => Buffer.from(readFileSync(join(ESTREAMER_VECTORS, name), 'utf8').trim(), 'hex');

function frameAll(bytes: Buffer): Frame[] {
  const frames: Frame[] = [];
  new Framer().push(bytes, (f) => frames.push(f));
  return frames;
}

test('every reference vector frames into exactly one message and decodes', () => {
  const files = readdirSync(ESTREAMER_VECTORS).filter((f) => f.endsWith('.hex'));
  assert.equal(files.length, 9);
  for (const file of files) {
    const frames = frameAll(vector(file));
    assert.equal(frames.length, 1, file);
    const [f] = frames;
    assert.equal(f.version, 1, file);
    switch (f.type) {
      case MessageType.Null:
        assert.equal(f.body.length, 0);
        break;
      case MessageType.Error:
        assert.deepEqual(decodeError(f.body), { code: 19, text: 'No space' });
        break;
      case MessageType.EventStreamRequest: {
        const req = decodeEventStreamRequest(f.body);
        assert.equal(req.timestamp, 0x5ed7f3b6);
        assert.equal(req.flags, file.includes('48900061') ? 0x48900061 : 0x08900061);
        break;
      }
      case MessageType.StreamingInformation:
        assert.ok(decodeServices(f.body).some((s) => s.service === ESTREAMER_SERVICE), file);
        break;
      case MessageType.StreamingRequest: {
        const [s] = decodeServices(f.body);
        assert.equal(s.service, ESTREAMER_SERVICE, file);
        assert.ok(s.events.length >= 2, file);
        break;
      }
      default:
        assert.fail(`${file}: unexpected type ${f.type}`);
    }
  }
});

test('the TAC 215631 streaming request is reproduced byte for byte', () => {
  const built = encodeStreamingRequest([
    { service: ESTREAMER_SERVICE, flags: 0x48900061, timestamp: 0, events: [...ENCORE_358_STREAM_VERSIONS] },
  ]);
  assert.equal(built.toString('hex'), vector('tac215631_streaming_request_2049_ts0.hex').toString('hex'));
  const bookmarked = encodeStreamingRequest([
    { service: ESTREAMER_SERVICE, flags: 0x48900061, timestamp: 0x5ed7f3b6, events: [...ENCORE_358_STREAM_VERSIONS] },
  ]);
  assert.equal(bookmarked.toString('hex'), vector('derived_streaming_request_2049_ts5ed7f3b6.hex').toString('hex'));
});

test('the guide streaming request (exclusive length 20) decodes to its three pairs', () => {
  const [f] = frameAll(vector('guide_streaming_request_2049_conn71v6_meta21v4.hex'));
  const [s] = decodeServices(f.body);
  assert.equal(s.flags, 0x40000000);
  assert.deepEqual(s.events, [
    { version: 6, eventType: 71 },
    { version: 4, eventType: 21 },
  ]);
});

test('the TAC streaming information lists 5001, 5000, 6667 and our encoder writes the same bytes', () => {
  const bytes = vector('tac215631_streaming_information_2051.hex');
  const [f] = frameAll(bytes);
  assert.deepEqual(
    decodeServices(f.body).map((s) => s.service),
    [5001, 5000, 6667],
  );
  assert.equal(encodeStreamingInformation([5001, 5000, 6667]).toString('hex'), bytes.toString('hex'));
  const [g] = frameAll(vector('guide_streaming_information_2051_6667_5000.hex'));
  assert.deepEqual(decodeServices(g.body).map((s) => s.service), [6667, 5000]);
});

test('event stream requests, null and error encode to the reference bytes', () => {
  assert.equal(
    encodeEventStreamRequest({ timestamp: 0x5ed7f3b6, flags: 0x48900061 }).toString('hex'),
    vector('derived_event_stream_request_2_ts5ed7f3b6_flags48900061.hex').toString('hex'),
  );
  assert.equal(encodeNull().toString('hex'), vector('guide_null_message_0.hex').toString('hex'));
  assert.deepEqual(decodeError(frameAll(encodeError(-1, 'client stopping'))[0].body), { code: -1, text: 'client stopping' });
});

test('request flags decode to the names the FMC logs', () => {
  assert.equal(DEFAULT_REQUEST_FLAGS, 0x48900061);
  assert.deepEqual(flagNames(0x48900061), [
    'Packets',
    'Impact Event Alerts',
    'Intrusion Events w/ Impact Flags',
    'Metadata v4',
    'Archive Timestamps',
    'Event Extra Data',
    'Extended Request',
  ]);
  assert.match(describeFlags(0x48900061), /^0x48900061 \(w\/ Packets w\/ Impact Event Alerts .* w\/ Extended Request\)$/);
  assert.equal(NEWEST_STREAM_VERSIONS.find((v) => v.eventType === 71)?.version, 17);
});

test('a message split at every byte boundary frames identically', () => {
  const record = encodeEventData(71, Buffer.from('0102030405060708090a', 'hex'), { archiveTimestamp: 1606923302 });
  const stream = Buffer.concat([
    encodeStreamingInformation([5001, 5000, 6667]),
    encodeMessageBundle(7, 1, [record, record]),
    encodeNull(),
    encodeError(19, 'No space'),
  ]);
  const whole = frameAll(stream).map((f) => [f.type, f.body.toString('hex')]);
  assert.equal(whole.length, 4);
  for (let a = 0; a <= stream.length; a++) {
    for (const b of [a, Math.min(stream.length, a + 1), Math.min(stream.length, a + 9)]) {
      const framer = new Framer();
      const got: Frame[] = [];
      framer.push(stream.subarray(0, a), (f) => got.push(f));
      framer.push(stream.subarray(a, b), (f) => got.push(f));
      framer.push(stream.subarray(b), (f) => got.push(f));
      assert.deepEqual(got.map((f) => [f.type, f.body.toString('hex')]), whole, `split at ${a}/${b}`);
      assert.equal(framer.pendingBytes, 0);
    }
  }
  // One byte at a time.
  const framer = new Framer();
  const got: Frame[] = [];
  for (const byte of stream) framer.push(Buffer.of(byte), (f) => got.push(f));
  assert.deepEqual(got.map((f) => [f.type, f.body.toString('hex')]), whole);
});

test('bodies handed out stay intact after later chunks arrive', () => {
  const a = encodeEventData(4, Buffer.alloc(100, 0xaa));
  const b = encodeEventData(4, Buffer.alloc(100, 0xbb));
  const stream = Buffer.concat([a, b]);
  const framer = new Framer();
  const got: Frame[] = [];
  framer.push(stream.subarray(0, 50), (f) => got.push(f));
  framer.push(stream.subarray(50, 150), (f) => got.push(f));
  framer.push(stream.subarray(150), (f) => got.push(f));
  assert.equal(got.length, 2);
  assert.ok(got[0].body.subarray(8).every((x) => x === 0xaa));
  assert.ok(got[1].body.subarray(8).every((x) => x === 0xbb));
});

test('with transient chunks, frames survive the reuse of the read buffer', () => {
  // As the session reads: every chunk is a view of one buffer that the next read overwrites.
  const records = [0xaa, 0xbb, 0xcc].map((fill) => encodeEventData(4, Buffer.alloc(100, fill)));
  const stream = Buffer.concat([encodeNull(), ...records]);
  const readBuffer = Buffer.alloc(150);
  const framer = new Framer(true);
  const got: Frame[] = [];
  for (let at = 0; at < stream.length; at += readBuffer.length) {
    const n = stream.copy(readBuffer, 0, at, at + readBuffer.length);
    framer.push(readBuffer.subarray(0, n), (f) => got.push(f));
    readBuffer.fill(0xee);
  }
  assert.deepEqual(got.map((f) => f.body.length), [0, 108, 108, 108]);
  for (const [i, fill] of [0xaa, 0xbb, 0xcc].entries()) assert.ok(got[i + 1].body.subarray(8).every((x) => x === fill), `record ${i}`);
});

test('header version other than 1 names Cisco bug CSCve44987', () => {
  assert.throws(() => frameAll(Buffer.from('0002000400000000', 'hex')), (e: Error) => {
    assert.ok(e instanceof ProtocolError);
    assert.match(e.message, /CSCve44987/);
    return true;
  });
});

test('bundles: connection id, sequence, both inner header forms; record headers sized by lengths', () => {
  const r16 = encodeEventData(71, Buffer.alloc(12, 1), { archiveTimestamp: 1606923302, netmapId: 3 });
  const r8 = encodeEventData(123, Buffer.alloc(5, 2));
  const bundle = encodeMessageBundle(0x5fc8, 2, [r16, r8]);
  assert.equal(bundle.subarray(16, 20).toString('hex'), '00000004');
  const decoded = decodeMessageBundle(frameAll(bundle)[0].body);
  assert.equal(decoded.connectionId, 0x5fc8);
  assert.equal(decoded.sequence, 2);
  assert.equal(decoded.messages.length, 2);
  const first = decodeEventData(decoded.messages[0].body);
  assert.deepEqual(
    { t: first.recordType, n: first.netmapId, h: first.headerSize, a: first.archiveTimestamp, l: first.body.length },
    { t: 71, n: 3, h: 16, a: 1606923302, l: 12 },
  );
  const second = decodeEventData(decoded.messages[1].body);
  assert.deepEqual({ t: second.recordType, h: second.headerSize, a: second.archiveTimestamp }, { t: 123, h: 8, a: 0 });
  // `00010004` inner headers (the guide's wording) are accepted too.
  const guideForm = Buffer.from(bundle);
  guideForm.writeUInt16BE(1, 16);
  assert.equal(decodeMessageBundle(frameAll(guideForm)[0].body).messages.length, 2);
  // Extended-header bit is split out of the type word.
  const flagged = Buffer.from(r8);
  flagged[8] |= 0x80;
  assert.equal(decodeEventData(flagged.subarray(8)).extendedFlag, true);
  assert.equal(decodeEventData(flagged.subarray(8)).recordType, 123);
});

test('a record length that fits neither header size is a protocol error, not a crash', () => {
  const bad = Buffer.from('000000470000ffff00000000', 'hex');
  assert.throws(() => decodeEventData(bad), ProtocolError);
});

test('a bundle inner message that overruns the bundle ends the bundle there; the messages before it stand', () => {
  const overrun = decodeMessageBundle(Buffer.from('00000001000000010000000400000002abcd000000040000ffff', 'hex'));
  assert.equal(overrun.messages.length, 1);
  assert.equal(overrun.messages[0].body.toString('hex'), 'abcd');
  assert.match(overrun.problem ?? '', /bundle 1: inner message of 65535 bytes overruns the bundle/);
  assert.match(decodeMessageBundle(Buffer.from('0000000100000002000004', 'hex')).problem ?? '', /3 stray bytes/);
  assert.equal(decodeMessageBundle(Buffer.from('00000001000000030000000400000000', 'hex')).problem, undefined);
});

test('a 32-bit field never wraps: a timestamp past 2106 is an error, not 1970', () => {
  assert.throws(() => encodeEventStreamRequest({ timestamp: 2 ** 32, flags: 0 }), RangeError);
  assert.equal(encodeEventStreamRequest({ timestamp: 0xffffffff, flags: 0x80000000 | 1 }).toString('hex'), '0001000200000008ffffffff80000001');
});
