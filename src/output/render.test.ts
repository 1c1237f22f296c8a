// The generated per-shape renderers must print exactly what the readable reference does:
// formatKv / formatJson of Decorator.decorate; and those printing straight from the bytes
// (Decorator.renderWire, the hot path) exactly what the ones for decoded records print. The
// generated ones remember pieces from record to record, so the records come in long mixed streams.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CAPTURE_FILE } from '../../test/paths';
import { MetadataCache } from '../metadata/cache';
import { Decorator, eventTime, type RenderStyle } from '../metadata/decorator';
import { MalformedRecordError } from '../protocol/errors';
import { recordFrame } from '../protocol/messages';
import { RecordDecoder, type DecodedRecord } from '../records/decoder';
import { mutatedRecords, seedRecords } from '../records/fuzz';
import { layouts } from '../records/registry';
import { captureRecords } from '../simulator/capture';
import { TrafficGenerator } from '../simulator/generator';
import { formatJson } from './json';
import { formatKv } from './kv';

const STYLES = ['kv', 'json', 'kv compact', 'json compact'] as const;

/** What the readable reference prints for a record: formatKv or formatJson of decorate (or decorateCompact). */
function referenceLine(decorator: Decorator, record: DecodedRecord, style: RenderStyle): string {
  const fields = style.endsWith('compact') ? decorator.decorateCompact(record) : decorator.decorate(record);
  return style.startsWith('kv') ? formatKv(record.recordType, fields) : formatJson(record.recordType, fields);
}

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
    for (const style of ['kv compact', 'json compact'] as const) {
      assert.equal(decorator.render(d, style), referenceLine(decorator, d, style), `${style} of record ${d.recordType}/${d.blockType}`);
    }
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

/** A decorator whose cache knows the metadata of a generator seeded with `seed`, and that generator. */
function withMetadata(seed: number) {
  const cache = new MetadataCache();
  const decorator = new Decorator(cache, undefined, layouts);
  const decoder = new RecordDecoder(layouts);
  const gen = new TrafficGenerator({ seed });
  for (const m of gen.metadata()) cache.fill(decoder.decode(recordFrame(m.recordType, m.body, 0)));
  return { cache, decorator, decoder, gen };
}

test('lines printed straight from the bytes equal those of the decoded records, malformed records included', () => {
  const { cache, decorator, decoder, gen } = withMetadata(5);
  const events = [
    ...captureRecords(readFileSync(CAPTURE_FILE)),
    ...Array.from({ length: 300 }, (_, i) => {
      const e = gen.next();
      return recordFrame(e.recordType, e.body, 1_700_000_000 + i, i % 2);
    }),
    ...seedRecords(),
  ];
  const malformed = [...mutatedRecords(6000, 11)];
  const direct = new Set<string>();
  let compared = 0;
  let rejected = 0;
  for (const frame of [...events, ...malformed]) {
    const def = layouts.record(frame.recordType);
    if (!def || def.category === 'metadata') continue;
    for (const format of STYLES) {
      let decoded: DecodedRecord | Error;
      try {
        decoded = decoder.decode(frame);
      } catch (err) {
        decoded = err as Error;
      }
      let wire: ReturnType<Decorator['renderWire']> | Error;
      try {
        wire = decorator.renderWire(frame, def, format, decoder);
      } catch (err) {
        wire = err as Error;
      }
      if (decoded instanceof Error) {
        assert.ok(decoded instanceof MalformedRecordError, decoded.message);
        if (wire === null) continue; // a shape printed from the decoded record
        assert.ok(wire instanceof MalformedRecordError, `record ${frame.recordType}: rejected by the decoder, not by the wire renderer`);
        rejected++;
        continue;
      }
      assert.ok(!(wire instanceof Error), `record ${frame.recordType}/${decoded.blockType}: ${(wire as Error)?.message}`);
      if (wire === null) continue;
      const where = `${format} of record ${frame.recordType}/${decoded.blockType}`;
      assert.equal(wire.line, decorator.render(decoded, format), where);
      // And both what the readable reference prints, which remembers nothing from one record to the next.
      assert.equal(wire.line, referenceLine(decorator, decoded, format), `${where}: reference`);
      assert.equal(wire.time, eventTime(decoded), `${where}: time`);
      assert.equal(wire.unknownBlock, decoded.unknownBlock, `${where}: unknown block`);
      direct.add(`${frame.recordType}/${decoded.blockType}`);
      compared++;
    }
  }
  for (const shape of ['71/160', '71/174', '400/85', '500/79', '125/80', '112/156']) assert.ok(direct.has(shape), `${shape} printed from its bytes`);
  assert.ok(compared > 2000 && rejected > 200, `${compared} lines compared, ${rejected} malformed records rejected alike`);
});

test('a wire renderer regenerated for what changes in its records prints what the reference does, before and after', () => {
  const { cache, decorator, decoder, gen } = withMetadata(21);
  const def = layouts.record(71)!;
  let renamed = '';
  let printedRenamed = 0;
  // Past the records a renderer learns from (2,048), with names changing on the way.
  for (let i = 0; i < 5000; i++) {
    const ts = 1_700_000_000 + Math.floor(i / 7);
    const frame = recordFrame(71, gen.connection(ts, 174).body!, ts, i % 3 === 0 ? 1 : 0);
    const decoded = decoder.decode(frame);
    if (i === 1000 || i === 3000) {
      renamed = `zone-${i}`;
      cache.set('zone', decoded.fields.sec_zone_ingress_id as string, renamed);
    }
    for (const format of STYLES) {
      const wire = decorator.renderWire(frame, def, format, decoder);
      assert.equal(wire?.line, referenceLine(decorator, decoded, format), `${format}, record ${i}`);
      if (wire?.line.includes('=zone-3000 ')) printedRenamed++;
    }
  }
  assert.ok(printedRenamed > 100, `${printedRenamed} lines with the name learnt last`);
});

test('a regenerated renderer notices a change in any byte of a field it reads lazily', () => {
  // After learning, fields that rarely change are compared by their raw words and decoded only
  // when those differ: every byte of a record is changed once, in a record of its own, and
  // the next record changes it back.
  const { decorator, decoder, gen } = withMetadata(33);
  const def = layouts.record(71)!;
  const outcome = (run: () => string | undefined) => {
    try {
      return run();
    } catch (err) {
      if (err instanceof MalformedRecordError) return 'malformed';
      throw err;
    }
  };
  const learnt = 2100;
  let size = Infinity;
  let changed = 0;
  for (let i = 0; i < learnt + 2 * size; i++) {
    const ts = 1_700_000_000 + Math.floor(i / 9);
    const body = Buffer.from(gen.connection(ts, 174).body!);
    size = Math.min(size, body.length);
    const at = (i - learnt) >> 1;
    if (i >= learnt && (i - learnt) % 2 === 0) {
      body[at] ^= 0x01;
      changed++;
    }
    const frame = recordFrame(71, body, ts);
    for (const format of STYLES) {
      const reference = outcome(() => referenceLine(decorator, decoder.decode(frame), format));
      assert.equal(outcome(() => decorator.renderWire(frame, def, format, decoder)?.line), reference, `${format}, byte ${at} of record ${i}`);
    }
  }
  assert.ok(changed > 700, `${changed} bytes changed`);
});
