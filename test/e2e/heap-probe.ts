// Run mode with a heap probe, for the soak test: `node --expose-gc --import tsx heap-probe.ts`
// runs the `estreamer` entry point unchanged (input definition on stdin, events on stdout) and
// answers each IPC message with the heap in use after a full garbage collection.

import { main } from '../../src/cli';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
process.on('message', () => {
  gc();
  process.send!({ heapUsed: process.memoryUsage().heapUsed });
});
void main([]).then((code) => process.exit(code));
