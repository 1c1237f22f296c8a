// The check every record layout's test vector goes through: decode it, re-encode it, cut it.

import assert from 'node:assert/strict';
import { MalformedRecordError } from '../src/protocol/errors';
import { recordFrame } from '../src/protocol/messages';
import { RecordDecoder, type Fields } from '../src/records/decoder';
import { RecordEncoder } from '../src/records/encoder';
import { layouts } from '../src/records/registry';

const decoder = new RecordDecoder(layouts);
const encoder = new RecordEncoder(layouts);

export interface CheckOptions {
  /**
   * Re-encoding gives the same bytes (default). False where the input carries what our encoder
   * writes differently (internal header words, NULs ending strings): then the values must match.
   */
  sameBytes?: boolean;
  /** Every cut shorter than this must be rejected (default: the whole record). */
  cutsBelow?: number;
  archiveTimestamp?: number;
}

/** Decodes `body` as record `recordType` with main block `blockType` (0: none), round trips it, and fails on truncation. */
export function checkRecord(recordType: number, body: Buffer, blockType: number, opts: CheckOptions = {}): Fields {
  const { sameBytes = true, cutsBelow = body.length, archiveTimestamp = 1_700_000_100 } = opts;
  const frame = (b: Buffer) => recordFrame(recordType, b, archiveTimestamp);
  const decoded = decoder.decode(frame(body));
  assert.equal(decoded.blockType, blockType);
  assert.equal(decoded.unknownBlock, false);
  const encoded = encoder.encodeRecord(layouts.record(recordType)!, decoded.fields, blockType || undefined);
  if (sameBytes) assert.equal(encoded.toString('hex'), body.toString('hex'), 'round trip');
  else assert.deepEqual(decoder.decode(frame(encoded)).fields, decoded.fields, 'round trip');
  for (let cut = 0; cut < cutsBelow; cut++) {
    assert.throws(() => decoder.decode(frame(Buffer.from(body.subarray(0, cut)))), MalformedRecordError, `cut at ${cut}`);
  }
  return decoded.fields;
}
