// Checkpoint files (atomic replacement, FMC change, corruption) and the tracker that saves only
// what the output confirmed.

import assert from 'node:assert/strict';
import fs, { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it, mock } from 'node:test';
import { CheckpointStore, CheckpointTracker } from '../../src/client/checkpoint';
import type { OutputEvent } from '../../src/client/events';
import { memoryLogger } from '../../src/log';

const FMC = { host: 'fmc.example.com', port: 8302 };
const INPUT = 'estreamer://fmc1';

function freshStore() {
  const dir = mkdtempSync(join(tmpdir(), 'estreamer-ckpt-'));
  const log = memoryLogger();
  return { dir, log, store: new CheckpointStore(dir, log) };
}

function event(archiveTimestamp: number, identity: string): OutputEvent {
  return { line: identity, time: archiveTimestamp, archiveTimestamp, identity, recordType: 71 };
}

describe('checkpoint store', () => {
  it('names files by the sha256 of the input, the metadata cache beside them', () => {
    const { dir, store } = freshStore();
    const path = store.checkpointPath(INPUT);
    assert.match(basename(path), /^[0-9a-f]{64}\.json$/);
    assert.equal(store.metadataCachePath(INPUT), join(dir, basename(path, '.json') + '.metadata.json'));
    assert.notEqual(store.checkpointPath('estreamer://fmc2'), path);
  });

  it('saves and loads a resume point with the format version and the FMC', () => {
    const { store } = freshStore();
    assert.equal(store.load(INPUT, FMC), undefined);
    store.save(INPUT, FMC, { archiveTimestamp: 1606923302, seen: ['71:a', '71:b'] });
    assert.deepEqual(store.load(INPUT, FMC), { archiveTimestamp: 1606923302, seen: ['71:a', '71:b'] });
    const file = JSON.parse(readFileSync(store.checkpointPath(INPUT), 'utf8'));
    assert.equal(file.formatVersion, 1);
    assert.equal(file.host, FMC.host);
    assert.equal(file.port, FMC.port);
    assert.equal(file.input, INPUT);
  });

  it('starts afresh, and says so, when the input now reads another FMC', () => {
    const { store, log } = freshStore();
    store.save(INPUT, FMC, { archiveTimestamp: 5, seen: [] });
    assert.equal(store.load(INPUT, { host: 'other-fmc', port: 8302 }), undefined);
    assert.equal(store.load(INPUT, { host: FMC.host, port: 18302 }), undefined);
    assert.ok(log.lines.some((l) => /^INFO .*was for fmc\.example\.com:8302, the input now reads other-fmc:8302; starting afresh/.test(l)), log.lines.join('\n'));
    assert.deepEqual(store.load(INPUT, FMC), { archiveTimestamp: 5, seen: [] });
  });

  it('treats a corrupt file as absent, with a WARN', () => {
    const { store, log } = freshStore();
    for (const content of ['{"formatVersion":1,"host":', '[]', JSON.stringify({ formatVersion: 99, host: FMC.host, port: FMC.port, archiveTimestamp: 1, seen: [] })]) {
      writeFileSync(store.checkpointPath(INPUT), content);
      log.lines.length = 0;
      assert.equal(store.load(INPUT, FMC), undefined, content);
      assert.ok(log.lines.some((l) => l.startsWith('WARN') && l.includes('corrupt')), content);
    }
  });

  it('replaces the file atomically: a failed save leaves the previous checkpoint and no temp file', () => {
    const { dir, store } = freshStore();
    store.save(INPUT, FMC, { archiveTimestamp: 100, seen: ['a'] });
    const fsyncs = mock.method(fs, 'fsyncSync');
    const rename = mock.method(fs, 'renameSync', () => {
      throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
    });
    try {
      assert.throws(() => store.save(INPUT, FMC, { archiveTimestamp: 200, seen: ['b'] }), /EIO/);
      assert.equal(fsyncs.mock.callCount(), 1, 'the data is synced before the rename');
    } finally {
      rename.mock.restore();
      fsyncs.mock.restore();
    }
    assert.deepEqual(store.load(INPUT, FMC), { archiveTimestamp: 100, seen: ['a'] });
    assert.deepEqual(readdirSync(dir), [basename(store.checkpointPath(INPUT))]);
  });

  it('syncs the file and then the directory on a successful save', () => {
    const { dir, store } = freshStore();
    const fsyncs = mock.method(fs, 'fsyncSync');
    try {
      store.save(INPUT, FMC, { archiveTimestamp: 1, seen: [] });
      assert.equal(fsyncs.mock.callCount(), 2);
    } finally {
      fsyncs.mock.restore();
    }
    assert.deepEqual(readdirSync(dir), [basename(store.checkpointPath(INPUT))]);
  });
});

describe('checkpoint tracker', () => {
  it('saves only flushed events, and the identities of their second', () => {
    const { store, log } = freshStore();
    const tracker = new CheckpointTracker({ store, input: INPUT, server: FMC, log, saveIntervalMs: 60_000 });
    const events = [event(10, 'a'), event(11, 'b'), event(11, 'c'), event(0, 'metadata'), event(12, 'd')];
    for (const e of events) tracker.handed(e);
    tracker.flushed(events[0]);
    tracker.flushed(events[1]);
    tracker.flushed(events[2]);
    tracker.flushed(events[3]);
    assert.equal(tracker.pending, 1);
    tracker.stop();
    assert.deepEqual(store.load(INPUT, FMC), { archiveTimestamp: 11, seen: ['b', 'c'] }, 'event d was handed but never flushed');
  });

  it('continues the resume point it started from', () => {
    const { store, log } = freshStore();
    const tracker = new CheckpointTracker({ store, input: INPUT, server: FMC, log, resume: { archiveTimestamp: 11, seen: ['b'] } });
    tracker.handed(event(11, 'c'));
    tracker.flushed(event(11, 'c'));
    tracker.stop();
    assert.deepEqual(store.load(INPUT, FMC), { archiveTimestamp: 11, seen: ['b', 'c'] });
  });

  it('saves at most once per interval while events flow, and the rest at stop', async () => {
    const { store, log } = freshStore();
    const saves = mock.method(store, 'save');
    const tracker = new CheckpointTracker({ store, input: INPUT, server: FMC, log, saveIntervalMs: 50 });
    for (let second = 1; second <= 5; second++) {
      tracker.handed(event(second, `e${second}`));
      tracker.flushed(event(second, `e${second}`));
    }
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(saves.mock.callCount(), 1);
    tracker.handed(event(6, 'e6'));
    tracker.flushed(event(6, 'e6'));
    assert.equal(saves.mock.callCount(), 1, 'throttled');
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(saves.mock.callCount(), 2);
    assert.deepEqual(store.load(INPUT, FMC), { archiveTimestamp: 6, seen: ['e6'] });
    tracker.handed(event(7, 'e7'));
    tracker.flushed(event(7, 'e7'));
    tracker.stop();
    assert.equal(saves.mock.callCount(), 3);
    assert.deepEqual(store.load(INPUT, FMC), { archiveTimestamp: 7, seen: ['e7'] });
  });

  it('keeps running with an ERROR naming the path when the checkpoint cannot be written', () => {
    const { dir, log } = freshStore();
    const blocked = join(dir, 'not-a-dir');
    writeFileSync(blocked, '');
    const store = new CheckpointStore(blocked, log);
    const tracker = new CheckpointTracker({ store, input: INPUT, server: FMC, log });
    tracker.handed(event(1, 'a'));
    tracker.flushed(event(1, 'a'));
    tracker.stop();
    assert.ok(log.lines.some((l) => l.startsWith('ERROR') && l.includes(`cannot save the checkpoint of ${INPUT} to ${blocked}/`)), log.lines.join('\n'));
  });

  it('refuses a bookmark past 32 bits as corrupt rather than wrapping it in the request', () => {
    const { store, log } = freshStore();
    store.save(INPUT, FMC, { archiveTimestamp: 2 ** 32, seen: [] });
    assert.equal(store.load(INPUT, FMC), undefined);
    assert.ok(log.lines.some((l) => l.startsWith('WARN') && l.includes('corrupt')));
  });
});
