// The generated per-shape renderers (Decorator.render, the hot path) must print exactly what the
// readable reference does: formatKv / formatJson of Decorator.decorate.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CAPTURE_FILE } from '../../test/paths';
import { MetadataCache } from '../metadata/cache';
import { Decorator } from '../metadata/decorator';
import { Framer, type Frame } from '../protocol/framer';
import { decodeEventData, decodeMessageBundle, MessageType, type RecordFrame } from '../protocol/messages';
import { RecordDecoder } from '../records/decoder';
import { seedRecords } from '../records/fuzz';
import { layouts } from '../records/registry';
import { serverMessages } from '../simulator/capture';
import { TrafficGenerator } from '../simulator/generator';
import { formatJson } from './json';
import { formatKv } from './kv';

function captureRecords(): RecordFrame[] {
  const out: RecordFrame[] = [];
  const onFrame = (f: Frame): void => {
    if (f.type === MessageType.MessageBundle) decodeMessageBundle(f.body).messages.forEach(onFrame);
    else if (f.type === MessageType.EventData) out.push(decodeEventData(f.body));
  };
  const framer = new Framer();
  for (const m of serverMessages(readFileSync(CAPTURE_FILE))) framer.push(m, onFrame);
  return out;
}

test('rendered lines equal the reference formatters for the capture, the generator and every layout', () => {
  const cache = new MetadataCache();
  const decorator = new Decorator(cache, undefined, layouts);
  const decoder = new RecordDecoder(layouts);
  const gen = new TrafficGenerator({ seed: 3 });
  const frame = (recordType: number, body: Buffer, archiveTimestamp: number): RecordFrame => ({
    recordType, netmapId: recordType % 3, extendedFlag: false, recordLength: body.length, archiveTimestamp, headerSize: 16, body,
  });
  const records = [
    ...captureRecords(),
    ...gen.metadata().map((m) => frame(m.recordType, m.body, 0)),
    ...Array.from({ length: 300 }, (_, i) => {
      const e = gen.next();
      return frame(e.recordType, e.body, 1_700_000_000 + i);
    }),
    ...seedRecords(),
  ];
  cache.set('netmap_domain', '1', 'Global/Europe');
  let checked = 0;
  for (const r of records) {
    const d = decoder.decode(r);
    if (d.def?.category === 'metadata') cache.fill(d);
    const reference = decorator.decorate(d);
    assert.equal(decorator.render(d, 'kv'), formatKv(d.recordType, reference), `kv of record ${d.recordType}/${d.blockType}`);
    assert.equal(decorator.render(d, 'json'), formatJson(d.recordType, reference), `json of record ${d.recordType}/${d.blockType}`);
    checked++;
  }
  assert.equal(checked, records.length);
  assert.ok(records.length > 450, `${records.length} records`);
});
