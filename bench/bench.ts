// `npm run bench -- e2e`: the end-to-end bench (bench/e2e.ts).
// `npm run bench`: the per-record hot path (decode + decorate + format), on one core, with
// medians of repeated runs; then a million fuzz cases. Figures go to the README.

import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { resolve } from 'node:path';
import { createLogger } from '../src/log';
import { MetadataCache } from '../src/metadata/cache';
import { RecordPipeline } from '../src/output/pipeline';
import { StreamWriter } from '../src/splunk/stream-writer';
import { recordFrame, type RecordFrame } from '../src/protocol/messages';
import { fuzzDecoders } from '../src/records/fuzz';
import { captureRecords } from '../src/simulator/capture';
import { TrafficGenerator } from '../src/simulator/generator';

const RUNS = 7;
/**
 * Runs before the measured ones: a stream's first records are where the renderers learn which
 * fields change and V8 optimises them (a long-running input spends almost all its time after).
 */
const WARMUP_RUNS = 1;
const EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const FUZZ_CASES = Number(process.env.BENCH_FUZZ_CASES ?? 1_000_000);
const CAPTURE = resolve(__dirname, '..', 'test', 'fixtures', 'encore', 'fmc_wire_capture_hackathon_2020.json');

const frame = (recordType: number, body: Buffer, archiveTimestamp: number) => recordFrame(recordType, body, archiveTimestamp);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Workload {
  name: string;
  metadata: RecordFrame[];
  events: RecordFrame[];
}

/** Workloads are built one at a time, so each is measured with only its own records in memory. */
function workloads(): { name: string; build: () => Workload }[] {
  const gen = new TrafficGenerator({ seed: 42 });
  const metadata = gen.metadata().map((m) => frame(m.recordType, m.body, 0));
  const make = (n: number, one: (ts: number) => { recordType: number; body: Buffer | undefined }) =>
    Array.from({ length: n }, (_, i) => {
      const e = one(1_700_000_000 + Math.floor(i / 100));
      if (!e.body) throw new Error(`no layout for record ${e.recordType}`);
      return frame(e.recordType, e.body, 1_700_000_000 + Math.floor(i / 100));
    });
  const block174 = 'connection 71, block 174';
  const block160 = 'connection 71, block 160 (real capture)';
  const intrusion = 'intrusion 400, block 85';
  return [
    { name: block174, build: () => ({ name: block174, metadata, events: make(EVENTS, (ts) => gen.connection(ts, 174)) }) },
    {
      name: block160,
      build: () => {
        const capture = captureRecords(readFileSync(CAPTURE));
        const connections = capture.filter((r) => r.recordType === 71);
        return {
          name: block160,
          metadata: capture.filter((r) => r.recordType !== 71),
          events: Array.from({ length: EVENTS }, (_, i) => connections[i % connections.length]),
        };
      },
    },
    { name: intrusion, build: () => ({ name: intrusion, metadata, events: make(EVENTS, (ts) => gen.intrusion(ts)) }) },
  ];
}

/** A format, with every field or (compact) only those that carry information. */
type Style = 'kv' | 'json' | 'kv compact';

/** A pipeline that has learnt the workload's metadata. */
function pipelineFor(w: Workload, style: Style): RecordPipeline {
  const [format, fields] = style.split(' ') as ['kv' | 'json', 'compact' | undefined];
  const pipeline = new RecordPipeline({ format, fields: fields ?? 'all', cache: new MetadataCache(), logger: createLogger({ level: 'ERROR' }) });
  for (const m of w.metadata) pipeline.process(m);
  return pipeline;
}

/** Events/s of each measured run of `runOnce` (all of the workload's events), after the warm-up runs. */
async function timedRuns(w: Workload, runOnce: () => void | Promise<void>): Promise<number[]> {
  const rates: number[] = [];
  for (let run = -WARMUP_RUNS; run < RUNS; run++) {
    const t0 = process.hrtime.bigint();
    await runOnce();
    if (run >= 0) rates.push(w.events.length / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return rates;
}

async function measure(w: Workload, format: Style): Promise<{ evs: number; best: number; mbs: number; bytesOut: number }> {
  const pipeline = pipelineFor(w, format);
  const inBytes = w.events.reduce((n, e) => n + e.body.length + 16, 0);
  let bytesOut = 0;
  const rates = await timedRuns(w, () => {
    bytesOut = 0;
    for (const e of w.events) bytesOut += pipeline.process(e)?.line.length ?? 0;
  });
  const evs = median(rates);
  return { evs, best: Math.max(...rates), mbs: (evs * inBytes) / w.events.length / 1e6, bytesOut: bytesOut / w.events.length };
}

/**
 * The Splunk run mode's whole output side for the same events: pipeline, then the XML stream
 * writer (escaping, batching, UTF-8) into a pipe that takes everything at once.
 */
async function measureSplunkStream(w: Workload): Promise<number> {
  const pipeline = pipelineFor(w, 'kv');
  const rates = await timedRuns(w, async () => {
    let flushed = 0;
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    const writer = new StreamWriter(sink, { stanza: 'estreamer://bench', sourcetype: 'cisco:estreamer', onFlushed: () => flushed++ });
    for (const e of w.events) {
      const event = pipeline.process(e);
      if (event) await writer.write(event);
    }
    await writer.close();
    if (flushed !== w.events.length) throw new Error(`${flushed} of ${w.events.length} events flushed`);
  });
  return median(rates);
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, one core; ${EVENTS} events per run, median of ${RUNS} runs after ${WARMUP_RUNS} warm-up run`);
  // The best run shows what the code does on a quiet core; the median, what to expect.
  console.log('| Workload | Format | Events/s (median) | Events/s (best run) | Input MB/s (median) | Output bytes/event |');
  console.log('|---|---|---|---|---|---|');
  let peak = 0;
  const splunk: string[] = [];
  for (const { build } of workloads()) {
    const w = build();
    for (const format of ['kv', 'json', 'kv compact'] as const) {
      const r = await measure(w, format);
      peak = Math.max(peak, process.memoryUsage().rss);
      const rate = (x: number) => Math.round(x).toLocaleString('en-US');
      console.log(`| ${w.name} | ${format} | ${rate(r.evs)} | ${rate(r.best)} | ${r.mbs.toFixed(1)} | ${Math.round(r.bytesOut)} |`);
    }
    if (w.name.startsWith('connection')) splunk.push(`${w.name}: ${Math.round(await measureSplunkStream(w)).toLocaleString('en-US')} events/s`);
  }
  console.log(`\nSplunk run mode output side (pipeline + XML stream writer), kv, median: ${splunk.join('; ')}`);
  console.log(`\nPeak resident memory of the benchmark process (records and lines held in memory): ${(peak / 1e6).toFixed(0)} MB`);
  const t0 = Date.now();
  const f = fuzzDecoders(FUZZ_CASES, 1);
  console.log(
    `Fuzz: ${f.cases.toLocaleString('en-US')} mutated records from ${f.seeds} seeds in ${((Date.now() - t0) / 1000).toFixed(1)} s: ` +
      `${f.decoded.toLocaleString('en-US')} decoded, ${f.malformed.toLocaleString('en-US')} rejected as malformed, no crash, no out-of-bounds read`,
  );
}

if (process.argv[2] === 'e2e') void import('./e2e').then((m) => m.benchEndToEnd());
else void main();
