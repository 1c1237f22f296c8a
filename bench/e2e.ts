// `npm run bench -- e2e`: the process a Splunk admin runs, end to end. The `estreamer` binary in
// Splunk run mode (input definition on stdin, a checkpoint folder, no splunkd) against the
// built-in FMC simulator over mutual TLS, which serves the real capture's block-160 connection
// events in prebuilt bundles as fast as the socket and the ack window allow; the XML stream goes
// to a pipe this process drains and counts. Paired in each round with `estreamer stream` (the same
// client writing plain lines) and a do-nothing reader (TLS, framing and acks only: the ceiling
// the simulator sets on this machine). Reports medians of the rounds.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger } from '../src/log';
import { capturedConnectionBundles } from '../src/simulator/capture';
import { History } from '../src/simulator/history';
import { ensurePki, type SimulatorPki } from '../src/simulator/pki';
import { FmcSimulator } from '../src/simulator/server';
import { inputDefinitionXml } from '../test/splunk-definition';

const REPO = resolve(__dirname, '..');
const CAPTURE = join(REPO, 'test', 'fixtures', 'encore', 'fmc_wire_capture_hackathon_2020.json');
const EVENTS = Number(process.env.BENCH_E2E_EVENTS ?? 300_000);
const ROUNDS = Number(process.env.BENCH_E2E_ROUNDS ?? 3);
/** Bundles in flight before the simulator waits for the client's Null ack. */
const WINDOW = 16;
const RUN_TIMEOUT_MS = 180_000;

type Mode = 'run mode' | 'stream' | 'reader' | 'baseline';
/** BENCH_E2E_BASELINE=<another estreamer executable>: its run mode joins each round (before/after pairs). */
const BASELINE = process.env.BENCH_E2E_BASELINE;
const MODES = (process.env.BENCH_E2E_MODES?.split(',') ?? ['run mode', 'stream', 'reader']).concat(BASELINE ? ['baseline'] : []) as Mode[];
const LABELS: Record<Mode, string> = {
  'run mode': 'Splunk run mode, XML to a pipe',
  stream: '`estreamer stream`, lines to a pipe',
  reader: 'do-nothing reader (TLS + framing + acks)',
  baseline: `Splunk run mode of ${BASELINE}`,
};

interface Command {
  file: string;
  args: string[];
  what: string;
}

/**
 * The `estreamer` executable to measure: the standalone binary as `npm run package` builds it
 * (scripts/build-binary.ts → out/estreamer), made afresh so that it is the code of this tree, or
 * `node dist/cli.js` if it cannot be built. (When the way the binary is built changes, only this
 * function changes.)
 */
function estreamerCommand(): Command {
  // For profiling: BENCH_E2E_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" runs dist/cli.js under node with them.
  const nodeArgs = process.env.BENCH_E2E_NODE_ARGS;
  if (nodeArgs !== undefined) {
    return { file: process.execPath, args: [...nodeArgs.split(' ').filter(Boolean), join(REPO, 'dist', 'cli.js')], what: `node ${nodeArgs} dist/cli.js` };
  }
  const binary = join(REPO, 'out', 'estreamer');
  const built = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'scripts', 'build-binary.ts')], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status === 0 && existsSync(binary)) {
    const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
    return { file: binary, args: [], what: `the standalone binary (${version})` };
  }
  console.log('NOTE: the standalone binary could not be built; measuring `node dist/cli.js` instead');
  return { file: process.execPath, args: [join(REPO, 'dist', 'cli.js')], what: `node ${process.version} dist/cli.js (no binary)` };
}

function definition(port: number, pki: SimulatorPki, checkpointDir: string): string {
  // server_uri: a port where no splunkd listens; the input then uses the password given here.
  return inputDefinitionXml({
    serverHost: 'bench', serverUri: 'https://127.0.0.1:9', sessionKey: 'bench', checkpointDir, stanza: 'estreamer://bench',
    params: {
      fmc_host: '127.0.0.1', fmc_port: port, pkcs12_file: pki.files.clientPkcs12, pkcs12_password: pki.clientPassword, start: 'genesis',
      monitor_period: 3600, index: 'main',
    },
  });
}

function start(mode: Mode, estreamer: Command, port: number, pki: SimulatorPki, work: string, round: number): ChildProcess {
  const env = { ...process.env, BENCH_PKCS12_PASSWORD: pki.clientPassword };
  const connection = ['--host', '127.0.0.1', '--port', String(port), '--pkcs12', pki.files.clientPkcs12, '--password-env', 'BENCH_PKCS12_PASSWORD'];
  if (mode === 'reader') {
    return spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'null-reader.ts'), ...connection], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  }
  const checkpoints = join(work, `checkpoints-${mode.replace(' ', '-')}-${round}`);
  mkdirSync(checkpoints);
  if (mode === 'stream') {
    const args = [...estreamer.args, 'stream', ...connection, '--start', 'genesis', '--checkpoint-dir', checkpoints, '--monitor-period', '0'];
    return showProblems(spawn(estreamer.file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  }
  const runMode = mode === 'baseline' ? { file: BASELINE!, args: [] } : estreamer;
  const child = spawn(runMode.file, runMode.args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin!.end(definition(port, pki, checkpoints));
  return showProblems(child);
}

/** The clients log INFO lines on stderr: show only problems (but not the absent splunkd). */
function showProblems(child: ChildProcess): ChildProcess {
  child.stderr!.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) if (/(WARN|ERROR) /.test(line) && !/splunkd/.test(line)) process.stderr.write(line + '\n');
  });
  return child;
}

/** user+sys CPU seconds and peak RSS (MB) of a live process, from /proc. */
function usage(pid: number): { cpu: number; peakMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpu = (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpu, peakMb: hwm ? Number(hwm[1]) / 1024 : NaN };
}

interface Result {
  rate: number;
  cpuPerMillion: number;
  peakMb: number;
}

/** Starts one client, counts its output lines up to EVENTS, stops it. Times from its first event. */
async function measure(mode: Mode, estreamer: Command, pki: SimulatorPki, work: string, round: number): Promise<Result> {
  // A fresh simulator per run: every client starts from genesis with the same stream.
  const simulator = new FmcSimulator({
    pki,
    history: new History(),
    bundles: capturedConnectionBundles(readFileSync(CAPTURE)),
    window: WINDOW,
    keepaliveMs: 60_000,
    logger: createLogger({ level: 'ERROR' }),
  });
  const { port } = await simulator.listen();
  const child = start(mode, estreamer, port, pki, work, round);
  const pid = child.pid!;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    return await new Promise<Result>((resolveRun, reject) => {
      // Run mode's first line is `<stream>`; the capture's metadata comes out as a few events first.
      let lines = 0;
      let first: { at: bigint; cpu: number } | undefined;
      const timer = setTimeout(() => reject(new Error(`${mode}: ${lines} of ${EVENTS} events within ${RUN_TIMEOUT_MS / 1000} s`)), RUN_TIMEOUT_MS);
      void exited.then(() => reject(new Error(`${mode} exited after ${lines} lines`)));
      child.stdout!.on('data', (chunk: Buffer) => {
        for (let p = chunk.indexOf(10); p >= 0; p = chunk.indexOf(10, p + 1)) lines++;
        if (!first && lines >= 100) first = { at: process.hrtime.bigint(), cpu: usage(pid).cpu };
        if (first && lines >= EVENTS + 100) {
          const seconds = Number(process.hrtime.bigint() - first.at) / 1e9;
          const end = usage(pid);
          clearTimeout(timer);
          resolveRun({ rate: (lines - 100) / seconds, cpuPerMillion: ((end.cpu - first.cpu) / (lines - 100)) * 1e6, peakMb: end.peakMb });
        }
      });
    });
  } finally {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
    await simulator.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchEndToEnd(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'estreamer-bench-'));
  try {
    const pki = ensurePki(join(work, 'pki'), { password: 'estreamer' });
    const estreamer = estreamerCommand();
    console.log(
      `End to end: ${estreamer.what}; simulator over mutual TLS on 127.0.0.1, the capture's block-160 connection events, ` +
        `38 to a bundle, window ${WINDOW}; ${EVENTS.toLocaleString('en-US')} events per run; ${ROUNDS} rounds of ${MODES.join(' / ')}, medians`,
    );
    const results = new Map<Mode, Result[]>(MODES.map((m) => [m, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order too, so that neither mode always runs after the other.
      const order = round % 2 === 0 ? MODES : [...MODES].reverse();
      for (const mode of order) {
        const r = await measure(mode, estreamer, pki, work, round);
        results.get(mode)!.push(r);
        console.log(`  round ${round + 1} ${mode}: ${Math.round(r.rate).toLocaleString('en-US')} events/s, ${r.cpuPerMillion.toFixed(1)} CPU s per million events, peak RSS ${r.peakMb.toFixed(0)} MB`);
      }
    }
    console.log('\n| Client | Events/s (median) | CPU s per million events (user+sys) | Peak RSS (MB) |');
    console.log('|---|---|---|---|');
    for (const mode of MODES) {
      const rs = results.get(mode)!;
      console.log(
        `| ${LABELS[mode]} | ${Math.round(median(rs.map((r) => r.rate))).toLocaleString('en-US')} | ` +
          `${median(rs.map((r) => r.cpuPerMillion)).toFixed(1)} | ${Math.max(...rs.map((r) => r.peakMb)).toFixed(0)} (max) |`,
      );
    }
    const pairs = (other: Mode, what: string) => {
      const run = results.get('run mode') ?? [];
      const them = results.get(other) ?? [];
      if (run.length === 0 || them.length !== run.length) return;
      console.log(`Run mode / ${what}, median of the paired rounds: ${median(run.map((r, i) => r.rate / them[i].rate)).toFixed(2)}`);
    };
    console.log('');
    pairs('reader', 'do-nothing reader (events/s)');
    pairs('baseline', 'baseline (events/s)');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
