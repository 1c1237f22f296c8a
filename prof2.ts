import { MetadataCache } from './src/metadata/cache';
import { RecordPipeline } from './src/output/pipeline';
import { TrafficGenerator } from './src/simulator/generator';
import { recordFrame } from './src/protocol/messages';
import { createLogger } from './src/log';
const gen = new TrafficGenerator({ seed: 42 });
const metadata = gen.metadata().map((m) => recordFrame(m.recordType, m.body, 0));
const events = Array.from({ length: 20000 }, (_, i) => { const e = gen.connection(1_700_000_000 + Math.floor(i / 100), 174); return recordFrame(71, e.body!, 1_700_000_000 + Math.floor(i / 100)); });
const mk = (fields: any, format: any = 'kv') => { const p = new RecordPipeline({ format, fields, cache: new MetadataCache(), logger: createLogger({ level: 'ERROR' }) }); for (const m of metadata) p.process(m); return p; };
const a = mk('all'), j = mk('all', 'json'), c = mk('compact');
const run = (p: RecordPipeline) => { const t0 = performance.now(); for (const e of events) p.process(e); return 20000 / ((performance.now() - t0) / 1000); };
run(a); run(j); run(c); run(a); run(j); run(c);
const ra: number[] = [], rc: number[] = [];
for (let r = 0; r < 8; r++) { ra.push(run(a)); run(j); rc.push(run(c)); }
const med = (x: number[]) => [...x].sort((p, q) => p - q)[4];
console.log('all', Math.round(med(ra)), 'compact', Math.round(med(rc)), 'ratios', ra.map((x, i) => (rc[i] / x).toFixed(2)).join(' '));
