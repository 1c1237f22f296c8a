// The Splunk modular input: the three modes splunkd runs the `estreamer` executable in.
//   --scheme               print the scheme XML
//   --validate-arguments   check a new or edited input (values, password, a probe of the FMC)
//   (no argument)          read the input definition from stdin and stream events until stopped
// splunkd starts one process per input (use_single_instance=false), stops it with SIGTERM, and
// reads events as XML on stdout and log lines on stderr.

import type { OutputEvent, ResumePoint } from '../client/events';
import { CheckpointStore, CheckpointTracker } from '../client/checkpoint';
import { adviseFor } from '../client/advice';
import { formatFmcAddress } from '../client/fmc-hosts';
import { HealthReporter, type HealthStats } from '../client/health';
import { describeStart, readEncoreBookmark } from '../client/start';
import { createLogger, type Logger } from '../log';
import { appDirectory, parseInputConfig, type InputConfig } from './config';
import { MASKED_PASSWORD, resolvePkcs12Password, storePkcs12Password } from './credentials';
import { parseInputDefinition, parseValidationDefinition, isCompleteDefinition, decodeDefinition, type InputDefinition } from './input-definition';
import { APP_ID, SCHEME, schemeXml } from './scheme';
import { StreamWriter, escapeXml } from './stream-writer';

/** The producer of events for one input; implemented on top of the eStreamer session. */
export interface EventSource {
  events: AsyncIterable<OutputEvent>;
  /** Ends `events` and closes the connection. */
  stop(): Promise<void>;
  stats(): HealthStats;
}

export interface SplunkIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface SplunkDeps {
  /** `checkpointDir` is splunkd's folder for the input's state (checkpoint, metadata cache). */
  openSource(config: InputConfig, resume: ResumePoint | undefined, log: Logger, checkpointDir: string): EventSource;
  /**
   * Opens the PKCS#12 and tries the FMC (each of an HA pair); throws an Error with an actionable
   * message when none answers, else may return a warning (those that did not answer).
   */
  probe(config: InputConfig, timeoutMs: number): Promise<string | void>;
}

/** splunkd waits about this long for a validation answer; the probe must fit well inside. */
const VALIDATION_PROBE_TIMEOUT_MS = 5_000;
/** The credential store answers from the same host; the form must not wait long for it. */
const VALIDATION_STORE_TIMEOUT_MS = 3_000;
/** splunkd writes the definition at once; waiting longer means something is wrong. */
const DEFINITION_TIMEOUT_MS = 30_000;
/** After SIGTERM everything (flush, checkpoint, </stream>) must be done within 5 s. */
const STOP_DEADLINE_MS = 4_000;
const PARENT_POLL_MS = 1_000;
/** Only the end of the input can complete the definition: this much of it is looked at per chunk. */
const DEFINITION_TAIL_BYTES = 4096;

export async function splunkMain(argv: string[], io: SplunkIo, deps: SplunkDeps): Promise<number> {
  const log = createLogger({ write: (line) => io.stderr.write(line + '\n') });
  // What the form and splunkd.log show names the input's fields, not command-line options.
  adviseFor('splunk');
  const mode = argv[0]?.toLowerCase();
  if (argv.length === 0) return runInput(io, deps, log);
  if (argv.length === 1 && mode === '--scheme') {
    await writeOut(io.stdout, schemeXml());
    return 0;
  }
  if (argv.length === 1 && mode === '--validate-arguments') return validateArguments(io, deps, log);
  log.error(`invalid arguments to the ${SCHEME} modular input: ${argv.join(' ')} (expected --scheme, --validate-arguments or none)`);
  return 1;
}

function writeOut(out: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => out.write(text, (err) => (err ? reject(err) : resolve())));
}

/** Reads stdin until it holds a whole definition (splunkd need not close it), ends, or `cancel` settles. */
function readDefinition(stdin: NodeJS.ReadableStream, cancel?: Promise<unknown>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // Looking at the first bytes (a byte-order mark) and the last few KB, not at everything again,
    // keeps reading linear in the definition's size.
    let total = 0;
    let head = Buffer.alloc(0);
    let tail = Buffer.alloc(0);
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.off('error', onError);
      stdin.pause();
      if (err) reject(err);
      else resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      chunks.push(bytes);
      total += bytes.length;
      if (head.length < 3) head = Buffer.concat([head, bytes]).subarray(0, 3);
      tail = Buffer.concat([tail, bytes]);
      // Keep the tail at an even offset of the input, so UTF-16 stays aligned.
      if (tail.length > DEFINITION_TAIL_BYTES) tail = tail.subarray(tail.length - DEFINITION_TAIL_BYTES + ((total - DEFINITION_TAIL_BYTES) % 2));
      const probe = total === tail.length ? tail : Buffer.concat([byteOrderMark(head), tail]);
      if (isCompleteDefinition(decodeDefinition(probe))) finish();
    };
    const onEnd = () => finish();
    const onError = (err: Error) => finish(err);
    const timer = setTimeout(
      () => finish(new Error(`no complete input definition on stdin after ${DEFINITION_TIMEOUT_MS / 1000} s`)),
      DEFINITION_TIMEOUT_MS,
    );
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.on('error', onError);
    void cancel?.then(() => finish());
  });
}

/** The byte-order mark the input starts with, if any (what decodeDefinition reads the encoding from). */
function byteOrderMark(head: Buffer): Buffer {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return head.subarray(0, 2);
  return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(0, 3) : Buffer.alloc(0);
}

/** Settles with the promise, or with 'timeout' after `ms`; never rejects. */
async function within<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | { error: unknown } | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise.then((value) => ({ value }), (error: unknown) => ({ error })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function configWithPassword(definition: InputDefinition, log: Logger, persist: boolean): Promise<InputConfig> {
  const stanza = definition.stanzas[0];
  const config = parseInputConfig(stanza.name, stanza.params, appDirectory(), definition.server_host);
  return resolvePkcs12Password({
    given: config.pkcs12Password,
    inputName: stanza.name,
    app: stanza.app ?? APP_ID,
    session: { serverUri: definition.server_uri, sessionKey: definition.session_key },
    log,
    persist,
  }).then((pkcs12Password) => ({ ...config, pkcs12Password }));
}

async function validateArguments(io: SplunkIo, deps: SplunkDeps, log: Logger): Promise<number> {
  try {
    const definition = await parseValidationDefinition(await readDefinition(io.stdin));
    const config = await configWithPassword(definition, log, false);
    checkEncoreBookmark(config);
    const timeoutMs = Math.min(config.connectTimeoutMs, VALIDATION_PROBE_TIMEOUT_MS);
    // Our own bound too: the form must get an answer even if the probe overruns its timeout.
    const probed = await within(deps.probe(config, timeoutMs), timeoutMs + 1_000);
    if (probed === 'timeout') throw new Error(`no answer from the FMC at ${config.fmcHosts.map(formatFmcAddress).join(', ')} within ${timeoutMs / 1000} s`);
    if ('error' in probed) throw probed.error;
    if (probed.value) log.warn(`validation passed, but ${probed.value}`);
    await storeValidatedPassword(definition, config, log);
    return 0;
  } catch (err) {
    log.error(`validation failed: ${message(err)}`);
    // splunkd shows this message in the form and refuses to save the input.
    await writeOut(io.stdout, `<error><message>${escapeXml(message(err))}</message></error>\n`);
    return 1;
  }
}

/** The eNcore bookmark file `start` names must be there at the first run: say so in the form. */
function checkEncoreBookmark(config: InputConfig): void {
  if (typeof config.start !== 'object' || !('encoreBookmark' in config.start)) return;
  try {
    readEncoreBookmark(config.start.encoreBookmark);
  } catch (err) {
    throw new Error(`start: ${message(err)}`);
  }
}

/**
 * A clear password that works goes into the credential store at once. splunkd writes the stanza,
 * password in clear, only after the validation's answer: the input masks it there when it starts.
 */
async function storeValidatedPassword(definition: InputDefinition, config: InputConfig, log: Logger): Promise<void> {
  const stanza = definition.stanzas[0];
  if (config.pkcs12Password === '' || stanza.params.pkcs12_password === MASKED_PASSWORD) return;
  const retry = 'The input tries again when it starts';
  const session = { serverUri: definition.server_uri, sessionKey: definition.session_key };
  const storing = storePkcs12Password({ given: config.pkcs12Password, inputName: stanza.name, app: stanza.app ?? APP_ID, session, log }, retry);
  const stored = await within(storing, VALIDATION_STORE_TIMEOUT_MS);
  if (stored === 'timeout') log.warn(`splunkd at ${session.serverUri} did not store pkcs12_password within ${VALIDATION_STORE_TIMEOUT_MS / 1000} s. ${retry}`);
  else if ('value' in stored && stored.value) {
    log.info(`pkcs12_password of input "${stanza.name}" stored in Splunk's credential store; the input masks it in inputs.conf when it starts`);
  }
}

async function runInput(io: SplunkIo, deps: SplunkDeps, log: Logger): Promise<number> {
  // Listening for SIGTERM from the first moment: splunkd may stop an input that has only just started.
  const early = new StopRequest(log);
  let definition: InputDefinition;
  try {
    const read = await readDefinition(io.stdin, early.requested);
    if (early.reason) return 0;
    definition = await parseInputDefinition(read);
  } catch (err) {
    log.error(message(err));
    return 1;
  } finally {
    early.dispose();
  }
  const [stanza, ...others] = definition.stanzas;
  if (!stanza) {
    log.warn('the input definition holds no stanza: nothing to do');
    return 0;
  }
  if (others.length) {
    log.warn(`the input definition holds ${definition.stanzas.length} stanzas; only ${SCHEME}://${stanza.name} is read (one process per input)`);
  }
  const inputLog = log.child(`${SCHEME}://${stanza.name}`);
  const stop = new StopRequest(inputLog);
  try {
    let config: InputConfig;
    try {
      config = await configWithPassword(definition, inputLog, true);
    } catch (err) {
      inputLog.error(message(err));
      return 1;
    }
    if (stop.reason) return 0;
    return await new InputRun(config, definition.checkpoint_dir, io, deps, inputLog, stop).run();
  } finally {
    stop.dispose();
  }
}

/** Why the input must stop: SIGTERM or SIGINT from splunkd, or splunkd gone (we were orphaned). */
class StopRequest {
  reason: string | undefined;
  readonly requested: Promise<void>;
  private wake: () => void = () => {};
  private readonly parentWatch: NodeJS.Timeout;
  private readonly onSignal = (signal: NodeJS.Signals) => this.request(`received ${signal}`);

  constructor(private readonly log: Logger) {
    this.requested = new Promise((resolve) => {
      this.wake = resolve;
    });
    process.on('SIGTERM', this.onSignal);
    process.on('SIGINT', this.onSignal);
    // splunkd closes stdin once it has written the definition, so only the parent pid tells.
    const parentPid = process.ppid;
    this.parentWatch = setInterval(() => {
      if (process.ppid !== parentPid) this.request(`splunkd (parent process ${parentPid}) is gone`);
    }, PARENT_POLL_MS);
    this.parentWatch.unref();
  }

  request(reason: string): void {
    if (this.reason) return;
    this.reason = reason;
    this.log.info(`stopping: ${reason}`);
    this.wake();
  }

  dispose(): void {
    clearInterval(this.parentWatch);
    process.off('SIGTERM', this.onSignal);
    process.off('SIGINT', this.onSignal);
  }
}

/** One run of one input: source → stream writer → checkpoint, until stopped. */
class InputRun {
  private readonly stanza: string;

  constructor(
    private readonly config: InputConfig,
    private readonly checkpointDir: string,
    private readonly io: SplunkIo,
    private readonly deps: SplunkDeps,
    private readonly log: Logger,
    private readonly stop: StopRequest,
  ) {
    this.stanza = `${SCHEME}://${config.name}`;
  }

  async run(): Promise<number> {
    const { config, log } = this;
    const server = { host: config.fmcHost, port: config.fmcPort };
    const store = new CheckpointStore(this.checkpointDir, log);
    // `start` says where the first run begins; afterwards the checkpoint always wins, so a
    // restart of splunkd neither re-indexes the FMC's history nor skips what came meanwhile.
    // The checkpoint of an HA pair is saved under its primary and read under any of them.
    const resume = store.load(this.stanza, config.fmcHosts);
    log.info(
      `starting: FMC ${config.fmcHosts.map(formatFmcAddress).join(', ')}, start=${describeStart(config.start)}, ` +
        (resume ? `resuming at archive second ${resume.archiveTimestamp} (${resume.seen.length} events of it already indexed)` : 'no checkpoint used'),
    );

    let source: EventSource;
    try {
      source = this.deps.openSource(config, resume, log, this.checkpointDir);
    } catch (err) {
      log.error(message(err));
      return 1;
    }
    const tracker = new CheckpointTracker({ store, input: this.stanza, server, log, resume });
    const writer = new StreamWriter(this.io.stdout, {
      stanza: this.stanza,
      sourcetype: config.sourcetype,
      host: config.host,
      onFlushed: (e) => tracker.flushed(e),
    });

    const health = new HealthReporter(() => source.stats(), log, () => tracker.pending);
    const stopHealth = health.every(config.monitorPeriodMs);

    let exitCode = 0;
    try {
      exitCode = await this.pump(source, writer, tracker);
    } finally {
      const deadline = Date.now() + STOP_DEADLINE_MS;
      const stopped = await within(Promise.resolve().then(() => source.stop()), deadline - Date.now());
      if (stopped === 'timeout' || 'error' in stopped) log.warn(`the event source did not stop cleanly: ${stopped === 'timeout' ? 'timed out' : message(stopped.error)}`);
      const closed = await within(writer.close(), deadline - Date.now());
      if (closed === 'timeout' || 'error' in closed) log.warn(`could not finish the stream to splunkd: ${closed === 'timeout' ? 'splunkd is not reading' : message(closed.error)}`);
      tracker.stop();
      stopHealth();
      health.report('stopped');
    }
    return exitCode;
  }

  /**
   * Moves events from the source to the writer until a stop is requested or either side fails.
   * The stop is raced once for the whole run, not once per event: every race against the
   * long-lived stop promise would leave a reaction on it until shutdown (a leak per event).
   */
  private async pump(source: EventSource, writer: StreamWriter, tracker: CheckpointTracker): Promise<number> {
    return Promise.race([this.move(source, writer, tracker), this.stop.requested.then(() => 0)]);
  }

  private async move(source: EventSource, writer: StreamWriter, tracker: CheckpointTracker): Promise<number> {
    const events = source.events[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<OutputEvent>;
      try {
        next = await events.next();
      } catch (err) {
        if (this.stop.reason) return 0;
        this.log.error(`the event source failed: ${message(err)}`);
        return 1;
      }
      // After a stop, the race above has returned: nothing more may reach the writer.
      if (this.stop.reason) return 0;
      if (next.done) {
        this.log.info('the event source ended');
        return 0;
      }
      tracker.handed(next.value);
      try {
        await writer.write(next.value);
      } catch (err) {
        if (this.stop.reason) return 0;
        this.log.error(`cannot write events to splunkd: ${message(err)}`);
        return 1;
      }
      if (this.stop.reason) return 0;
    }
  }
}
