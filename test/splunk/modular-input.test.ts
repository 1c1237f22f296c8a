// splunkMain in its three modes; run mode with an in-memory event source (the only test double:
// parsing, config, stream writer, checkpoint and signals are the real ones).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { parseStringPromise } from 'xml2js';
import { CheckpointStore } from '../../src/client/checkpoint';
import { loadCredentials } from '../../src/client/credentials';
import type { OutputEvent, ResumePoint } from '../../src/client/events';
import { memoryLogger } from '../../src/log';
import type { InputConfig } from '../../src/splunk/config';
import { splunkMain, type EventSource, type SplunkDeps } from '../../src/splunk/modular-input';
import { ensurePki } from '../../src/simulator/pki';
import { MockSplunkd } from '../mock-splunkd';
import { SPLUNK_REFERENCE } from '../paths';
import { inputDefinitionXml, validationDefinitionXml } from '../splunk-definition';

const work = mkdtempSync(join(tmpdir(), 'estreamer-modinput-'));
const PKCS12 = join(work, 'client.pkcs12');
writeFileSync(PKCS12, 'test double: never opened by the fake source');

/** Yields its events, then waits, like a live stream, until stopped. */
class FakeSource implements EventSource {
  stopCalls = 0;
  private handled = 0;
  private lastEventTime = 0;
  private bookmark = 0;
  private release: () => void = () => {};
  private readonly stopped = new Promise<void>((resolve) => (this.release = resolve));
  readonly events: AsyncIterable<OutputEvent>;

  constructor(items: OutputEvent[], failWith?: Error) {
    const self = this;
    this.events = (async function* () {
      for (const item of items) {
        self.handled++;
        self.lastEventTime = item.time;
        self.bookmark = item.archiveTimestamp;
        yield item;
      }
      if (failWith) throw failWith;
      await self.stopped;
    })();
  }

  async stop(): Promise<void> {
    this.stopCalls++;
    this.release();
  }

  stats() {
    return { handled: this.handled, reconnects: 2, lastEventTime: this.lastEventTime, bookmark: this.bookmark };
  }
}

interface Opened {
  config: InputConfig;
  resume: ResumePoint | undefined;
  checkpointDir: string;
  source: FakeSource;
}

function depsWith(items: OutputEvent[], options: { probe?: SplunkDeps['probe']; failWith?: Error } = {}) {
  const opened: Opened[] = [];
  const probes: [InputConfig, number][] = [];
  const deps: SplunkDeps = {
    openSource(config, resume, _log, checkpointDir) {
      const source = new FakeSource(items, options.failWith);
      opened.push({ config, resume, checkpointDir, source });
      return source;
    },
    async probe(config, timeoutMs) {
      probes.push([config, timeoutMs]);
      return options.probe?.(config, timeoutMs);
    },
  };
  return { deps, opened, probes };
}

function io(stdinText: string | Buffer) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  return {
    io: { stdin: Readable.from([Buffer.from(stdinText)]), stdout, stderr },
    stdout: () => Buffer.concat(out).toString('utf8'),
    stderr: () => Buffer.concat(err).toString('utf8'),
  };
}

function inputDefinition(checkpointDir: string, params: Record<string, string>): string {
  const all = { fmc_host: 'fmc.example.com', pkcs12_file: PKCS12, pkcs12_password: '', monitor_period: '1', index: 'main', host: 'hf1', interval: '60', ...params };
  return inputDefinitionXml({ serverHost: 'hf1', serverUri: 'https://127.0.0.1:8089', sessionKey: 'key', checkpointDir, stanza: 'estreamer://fmc1', params: all });
}

function event(n: number): OutputEvent {
  return { line: `rec_type=71 event_sec=${1606923300 + n} n=${n} uri="/a?b=1&c=<d>"`, time: 1606923300.25 + n, archiveTimestamp: 1606923300 + Math.floor(n / 2), identity: `71:${n}`, recordType: 71 };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs the input until `events` are on stdout, then stops it as splunkd does. */
async function runUntilStreamed(checkpointDir: string, params: Record<string, string>, events: OutputEvent[]) {
  const streams = io(inputDefinition(checkpointDir, params));
  const { deps, opened } = depsWith(events);
  const exit = splunkMain([], streams.io, deps);
  // The input logs "starting" once its signal handlers are in place.
  await until(() => streams.stderr().includes('starting:') && streams.stdout().split('</event>').length > events.length, 'the events on stdout');
  process.emit('SIGTERM', 'SIGTERM');
  const code = await exit;
  return { code, opened, stdout: streams.stdout(), stderr: streams.stderr() };
}

describe('splunkMain --scheme', () => {
  it('prints the scheme and exits 0', async () => {
    const streams = io('');
    assert.equal(await splunkMain(['--scheme'], streams.io, depsWith([]).deps), 0);
    const scheme = (await parseStringPromise(streams.stdout())) as { scheme: { streaming_mode: string[] } };
    assert.deepEqual(scheme.scheme.streaming_mode, ['xml']);
  });

  it('refuses other arguments', async () => {
    const streams = io('');
    assert.equal(await splunkMain(['--bogus'], streams.io, depsWith([]).deps), 1);
    assert.match(streams.stderr(), /^ERROR invalid arguments to the estreamer modular input: --bogus/m);
    assert.equal(streams.stdout(), '');
  });
});

describe('splunkMain --validate-arguments', () => {
  const validation = (params: Record<string, string>) =>
    validationDefinitionXml({ serverUri: 'https://127.0.0.1:8089', sessionKey: 'k', checkpointDir: work, item: 'fmc1', params });

  it('answers the SDK fixture with an <error> naming what is missing, shaped like validation_error.xml', async () => {
    const streams = io(readFileSync(join(SPLUNK_REFERENCE, 'python-sdk/validation.xml')));
    const { deps, probes } = depsWith([]);
    assert.equal(await splunkMain(['--validate-arguments'], streams.io, deps), 1);
    const ours = await parseStringPromise(streams.stdout());
    const fixture = await parseStringPromise(readFileSync(join(SPLUNK_REFERENCE, 'js-sdk-1.11.0/validation_error.xml'), 'utf8'));
    assert.deepEqual(Object.keys(ours.error), Object.keys(fixture.error));
    assert.match(ours.error.message[0], /^fmc_host is required .*; pkcs12_file is required/);
    assert.equal(probes.length, 0, 'no probe with invalid values');
  });

  it('probes the FMC with a short timeout and accepts silently', async () => {
    const streams = io(validation({ fmc_host: 'fmc.example.com', pkcs12_file: PKCS12, pkcs12_password: 'pw', connect_timeout: '30' }));
    const { deps, probes } = depsWith([]);
    assert.equal(await splunkMain(['--validate-arguments'], streams.io, deps), 0);
    assert.equal(streams.stdout(), '');
    assert.equal(probes.length, 1);
    assert.equal(probes[0][0].fmcHost, 'fmc.example.com');
    assert.equal(probes[0][0].pkcs12Password, 'pw');
    assert.equal(probes[0][1], 5000);
  });

  it("checks eNcore's bookmark file named by start before it probes", async () => {
    const streams = io(validation({ fmc_host: 'fmc.example.com', pkcs12_file: PKCS12, start: `encore_bookmark:${join(work, 'gone.dat')}` }));
    const { deps, probes } = depsWith([]);
    assert.equal(await splunkMain(['--validate-arguments'], streams.io, deps), 1);
    assert.match(streams.stdout(), /<message>start: cannot read the eNcore bookmark .*gone\.dat \(ENOENT\)<\/message>/);
    assert.equal(probes.length, 0);
  });

  it('names the fields of the form, not command-line options, in what it tells the form', async () => {
    const pki = ensurePki(join(work, 'pki'), { password: 'right' });
    const streams = io(validation({ fmc_host: 'fmc.example.com', pkcs12_file: pki.files.clientPkcs12, pkcs12_password: 'wrong' }));
    // The probe's first step, as the real one does it.
    const { deps } = depsWith([], { probe: async (config) => void loadCredentials({ pkcs12File: config.pkcs12File, password: config.pkcs12Password }) });
    assert.equal(await splunkMain(['--validate-arguments'], streams.io, deps), 1);
    assert.match(streams.stdout(), /PKCS#12 password is wrong .* give it in the input's &quot;PKCS#12 password&quot; field \(pkcs12_password\)/);
    assert.doesNotMatch(streams.stdout(), /--[a-z]/);
  });

  it('a port out of range is a field error in the form', async () => {
    const streams = io(validation({ fmc_host: 'fmc.example.com', pkcs12_file: PKCS12, fmc_port: '70000' }));
    const { deps, probes } = depsWith([]);
    assert.equal(await splunkMain(['--validate-arguments'], streams.io, deps), 1);
    assert.equal(streams.stdout(), '<error><message>fmc_port: &quot;70000&quot; is not a whole number from 1 to 65535</message></error>\n');
    assert.equal(probes.length, 0);
  });

  it('accepts an HA pair when one FMC answers, and logs which did not', async () => {
    const streams = io(validation({ fmc_host: 'fmc-a.example.com, fmc-b.example.com:8303', pkcs12_file: PKCS12 }));
    const { deps, probes } = depsWith([], { probe: async () => 'FMC fmc-a.example.com:8302 does not answer (TCP and TLS: refused)' });
    assert.equal(await splunkMain(['--validate-arguments'], streams.io, deps), 0);
    assert.equal(streams.stdout(), '');
    assert.deepEqual(probes[0][0].fmcHosts, [
      { host: 'fmc-a.example.com', port: 8302 },
      { host: 'fmc-b.example.com', port: 8303 },
    ]);
    assert.match(streams.stderr(), /^WARN validation passed, but FMC fmc-a\.example\.com:8302 does not answer \(TCP and TLS: refused\)$/m);
  });

  it("returns the probe's message to the form", async () => {
    const streams = io(validation({ fmc_host: 'fmc.example.com', pkcs12_file: PKCS12 }));
    const { deps } = depsWith([], {
      probe: async () => {
        throw new Error('connection refused by 10.0.0.1:8302 <check the port>');
      },
    });
    assert.equal(await splunkMain(['--validate-arguments'], streams.io, deps), 1);
    assert.equal(streams.stdout(), '<error><message>connection refused by 10.0.0.1:8302 &lt;check the port&gt;</message></error>\n');
  });
});

describe('splunkMain --validate-arguments and the credential store', () => {
  const splunkd = new MockSplunkd();
  before(() => splunkd.start());
  after(() => splunkd.stop());
  const validation = (params: Record<string, string>, sessionKey = splunkd.sessionKey) =>
    validationDefinitionXml({ serverHost: 'hf1', serverUri: splunkd.uri, sessionKey, checkpointDir: work, item: 'fmc-new', params });

  it('stores a clear password that works before splunkd saves the stanza', async () => {
    const streams = io(validation({ fmc_host: 'fmc.example.com', pkcs12_file: PKCS12, pkcs12_password: 'typed pw' }));
    assert.equal(await splunkMain(['--validate-arguments'], streams.io, depsWith([]).deps), 0);
    assert.equal(streams.stdout(), '');
    assert.deepEqual(splunkd.credentials, [{ app: 'TA-cisco-estreamer', realm: 'TA-cisco-estreamer', username: 'fmc-new', password: 'typed pw' }]);
    assert.match(streams.stderr(), /INFO .*stored in Splunk's credential store; the input masks it in inputs\.conf when it starts/);
  });

  it('stores nothing for a failed probe, nor for the mask', async () => {
    const before = splunkd.credentials.length;
    const failing = depsWith([], { probe: async () => Promise.reject(new Error('refused')) }).deps;
    assert.equal(await splunkMain(['--validate-arguments'], io(validation({ fmc_host: 'f', pkcs12_file: PKCS12, pkcs12_password: 'other' })).io, failing), 1);
    assert.equal(await splunkMain(['--validate-arguments'], io(validation({ fmc_host: 'f', pkcs12_file: PKCS12, pkcs12_password: '********' })).io, depsWith([]).deps), 0);
    assert.equal(splunkd.credentials.length, before);
    assert.equal(splunkd.credentials[0].password, 'typed pw');
  });

  it('a session key without the right accepts the input all the same, with a WARN', async () => {
    const streams = io(validation({ fmc_host: 'fmc.example.com', pkcs12_file: PKCS12, pkcs12_password: 'pw2' }, 'not-the-key'));
    assert.equal(await splunkMain(['--validate-arguments'], streams.io, depsWith([]).deps), 0);
    assert.equal(streams.stdout(), '');
    assert.match(streams.stderr(), /WARN .*stays in clear text in inputs\.conf: splunkd at .* rejected the session key \(401\)\. The input tries again when it starts/);
  });
});

describe('splunkMain run mode', () => {
  it('streams events as XML, and at SIGTERM stops the source, closes the stream and saves the checkpoint', async () => {
    const checkpointDir = join(work, 'run1');
    const events = [event(0), event(1), event(2)];
    const { code, opened, stdout, stderr } = await runUntilStreamed(checkpointDir, {}, events);

    assert.equal(code, 0);
    assert.equal(opened.length, 1);
    assert.equal(opened[0].source.stopCalls, 1);
    assert.equal(opened[0].resume, undefined, 'no checkpoint yet');
    assert.equal(opened[0].config.fmcHost, 'fmc.example.com');
    assert.equal(opened[0].checkpointDir, checkpointDir);
    assert.ok(stdout.startsWith('<stream>\n'));
    assert.ok(stdout.endsWith('</stream>\n'));
    const parsed = (await parseStringPromise(stdout)) as { stream: { event: Record<string, unknown>[] } };
    assert.deepEqual(
      parsed.stream.event.map((e) => [(e.$ as Record<string, string>).stanza, (e.sourcetype as string[])[0], (e.time as string[])[0], (e.data as string[])[0]]),
      events.map((e) => ['estreamer://fmc1', 'cisco:estreamer', e.time.toFixed(6), e.line]),
    );
    assert.match(stderr, /^INFO \[estreamer:\/\/fmc1\] stopping: received SIGTERM$/m);
    assert.match(stderr, /^INFO \[estreamer:\/\/fmc1\] health state=stopped handled=3 rate=[\d.]+\/s lag=[\d.]+s bookmark=1606923301 bookmark_time=2020-12-02T15:35:01.000Z reconnects=2 unflushed=0$/m);

    const store = new CheckpointStore(checkpointDir, memoryLogger());
    assert.deepEqual(store.load('estreamer://fmc1', { host: 'fmc.example.com', port: 8302 }), { archiveTimestamp: 1606923301, seen: ['71:2'] });
  });

  it('passes the checkpoint to the source on restart', async () => {
    const checkpointDir = join(work, 'run2');
    await runUntilStreamed(checkpointDir, {}, [event(0), event(1)]);
    const second = await runUntilStreamed(checkpointDir, {}, [event(2), event(3)]);
    assert.deepEqual(second.opened[0].resume, { archiveTimestamp: 1606923300, seen: ['71:0', '71:1'] });
    const third = await runUntilStreamed(checkpointDir, {}, []);
    assert.deepEqual(third.opened[0].resume, { archiveTimestamp: 1606923301, seen: ['71:2', '71:3'] });
  });

  it('resumes from the checkpoint whatever start says: start only places the first run', async () => {
    const checkpointDir = join(work, 'run3');
    const first = await runUntilStreamed(checkpointDir, { start: 'genesis' }, [event(0)]);
    assert.equal(first.opened[0].resume, undefined);
    for (const start of ['genesis', 'now']) {
      const run = await runUntilStreamed(checkpointDir, { start }, []);
      assert.deepEqual(run.opened[0].resume, { archiveTimestamp: 1606923300, seen: ['71:0'] }, start);
      assert.equal(run.opened[0].config.start, start);
    }
  });

  it('writes a health line every monitor_period', async () => {
    const streams = io(inputDefinition(join(work, 'run4'), { monitor_period: '1' }));
    const { deps } = depsWith([event(0)]);
    const exit = splunkMain([], streams.io, deps);
    await until(() => /health state=running handled=1 /.test(streams.stderr()), 'a health line');
    process.emit('SIGINT', 'SIGINT');
    assert.equal(await exit, 0);
  });

  it('logs an ERROR and exits 1 when the source fails, still closing the stream', async () => {
    const streams = io(inputDefinition(join(work, 'run5'), {}));
    const { deps } = depsWith([event(0)], { failWith: new Error('FMC closed the connection: client certificate revoked') });
    assert.equal(await splunkMain([], streams.io, deps), 1);
    assert.match(streams.stderr(), /^ERROR \[estreamer:\/\/fmc1\] the event source failed: FMC closed the connection: client certificate revoked$/m);
    assert.ok(streams.stdout().endsWith('</event>\n</stream>\n'));
  });

  it('refuses an invalid configuration with the reasons, before opening the source', async () => {
    const streams = io(inputDefinition(join(work, 'run6'), { fmc_port: 'eighty' }));
    const { deps, opened } = depsWith([]);
    assert.equal(await splunkMain([], streams.io, deps), 1);
    assert.match(streams.stderr(), /^ERROR \[estreamer:\/\/fmc1\] fmc_port: "eighty" is not a whole number from 1 to 65535$/m);
    assert.equal(opened.length, 0);
  });

  it('reads the first stanza only, and a definition without stanzas is no error', async () => {
    const empty = io(readFileSync(join(SPLUNK_REFERENCE, 'python-sdk/conf_with_0_inputs.xml')));
    assert.equal(await splunkMain([], empty.io, depsWith([]).deps), 0);
    assert.match(empty.stderr(), /^WARN the input definition holds no stanza/m);
    const invalid = io(readFileSync(join(SPLUNK_REFERENCE, 'js-sdk-1.11.0/conf_with_invalid_inputs.xml')));
    assert.equal(await splunkMain([], invalid.io, depsWith([]).deps), 1);
    assert.match(invalid.stderr(), /^ERROR Invalid input definition: <stanza name="foobar:\/\/aaa"> contains unexpected <editor>, <nightmare>/m);
  });
});
