// Where a first run starts: eNcore's bookmark file (the real one's format) and what a first run asks the FMC for.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENCORE_REFERENCE } from '../../test/paths';
import { describeStart, firstPosition, parseStart, readEncoreBookmark } from './start';

test("eNcore's bookmark file gives its second; a first run asks for that second with nothing of it seen", () => {
  const file = join(ENCORE_REFERENCE, 'sample_bookmark.dat');
  assert.equal(readEncoreBookmark(file), 1606927953);
  assert.deepEqual(firstPosition(parseStart(`encore_bookmark:${file}`)), { archiveTimestamp: 1606927953, seen: [] });
  assert.deepEqual(firstPosition({ at: 1700000000 }), { archiveTimestamp: 1700000000, seen: [] });
  assert.equal(firstPosition('bookmark'), 'genesis');
  assert.equal(firstPosition('now'), 'now');
  assert.equal(describeStart({ at: 1606927953 }), '2020-12-02T16:52:33.000Z (archive second 1606927953)');
});

test("a missing or foreign file is an error that names it and says what eNcore's file holds", () => {
  const dir = mkdtempSync(join(tmpdir(), 'estreamer-start-'));
  assert.throws(() => readEncoreBookmark(join(dir, 'none.dat')), /cannot read the eNcore bookmark .*none\.dat \(ENOENT\)/);
  // eNcore's own `configure.py --bookmark now` wrote a float, which eNcore then read as genesis.
  for (const [name, text] of [['float', '{"1": 1606927953.5}'], ['text', 'hello'], ['other', '{"2": 1606927953}']]) {
    const file = join(dir, `${name}.dat`);
    writeFileSync(file, text);
    assert.throws(() => readEncoreBookmark(file), /is not an eNcore bookmark: expected \{"1": <epoch seconds>\}/, name);
  }
});
