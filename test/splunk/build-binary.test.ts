// The ELF surgery behind the standalone executable, on a small system binary (a PIE, where
// node is a fixed-address executable: package.test.ts covers that one).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { addNoteSegment, bundleScript, flipSeaFuse } from '../../src/splunk/build-binary';

const work = mkdtempSync(join(tmpdir(), 'estreamer-elf-'));
const SYSTEM_BINARY = '/bin/true';

describe('standalone executable build', () => {
  it('adds a loadable note segment and the binary still runs', () => {
    const original = readFileSync(SYSTEM_BINARY);
    const description = Buffer.from('the embedded blob');
    const patched = addNoteSegment(original, 'NODE_SEA_BLOB', description);
    const path = join(work, 'true-with-note');
    writeFileSync(path, patched);
    chmodSync(path, 0o755);
    assert.equal(spawnSync(path).status, 0);

    assert.equal(patched.readUInt16LE(56), original.readUInt16LE(56) + 2, 'two program headers more');
    const noteName = patched.indexOf('NODE_SEA_BLOB\0', original.length);
    assert.ok(noteName > original.length, 'the note is appended');
    assert.equal(patched.readUInt32LE(noteName - 12), 14, 'name size');
    assert.equal(patched.readUInt32LE(noteName - 8), description.length, 'description size');
    assert.ok(patched.subarray(noteName + 16, noteName + 16 + description.length).equals(description));
    assert.ok(patched.subarray(64, original.length).equals(original.subarray(64)), 'only the ELF header changes in place');
  });

  it('refuses what is not an x86-64 ELF executable', () => {
    assert.throws(() => addNoteSegment(Buffer.from('#!/bin/sh\necho hi\n'.padEnd(128)), 'X', Buffer.from('y')), /not a Linux x86-64/);
  });

  it('flips the one SEA fuse of a Node binary', () => {
    const fuse = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:';
    const binary = Buffer.from(`....${fuse}0....`, 'latin1');
    flipSeaFuse(binary);
    assert.equal(binary.toString('latin1'), `....${fuse}1....`);
    assert.throws(() => flipSeaFuse(binary), /no SEA fuse/);
    assert.throws(() => flipSeaFuse(Buffer.from(`${fuse}0${fuse}0`, 'latin1')), /more than one/);
  });

  it('bundles without a file-wide "use strict", which would break splunk-sdk', async () => {
    const entry = join(work, 'entry.js');
    writeFileSync(entry, `"use strict";\nconst { SplunkCredentialStore } = require(${JSON.stringify(join(__dirname, '../../src/splunk/credentials.ts'))});\nconsole.log(typeof SplunkCredentialStore);\n`);
    const script = await bundleScript(entry);
    assert.ok(!script.startsWith('"use strict"'), script.slice(0, 80));
    assert.ok(!/require\("supports-color"\)/.test(script), 'optional modules are bundled as absent');
    const bundled = join(work, 'bundled.js');
    writeFileSync(bundled, script);
    const run = spawnSync(process.execPath, [bundled], { encoding: 'utf8' });
    assert.equal(run.stderr, '');
    assert.equal(run.stdout, 'function\n');
  });
});
