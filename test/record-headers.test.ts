// Record headers of 8 bytes (no archive timestamp) on event records. The real FMC sent its
// metadata that way even with bit 23 requested, and its events with 16 bytes (encore.md §3.4); eNcore
// read the block type of 71/400/125 at offsets that assume 16. Here an event decodes and prints the
// same either way, but for what only the 16-byte header carries.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryLogger } from '../src/log';
import { decodeEventData, encodeEventData } from '../src/protocol/messages';
import { RecordPipeline } from '../src/output/pipeline';
import { RecordDecoder, type Fields } from '../src/records/decoder';
import { RecordEncoder } from '../src/records/encoder';
import { layouts } from '../src/records/registry';

const encoder = new RecordEncoder(layouts);
const decoder = new RecordDecoder(layouts);
const ARCHIVE = 1_700_000_900;

/** [record, main block, values]: the newest block of each, and the real capture's 6.0 connection block. */
const EVENTS: [record: number, block: number, values: Fields][] = [
  [71, 174, { has_ipv6: 1, src_host: '10.0.0.5', event_sec: 1_700_000_001, event_usec: 5, event_type: 1003, event_subtype: 1, src_ip: '10.0.0.5', dest_ip: '192.0.2.1', dest_port: 443, ip_proto_id: 6, url: 'https://example.com/' }],
  [71, 160, { has_ipv6: 1, src_host: '10.0.0.6', event_sec: 1_700_000_002, event_type: 1003, event_subtype: 1, src_ip: '10.0.0.6', dest_ip: '192.0.2.2', client_version: '1.0' }],
  [400, 85, { device_id: 3, event_id: 77, event_sec: 1_700_000_003, event_usec: 9, gid: 1, sid: 2019401, src_ip: '10.0.0.7', dest_ip: '192.0.2.3', http_uri: '/x' }],
  [125, 80, { event_sec: 1_700_000_004, type: 1107296257, subtype: 4, detection: 'W32.Example', file_name: 'a.exe', src_ip: '10.0.0.8', dest_ip: '192.0.2.4' }],
];

/** The Event Data message of one record, through the wire form: with a 16-byte header when `archive` is given. */
function onTheWire(record: number, body: Buffer, archive?: number) {
  const message = encodeEventData(record, body, archive === undefined ? {} : { archiveTimestamp: archive });
  return decodeEventData(message.subarray(8)); // after the message header
}

for (const [record, block, values] of EVENTS) {
  test(`record ${record} block ${block} with an 8-byte record header decodes and prints as with 16 bytes`, () => {
    const body = encoder.encodeRecord(layouts.record(record)!, values, block);
    const short = onTheWire(record, body);
    const long = onTheWire(record, body, ARCHIVE);
    assert.deepEqual([short.headerSize, short.archiveTimestamp, long.headerSize, long.archiveTimestamp], [8, 0, 16, ARCHIVE]);

    const a = decoder.decode(short);
    const b = decoder.decode(long);
    assert.equal(a.blockType, block);
    assert.equal(a.unknownBlock, false);
    assert.deepEqual(a.fields, b.fields);
    for (const [k, v] of Object.entries(values)) assert.deepEqual(a.fields[k], v, k);

    // Printed: the same line, dated by the event's own second either way.
    const lines = [short, long].map((frame) => new RecordPipeline({ format: 'kv', logger: memoryLogger() }).process(frame)!.line);
    assert.equal(lines[0], lines[1]);
    assert.match(lines[0], new RegExp(`^rec_type=${record} event_sec=${values.event_sec} `));
    if (record !== 125) assert.match(lines[0], new RegExp(` blockType=${block} `));
  });
}

test('a connection event without its own second prints event_sec=0 with an 8-byte header, the archive second with 16', () => {
  const body = encoder.encodeRecord(layouts.record(71)!, { has_ipv6: 1, event_sec: 0, event_type: 1003, event_subtype: 1 }, 174);
  const pipeline = new RecordPipeline({ format: 'kv', logger: memoryLogger() });
  const line = pipeline.process(onTheWire(71, body))!.line;
  assert.match(line, /^rec_type=71 event_sec=0 /);
  // With a 16-byte header the archive second stands in, as eNcore did.
  assert.match(pipeline.process(onTheWire(71, body, ARCHIVE))!.line, new RegExp(`^rec_type=71 event_sec=${ARCHIVE} `));
});
