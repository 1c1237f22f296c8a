// Security Intelligence events as their own category, and the Security Cloud output, through the
// processes a user runs against the simulator over mutual TLS: `estreamer stream --records ...`
// selects or leaves out the SI events; the modular input with output_format = security_cloud
// writes Security Cloud's JSON events as sourcetype cisco:sfw:estreamer.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseStringPromise } from 'xml2js';
import { createLogger } from '../../src/log';
import { RecordPipeline, type PipelineOptions } from '../../src/output/pipeline';
import { recordFrame } from '../../src/protocol/messages';
import { TrafficGenerator } from '../../src/simulator/generator';
import { History } from '../../src/simulator/history';
import { FmcSimulator } from '../../src/simulator/server';
import { recordCategories } from '../../src/splunk/scheme';
import { REPO } from '../paths';
import { inputDefinitionXml } from '../splunk-definition';
import { useSimulatorPki } from '../simulator-pki';

const fixture = useSimulatorPki('estreamer-si-cloud-', { password: 'estreamer' });
let history: History;
let port: number;
let sim: FmcSimulator;

before(async () => {
  history = new TrafficGenerator({ seed: 13 }).fill(new History(), 1500);
  sim = new FmcSimulator({ pki: fixture.pki, history, recordsPerBundle: 50, window: 4, keepaliveMs: 200, logger: createLogger({ level: 'ERROR' }) });
  port = (await sim.listen()).port;
});
after(() => sim.close());

/** What the client must output for the history: the pipeline over the same records, in process. */
function expectedLines(options: Omit<PipelineOptions, 'logger'>): string[] {
  const pipeline = new RecordPipeline({ ...options, logger: createLogger({ level: 'ERROR' }) });
  const frame = (r: { recordType: number; archiveTimestamp: number; body: Buffer }) => recordFrame(r.recordType, r.body, r.archiveTimestamp);
  const lines: string[] = [];
  for (const m of history.metadata) pipeline.process(frame(m));
  for (let i = 0; i < history.length; i++) {
    const e = pipeline.process(frame(history.at(i)));
    if (e) lines.push(e.line);
  }
  return lines;
}

/** Runs the CLI (stdin `input`) until `done(stdout)`, then stops it with SIGTERM; its output. */
async function runUntil(args: string[], input: string | undefined, done: (stdout: string) => boolean) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src', 'cli.ts'), ...args], {
    cwd: REPO,
    env: { ...process.env, FMC_PKCS12_PASSWORD: 'estreamer' },
  });
  const run = { stdout: '', stderr: '', exited: new Promise<number | null>((r) => child.on('exit', r)) };
  child.stdout.on('data', (d: Buffer) => (run.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
  child.stdin.end(input ?? '');
  const end = Date.now() + 60_000;
  while (!done(run.stdout)) {
    if (Date.now() > end) throw new Error(`timed out; stderr: ${run.stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  // Anything that should not be there would have arrived with the rest.
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGTERM');
  assert.equal(await run.exited, 0, run.stderr);
  return run;
}

async function streamRecords(records: string): Promise<string[]> {
  const expected = expectedLines({ categories: recordCategories(records) });
  const args = ['stream', '--host', '127.0.0.1', '--port', String(port), '--pkcs12', fixture.pki.files.clientPkcs12, '--password-env', 'FMC_PKCS12_PASSWORD',
    '--start', 'genesis', '--records', records, '--monitor-period', '0'];
  const run = await runUntil(args, undefined, (out) => out.split('\n').length > expected.length);
  const lines = run.stdout.split('\n').filter((l) => l !== '');
  assert.deepEqual(lines, expected, `--records ${records}: exactly what the pipeline selects`);
  return lines;
}

test('--records security_intelligence streams the SI connection events alone', { timeout: 90_000 }, async () => {
  const lines = await streamRecords('security_intelligence');
  // The simulator makes a few percent of its connection events SI events (about 50 of 1500 events).
  assert.ok(lines.length >= 20 && lines.length <= 120, `${lines.length} SI events`);
  for (const line of lines) {
    assert.match(line, /^rec_type=71 /);
    assert.match(line, / sec_intel_event=Yes( |$)/);
    assert.match(line, / sec_intel_list1=(Malware|CnC|Tor_exit_node|Phishing) /, 'the SI list is named from metadata 280');
  }
});

test('--records connections,-security_intelligence streams the other connection events; connections alone both', { timeout: 90_000 }, async () => {
  const others = await streamRecords('connections,-security_intelligence');
  assert.ok(others.length > 500, `${others.length} connection events`);
  for (const line of others) assert.match(line, / sec_intel_event=No( |$)/);
  const all = expectedLines({ categories: recordCategories('connections') });
  const si = expectedLines({ categories: recordCategories('security_intelligence') });
  assert.equal(all.length, others.length + si.length, 'connections = the SI events + the others');
});

test('output_format = security_cloud: Security Cloud JSON events as sourcetype cisco:sfw:estreamer, in run mode', { timeout: 90_000 }, async () => {
  const records = 'connections,intrusion,file_malware';
  const expected = expectedLines({ format: 'security_cloud', categories: recordCategories(records) });
  const definition = inputDefinitionXml({
    serverHost: 'test-host',
    checkpointDir: join(fixture.dir, 'checkpoints'),
    stanza: 'estreamer://fmc1',
    params: {
      fmc_host: '127.0.0.1', fmc_port: port, pkcs12_file: fixture.pki.files.clientPkcs12, pkcs12_password: 'estreamer', records, start: 'genesis',
      output_format: 'security_cloud', index: 'main',
    },
  });
  const run = await runUntil([], definition, (out) => out.split('</event>').length > expected.length);
  const xml = await parseStringPromise(run.stdout);
  const events = xml.stream.event as { sourcetype: string[]; data: string[] }[];
  assert.deepEqual(events.map((e) => e.data[0]), expected);
  const types = new Map<string, number>();
  for (const e of events) {
    assert.equal(e.sourcetype[0], 'cisco:sfw:estreamer');
    const event = JSON.parse(e.data[0]) as { EventType: string };
    types.set(event.EventType, (types.get(event.EventType) ?? 0) + 1);
  }
  assert.deepEqual([...types.keys()].sort(), ['ConnectionEvent', 'FileEvent', 'FileMalwareEvent', 'IntrusionEvent']);
});
