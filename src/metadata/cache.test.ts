import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { bytes } from '../../test/bytes';
import { memoryLogger } from '../log';
import { recordFrame } from '../protocol/messages';
import { RecordDecoder } from '../records/decoder';
import { layouts } from '../records/registry';
import { MetadataCache } from './cache';

const dir = mkdtempSync(join(tmpdir(), 'metadata-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const decoder = new RecordDecoder(layouts);
const frame = (recordType: number, body: Buffer) => recordFrame(recordType, body);
const idName = (id: number, name: string) => bytes().u32(id).u32(Buffer.byteLength(name)).raw(Buffer.from(name)).build();
const ZONE = 'ed81dc4e-3444-11eb-a581-703a42c735fb';
/** Record 115: series-2 block 14 (uuid, string block). */
const zoneRecord = (name: string) => bytes().block(14, bytes().hex(ZONE).string(name)).build();

test('metadata records fill their tables; the FMC overrides a built-in value', () => {
  const cache = new MetadataCache();
  assert.equal(cache.lookup('sensor', '0'), 'Defense Center'); // built-in
  assert.equal(cache.lookup('sensor', '1'), undefined);
  assert.equal(cache.dirty, false);
  assert.equal(cache.fill(decoder.decode(frame(123, idName(1, 'ftd-edge')))), true);
  assert.equal(cache.fill(decoder.decode(frame(123, idName(0, 'fmc-itself')))), true);
  assert.equal(cache.fill(decoder.decode(frame(115, zoneRecord('inside')))), true);
  assert.equal(cache.lookup('sensor', '1'), 'ftd-edge');
  assert.equal(cache.lookup('sensor', '0'), 'fmc-itself');
  assert.equal(cache.lookup('zone', ZONE), 'inside');
  assert.equal(cache.dirty, true);
  assert.equal(cache.size, 3);
});

test('records without fills are ignored; the same value again does not make the cache dirty', () => {
  const cache = new MetadataCache();
  const device = decoder.decode(frame(123, idName(1, 'ftd-edge')));
  cache.fill(device);
  cache.save(join(dir, 'same.json'));
  assert.equal(cache.dirty, false);
  cache.fill(device);
  assert.equal(cache.dirty, false);
  assert.equal(cache.fill({ ...device, recordType: 71 }), false);
});

test('save and load: a restarted client still names what it learnt', () => {
  const file = join(dir, 'round-trip.json');
  const first = new MetadataCache();
  first.fill(decoder.decode(frame(123, idName(7, 'ftd-dc'))));
  first.set('os_fingerprint', 'u', { os_name_data: 'Windows', os_vendor_data: 'Microsoft', os_version_data: '10' });
  first.save(file);
  assert.equal(first.dirty, false);
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left behind');
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).version, 2);

  const second = new MetadataCache();
  const log = memoryLogger();
  second.load(file, log);
  assert.equal(second.lookup('sensor', '7'), 'ftd-dc');
  assert.deepEqual(second.lookup('os_fingerprint', 'u'), { os_name_data: 'Windows', os_vendor_data: 'Microsoft', os_version_data: '10' });
  assert.equal(second.lookup('ip_protocol', '6'), 'TCP', 'built-ins still underneath');
  assert.equal(second.dirty, false);
  assert.match(log.lines.join('\n'), /INFO metadata cache: 2 names loaded/);
});

test('a missing file is a first start: empty, silent', () => {
  const cache = new MetadataCache();
  const log = memoryLogger();
  cache.load(join(dir, 'never-written.json'), log);
  assert.equal(cache.size, 0);
  assert.deepEqual(log.lines, []);
});

test('a corrupt or foreign file is reported at WARN and ignored', () => {
  for (const [name, text] of [
    ['truncated.json', '{"format":"estreamer-metadata-cache","version":2,"tables":{"sensor":{"1":"a'],
    ['foreign.json', '{"1": 1606927953}'],
    ['future.json', '{"format":"estreamer-metadata-cache","version":99,"tables":{}}'],
  ]) {
    const file = join(dir, name);
    writeFileSync(file, text);
    const cache = new MetadataCache();
    const log = memoryLogger();
    cache.load(file, log);
    assert.equal(cache.size, 0, name);
    assert.equal(cache.lookup('sensor', '1'), undefined);
    assert.match(log.lines.join('\n'), /^WARN metadata cache .* is unusable/m, name);
    assert.ok(existsSync(file), 'the bad file is left for inspection');
  }
});

test('saving often is cheap: 10,000 names in a few milliseconds', () => {
  const cache = new MetadataCache();
  for (let i = 0; i < 10_000; i++) cache.set('client_app', String(i), `application number ${i}`);
  const file = join(dir, 'big.json');
  const t0 = process.hrtime.bigint();
  cache.save(file);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  assert.ok(ms < 200, `save took ${ms} ms`);
});
