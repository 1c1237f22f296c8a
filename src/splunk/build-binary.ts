// Builds the standalone `estreamer` executable for Linux x86-64 as a Node single executable
// application (SEA), from the Node binary that runs this script, without downloading anything:
//   0. esbuild bundles the entry script and its dependencies into one script (a SEA can only
//      require Node's built-in modules);
//   1. `node --experimental-sea-config` turns the bundled script into a preparation blob;
//   2. a copy of this Node binary receives the blob as an ELF note named NODE_SEA_BLOB, in a
//      new loadable segment, where Node looks for it at start;
//   3. the SEA fuse in the copy is flipped so that Node does look.
// Step 2 is what the `postject` tool does. @yao-pkg/pkg 6.14's SEA mode runs it as
// `npx postject`, which downloads postject and, offline, silently leaves a plain copy of node,
// so it is done here. Usage: node build-binary.js <entry script> <output executable>

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';

export const SEA_BLOB_NOTE_NAME = 'NODE_SEA_BLOB';
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:';

const ELF_HEADER = { phoff: 32, phentsize: 54, phnum: 56 } as const;
const PHDR_SIZE = 56;
const PT_LOAD = 1;
const PT_NOTE = 4;
const PT_PHDR = 6;
const PF_R = 4;
const NOTE_HEADER_SIZE = 12;

interface ProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  align: number;
}

const alignUp = (value: number, alignment: number) => Math.ceil(value / alignment) * alignment;

function readProgramHeaders(elf: Buffer): ProgramHeader[] {
  const isElf64LittleEndianX64 = elf.readUInt32BE(0) === 0x7f454c46 && elf[4] === 2 && elf[5] === 1 && elf.readUInt16LE(18) === 62;
  if (!isElf64LittleEndianX64) throw new Error('not a Linux x86-64 (ELF64 little-endian) executable');
  if (elf.readUInt16LE(ELF_HEADER.phentsize) !== PHDR_SIZE) throw new Error('unexpected ELF program header size');
  const phoff = Number(elf.readBigUInt64LE(ELF_HEADER.phoff));
  return Array.from({ length: elf.readUInt16LE(ELF_HEADER.phnum) }, (_, i) => {
    const at = phoff + i * PHDR_SIZE;
    return {
      type: elf.readUInt32LE(at),
      flags: elf.readUInt32LE(at + 4),
      offset: Number(elf.readBigUInt64LE(at + 8)),
      vaddr: Number(elf.readBigUInt64LE(at + 16)),
      paddr: Number(elf.readBigUInt64LE(at + 24)),
      filesz: Number(elf.readBigUInt64LE(at + 32)),
      memsz: Number(elf.readBigUInt64LE(at + 40)),
      align: Number(elf.readBigUInt64LE(at + 48)),
    };
  });
}

function writeProgramHeader(target: Buffer, at: number, h: ProgramHeader): void {
  target.writeUInt32LE(h.type, at);
  target.writeUInt32LE(h.flags, at + 4);
  for (const [field, offset] of [['offset', 8], ['vaddr', 16], ['paddr', 24], ['filesz', 32], ['memsz', 40], ['align', 48]] as const) {
    target.writeBigUInt64LE(BigInt(h[field]), at + offset);
  }
}

/** An ELF note: header, NUL-terminated name and description, each padded to 4 bytes. */
function elfNote(name: string, description: Buffer): Buffer {
  const nameBytes = Buffer.from(name + '\0', 'latin1');
  const note = Buffer.alloc(NOTE_HEADER_SIZE + alignUp(nameBytes.length, 4) + alignUp(description.length, 4));
  note.writeUInt32LE(nameBytes.length, 0);
  note.writeUInt32LE(description.length, 4);
  note.writeUInt32LE(0, 8);
  nameBytes.copy(note, NOTE_HEADER_SIZE);
  description.copy(note, NOTE_HEADER_SIZE + alignUp(nameBytes.length, 4));
  return note;
}

/**
 * Appends a segment holding a new program header table (the old entries plus a PT_LOAD for the
 * segment and a PT_NOTE) followed by the note. The segment's address keeps the same distance to
 * its file offset as the first PT_LOAD, because kernels before 5.18 compute the program header
 * address as that distance plus e_phoff; it therefore starts past the end of every segment in
 * memory (.bss included), the gap in the file being zeros.
 */
export function addNoteSegment(elf: Buffer, noteName: string, description: Buffer): Buffer {
  const headers = readProgramHeaders(elf);
  const loads = headers.filter((h) => h.type === PT_LOAD);
  if (loads.length === 0) throw new Error('the executable has no loadable segment');
  const firstLoad = loads.reduce((a, b) => (b.vaddr < a.vaddr ? b : a));
  const addressMinusOffset = firstLoad.vaddr - firstLoad.offset;
  const alignment = Math.max(0x1000, ...loads.map((h) => h.align));
  const endInMemory = Math.max(...loads.map((h) => h.vaddr + h.memsz));
  const segmentOffset = alignUp(Math.max(elf.length, endInMemory - addressMinusOffset), alignment);
  const segmentAddress = segmentOffset + addressMinusOffset;

  const tableSize = (headers.length + 2) * PHDR_SIZE;
  const note = elfNote(noteName, description);
  const noteStart = alignUp(tableSize, 8);
  const segmentSize = noteStart + note.length;
  const newLoad: ProgramHeader = {
    type: PT_LOAD,
    flags: PF_R,
    offset: segmentOffset,
    vaddr: segmentAddress,
    paddr: segmentAddress,
    filesz: segmentSize,
    memsz: segmentSize,
    align: alignment,
  };
  const newNote: ProgramHeader = {
    type: PT_NOTE,
    flags: PF_R,
    offset: segmentOffset + noteStart,
    vaddr: segmentAddress + noteStart,
    paddr: segmentAddress + noteStart,
    filesz: note.length,
    memsz: note.length,
    align: 4,
  };
  const table = headers.map((h) =>
    h.type === PT_PHDR ? { ...h, offset: segmentOffset, vaddr: segmentAddress, paddr: segmentAddress, filesz: tableSize, memsz: tableSize } : h,
  );
  // PT_LOAD entries must stay sorted by address: the new one, the highest, follows the last.
  const lastLoadIndex = table.map((h) => h.type).lastIndexOf(PT_LOAD);
  table.splice(lastLoadIndex + 1, 0, newLoad);
  table.push(newNote);

  const output = Buffer.alloc(segmentOffset + segmentSize);
  elf.copy(output);
  table.forEach((h, i) => writeProgramHeader(output, segmentOffset + i * PHDR_SIZE, h));
  note.copy(output, segmentOffset + noteStart);
  output.writeBigUInt64LE(BigInt(segmentOffset), ELF_HEADER.phoff);
  output.writeUInt16LE(table.length, ELF_HEADER.phnum);
  return output;
}

/** Sets the SEA fuse that makes Node run the embedded blob instead of acting as `node`. */
export function flipSeaFuse(executable: Buffer): void {
  const unset = Buffer.from(SEA_FUSE + '0', 'latin1');
  const at = executable.indexOf(unset);
  if (at < 0) throw new Error('this Node binary has no SEA fuse (Node 20 or later is needed), or it is already a SEA');
  if (executable.indexOf(unset, at + 1) >= 0) throw new Error('this Node binary has more than one SEA fuse');
  executable[at + unset.length - 1] = '1'.charCodeAt(0);
}

/**
 * Optional dependencies that are not installed, resolved to a module that throws as `require`
 * would: their users catch that, and the SEA does not warn about requiring a non-built-in module.
 */
function absentModules(names: string[]): Plugin {
  const filter = new RegExp(`^(${names.join('|')})$`);
  return {
    name: 'absent-modules',
    setup(builder) {
      builder.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'absent' }));
      builder.onLoad({ filter: /.*/, namespace: 'absent' }, (args) => ({
        contents: `throw Object.assign(new Error("Cannot find module '${args.path}'"), { code: 'MODULE_NOT_FOUND' });`,
      }));
    },
  };
}

/** The entry script and everything it requires, as one CommonJS script for Node 20. */
export async function bundleScript(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    logLevel: 'warning',
    // The input is compiled JavaScript; the project's tsconfig ("strict") would make esbuild
    // put every bundled module in strict mode.
    tsconfigRaw: {},
    // needle's `debug` looks for supports-color, which is not installed.
    plugins: [absentModules(['supports-color'])],
  });
  // esbuild moves the entry's "use strict" to the top of the file, where it would cover every
  // module; splunk-sdk's class helper reads arguments.callee, a TypeError in strict mode. Each
  // strict module keeps its own directive inside its wrapper.
  return result.outputFiles[0].text.replace(/^(#![^\n]*\n)?"use strict";\n/, '$1');
}

/** Builds `output` from the bundled script `script`, with the Node binary running this function. */
export function buildSeaExecutable(script: string, output: string, node: string = process.execPath): void {
  const work = mkdtempSync(join(tmpdir(), 'estreamer-sea-'));
  try {
    const blobPath = join(work, 'sea-prep.blob');
    const configPath = join(work, 'sea-config.json');
    writeFileSync(configPath, JSON.stringify({ main: script, output: blobPath, disableExperimentalSEAWarning: true }));
    execFileSync(node, ['--experimental-sea-config', configPath], { stdio: ['ignore', 'ignore', 'inherit'] });
    const executable = addNoteSegment(readFileSync(node), SEA_BLOB_NOTE_NAME, readFileSync(blobPath));
    flipSeaFuse(executable);
    writeFileSync(output, executable);
    chmodSync(output, 0o755);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(entry: string | undefined, output: string | undefined): Promise<number> {
  if (!entry || !output) {
    process.stderr.write('usage: node build-binary.js <entry script> <output executable>\n');
    return 2;
  }
  const work = mkdtempSync(join(tmpdir(), 'estreamer-bundle-'));
  try {
    const script = join(work, 'estreamer.js');
    writeFileSync(script, await bundleScript(entry));
    buildSeaExecutable(script, output);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(process.argv[2], process.argv[3]).then(
    (code) => (process.exitCode = code),
    (err: Error) => {
      process.stderr.write(`build-binary: ${err.message}\n`);
      process.exitCode = 1;
    },
  );
}
