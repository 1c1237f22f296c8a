// Run mode's first moments (issue 10 §4): a SIGTERM before the input definition has arrived is an
// orderly stop, and a definition trickling in (UTF-16, odd-sized chunks) is recognised once whole
// without re-reading all of it per chunk.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import type { OutputEvent } from '../../src/client/events';
import { splunkMain, type EventSource, type SplunkDeps } from '../../src/splunk/modular-input';

const work = mkdtempSync(join(tmpdir(), 'estreamer-runstart-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A source with no events that ends when stopped. */
function idleSource(): EventSource {
  let release = () => {};
  const stopped = new Promise<void>((r) => (release = r));
  return {
    events: (async function* (): AsyncGenerator<OutputEvent> {
      await stopped;
    })(),
    stop: async () => release(),
    stats: () => ({ handled: 0, reconnects: 0, lastEventTime: 0, bookmark: 0 }),
  };
}

function harness() {
  const opened: string[] = [];
  const deps: SplunkDeps = {
    openSource: (config) => {
      opened.push(config.name);
      return idleSource();
    },
    probe: async () => {},
  };
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stdout.resume();
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { deps, opened, io: { stdin, stdout, stderr }, stderr: () => err };
}

test('SIGTERM before the input definition has arrived: exit 0 at once, nothing opened', async () => {
  const h = harness();
  const exit = splunkMain([], h.io, h.deps);
  h.io.stdin.write('<?xml version="1.0"?>\n<input><server_host>hf1</server_host>');
  await new Promise((r) => setTimeout(r, 50));
  const at = Date.now();
  process.emit('SIGTERM', 'SIGTERM');
  assert.equal(await exit, 0);
  assert.ok(Date.now() - at < 500);
  assert.deepEqual(h.opened, []);
  assert.match(h.stderr(), /^INFO stopping: received SIGTERM$/m);
});

test('a UTF-16 definition arriving in odd-sized chunks is read once whole, stdin left open', async () => {
  const pkcs12 = join(work, 'client.pkcs12');
  writeFileSync(pkcs12, 'never opened: the source is a test double');
  // Parameters padded so the definition is far longer than the part of it looked at per chunk.
  const padding = Array.from({ length: 600 }, (_, i) => `      <!-- padding ${i} -->`).join('\n');
  const xml = `<?xml version="1.0" encoding="UTF-16"?>
<input>
  <server_host>hf1</server_host><server_uri>https://127.0.0.1:8089</server_uri><session_key>k</session_key>
  <checkpoint_dir>${join(work, 'state')}</checkpoint_dir>
  <configuration>
    <stanza name="estreamer://fmc1" app="TA-cisco-estreamer">
${padding}
      <param name="fmc_host">fmc.example.com</param><param name="pkcs12_file">${pkcs12}</param>
      <param name="pkcs12_password">x</param><param name="monitor_period">60</param>
    </stanza>
  </configuration>
</input>
`;
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
  assert.ok(bytes.length > 20_000);
  const h = harness();
  const exit = splunkMain([], h.io, h.deps);
  for (let at = 0; at < bytes.length; at += 333) h.io.stdin.write(bytes.subarray(at, at + 333));
  const end = Date.now() + 5_000;
  while (h.opened.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(h.opened, ['fmc1'], h.stderr());
  process.emit('SIGTERM', 'SIGTERM');
  assert.equal(await exit, 0, h.stderr());
});
