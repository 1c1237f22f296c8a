// One way to replace a state file (checkpoint, metadata cache) so that neither a crash nor a
// full disk leaves half a file, or a temporary file, behind.

import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Replaces `file` with `content`: a temporary file beside it, flushed to disk, then renamed over
 * it, then the folder synced, so a crash leaves the old file or the new one. The folder is
 * created if need be. On failure (unwritable folder, disk full) the temporary file is removed and
 * the error thrown.
 */
export function writeFileAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  syncDirectory(dirname(file));
}

/** Makes a rename durable; directories cannot be opened on some platforms, where this is moot. */
function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Not supported for directories here (e.g. Windows).
  } finally {
    closeSync(fd);
  }
}
