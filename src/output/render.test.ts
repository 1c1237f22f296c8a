// The generated per-shape renderers (Decorator.render, the hot path) must print exactly what the
// readable reference does: formatKv / formatJson of Decorator.decorate.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CAPTURE_FILE } from '../../test/paths';
import { MetadataCache } from '../metadata/cache';
import { Decorator } from '../metadata/decorator';
import { recordFrame } from '../protocol/messages';
import { RecordDecoder } from '../records/decoder';
import { seedRecords } from '../records/fuzz';
import { layouts } from '../records/registry';
import { captureRecords } from '../simulator/capture';
import { TrafficGenerator } from '../simulator/generator';
import { formatJson } from './json';
import { formatKv } from './kv';

test('rendered lines equal the reference formatters for the capture, the generator and every layout', () => {
  const cache = new MetadataCache();
  const decorator = new Decorator(cache, undefined, layouts);
  const decoder = new RecordDecoder(layouts);
  const gen = new TrafficGenerator({ seed: 3 });
  const frame = (recordType: number, body: Buffer, archiveTimestamp: number) => recordFrame(recordType, body, archiveTimestamp, recordType % 3);
  const records = [
    ...captureRecords(readFileSync(CAPTURE_FILE)),
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

test('a name learnt after a record was rendered is used for the next record of the same shape', () => {
  const cache = new MetadataCache();
  const decorator = new Decorator(cache, undefined, layouts);
  const decoder = new RecordDecoder(layouts);
  const event = new TrafficGenerator({ seed: 9 }).connection(1_700_000_000, 174);
  const record = decoder.decode(recordFrame(71, event.body!, 1_700_000_000));
  const zone = record.fields.sec_zone_ingress_id as string;
  assert.match(decorator.render(record, 'kv'), new RegExp(` sec_zone_ingress=${zone} `), 'unknown: the id');
  cache.set('zone', zone, 'inside-dmz');
  assert.match(decorator.render(record, 'kv'), / sec_zone_ingress=inside-dmz /);
  assert.match(decorator.render(record, 'json'), /"sec_zone_ingress":"inside-dmz"/);
});
