// glibc's malloc gives each thread that allocates its own arena (up to 8 per core) and seldom
// hands an arena's freed memory back to the OS. Node's threads (V8's compiler and GC helpers, the
// libuv pool) each grow one: with Node 24 they held 20-55 MB of run mode's peak RSS, varying from
// run to run. One arena for all threads: 168-195 MB instead of 223-249 (docs/performance.md).
//
// glibc reads MALLOC_ARENA_MAX only when the process starts, and splunkd starts us with its own
// environment: so the executable replaces itself (execve: same pid, same stdin/stdout/stderr,
// nothing read yet) with itself under that setting, once. Only the standalone executable does
// this (`node dist/cli.js` is left as it is), and a value the admin set is kept.

import { isSea } from 'node:sea';

const MALLOC_ARENAS = '1';

type Execve = (file: string, args: string[], env: NodeJS.ProcessEnv) => never;

export function restartWithOneMallocArena(): void {
  const execve = (process as unknown as { execve?: Execve }).execve;
  if (process.platform !== 'linux' || typeof execve !== 'function' || process.env.MALLOC_ARENA_MAX !== undefined || !isSea()) return;
  try {
    execve(process.execPath, [process.execPath, ...process.argv.slice(2)], { ...process.env, MALLOC_ARENA_MAX: MALLOC_ARENAS });
  } catch {
    // Not replaced (exec refused): go on with the default allocator, as before.
  }
}
