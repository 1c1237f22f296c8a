import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CAPTURE_FILE } from '../../test/paths';
import { memoryLogger } from '../log';
import { recordFrame } from '../protocol/messages';
import { RecordDecoder } from '../records/decoder';
import { DEVICE_ID_FIELDS, DeviceIdReader } from '../records/device-id';
import { layouts } from '../records/registry';
import { captureRecords } from '../simulator/capture';
import { TrafficGenerator } from '../simulator/generator';
import { History } from '../simulator/history';
import { RecordPipeline } from './pipeline';

test('the device id is read from the bytes of every event layout, main block versions included, as the decoder reads it', () => {
  const generator = new TrafficGenerator();
  const decoder = new RecordDecoder(layouts);
  const reader = new DeviceIdReader(layouts, decoder);
  let checked = 0;
  for (const def of layouts.allRecords()) {
    if (def.category === 'metadata') continue;
    for (const blockType of def.blocks ?? [undefined]) {
      const values = Object.fromEntries(DEVICE_ID_FIELDS.map((name) => [name, 4242]));
      const body = generator.record(def.type, values, blockType);
      if (!body) continue;
      const frame = recordFrame(def.type, body, 1_700_000_000);
      const fields = decoder.decode(frame).fields;
      const decoded = DEVICE_ID_FIELDS.map((name) => fields[name]).find((v) => typeof v === 'number');
      assert.equal(reader.read(frame, def), decoded, `record ${def.type} block ${blockType}`);
      if (decoded === 4242) checked++;
    }
  }
  assert.ok(checked > 80, `${checked} layouts name their device`);
  // Too short to hold the id: no answer, the renderer reports the record as malformed.
  assert.equal(reader.read(recordFrame(400, Buffer.alloc(6)), layouts.record(400)!), undefined);
});

/** The lines of the real capture (one device, `10.101.101.161`, id 1) through a pipeline. */
function captureLines(devices?: string[]) {
  const logger = memoryLogger();
  const pipeline = new RecordPipeline({ format: 'kv', logger, devices });
  const lines = captureRecords(readFileSync(CAPTURE_FILE)).flatMap((r) => pipeline.process(r)?.line ?? []);
  return { lines, logger, pipeline };
}

test('the capture: its device by name (its IP address) or by id keeps every event; another device keeps the metadata only', () => {
  const all = captureLines().lines;
  assert.equal(all.filter((l) => l.startsWith('rec_type=71 ')).length, 38);
  assert.deepEqual(captureLines(['10.101.101.161']).lines, all);
  assert.deepEqual(captureLines(['1']).lines, all);

  const other = captureLines(['ftd-branch-07', '10.101.101.161 ']);
  assert.deepEqual(other.lines, all, 'a name with spaces around it still matches');
  assert.deepEqual(other.logger.lines.filter((l) => l.startsWith('WARN')), [
    'WARN devices: the FMC names no managed device "ftd-branch-07"; it knows 10.101.101.161 (id 1). Events of those devices are not output',
  ]);

  const none = captureLines(['ftd-branch-07', '00000000-0000-0000-0000-0000000000aa']);
  assert.deepEqual(none.lines, all.filter((l) => !l.startsWith('rec_type=71 ')), 'metadata is learnt and output, events are not');
  assert.equal(none.pipeline.cache.lookup('sensor', '1'), '10.101.101.161');
  assert.equal(none.pipeline.stats().filtered, 38);
  const warnings = none.logger.lines.filter((l) => l.startsWith('WARN'));
  assert.equal(warnings.length, 1, 'reported once');
  assert.match(warnings[0], /"ftd-branch-07", "00000000-0000-0000-0000-0000000000aa"; it knows 10\.101\.101\.161 \(id 1\)\..*never by UUID/);
});

test('the simulator with two devices: a name, an id, any case; decided again when the FMC renames a device', () => {
  const history = new TrafficGenerator({ seed: 3 }).fill(new History(), 400);
  const run = (devices?: string[], renamed = false) => {
    const pipeline = new RecordPipeline({ format: 'kv', logger: memoryLogger(), devices });
    const frames = [...history.metadata.map((m) => recordFrame(m.recordType, m.body)), ...Array.from({ length: history.length }, (_, i) => history.at(i)).map((e) => recordFrame(e.recordType, e.body, e.archiveTimestamp))];
    if (renamed) {
      // Half way, device 2 is renamed: its events follow the name given.
      const rename = new TrafficGenerator().record(123, { id: 2, name: 'ftd-dc-02-new' })!;
      frames.splice(history.metadata.length + 200, 0, recordFrame(123, rename));
    }
    return frames.flatMap((f) => pipeline.process(f)?.line ?? []).filter((l) => /^rec_type=(71|400|500|502) /.test(l));
  };
  const all = run();
  const ofDevice = (name: string) => all.filter((l) => new RegExp(` sensor=${name}( |$)`).test(l));
  assert.ok(ofDevice('ftd-edge-01').length > 100 && ofDevice('ftd-dc-02').length > 100, 'both devices send events');
  assert.equal(ofDevice('ftd-edge-01').length + ofDevice('ftd-dc-02').length, all.length);
  assert.deepEqual(run(['ftd-dc-02']), ofDevice('ftd-dc-02'));
  assert.deepEqual(run(['1']), ofDevice('ftd-edge-01'));
  assert.deepEqual(run(['FTD-DC-02', '1']), all);
  const renamed = run(['ftd-dc-02'], true);
  assert.ok(renamed.length > 0 && renamed.length < ofDevice('ftd-dc-02').length, 'the old name selects the events before the rename only');
  assert.ok(renamed.every((l) => / sensor=ftd-dc-02 /.test(l)));
});
