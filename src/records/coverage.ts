// The coverage table of the docs, generated from the layout tables themselves
// (`node --import tsx src/records/coverage.ts > docs/coverage.md`; a test keeps it current).

import { ENCORE_DIFFERENCES } from './encore-differences';
import { LayoutRegistry, layouts } from './registry';
import type { Field, RecordDef } from './schema';

/**
 * Block versions the guide names but no public copy gave a layout for, and where they were looked
 * for. Records with these blocks are passed on with the block's bytes (`block_type`, `block_data`).
 */
const MISSING: readonly { series: 1 | 2; blocks: string; what: string; searched: string }[] = [
  {
    series: 2,
    blocks: '16, 24, 33, 35, 44',
    what: 'Malware Event 5.1, 5.1.1.x, 5.2.x, 5.3, 5.3.1+ (record 125)',
    searched:
      'stored copies of the 5.3 guide (App. B, pp.494-510; ch.3 pp.140-149) and the FireSIGHT 5.4 guide (App. B pp.B-32..B-52; ch.3 pp.3-64..3-71) hold fragments of these tables only (e.g. 5.1 carries a host IPv4 address and an 8-bit file type); not in SFRNABlocks.pm (series 1 only) or eNcore (6.0+ only); the 5.4-era client spohara79/estreamer has a later malware block only (its type 47)',
  },
  {
    series: 2,
    blocks: '32, 38, 43',
    what: 'File Event 5.2.x, 5.3, 5.3.1+ (records 500, 502)',
    searched: "the same guide copies: only a fragment of the 5.3 file event table (5.3 guide ch.3 p.140, from Destination Port to Client Application ID); not in SFRNABlocks.pm or eNcore",
  },
  {
    series: 2,
    blocks: '42',
    what: 'Intrusion Event 5.3.1 (record 400)',
    searched: "listed in the 5.4 guide's block table; its layout page is in no stored copy of the guides, SDKs or eNcore",
  },
];

function mainBlockSeries(def: RecordDef): 1 | 2 | undefined {
  for (const [, type] of def.fields) if (typeof type === 'object' && 'inline' in type) return type.inline;
  return undefined;
}

function fieldCount(fields: readonly Field[]): number {
  return fields.filter(([name]) => name).length;
}

export function coverageMarkdown(registry: LayoutRegistry = layouts): string {
  const records = registry.allRecords();
  const blocks = registry.allBlocks();
  const lines = [
    '# Record coverage',
    '',
    'Generated from `src/records/tables/` by `src/records/coverage.ts`; do not edit by hand.',
    'The decoder dispatches on the block type actually received, so every listed block version of a',
    'record decodes; an unlisted block type is passed on with its bytes (`block_type`, `block_data`).',
    '',
    `${records.length} record types, ${blocks.length} block layouts (series 1: ${blocks.filter((b) => b.series === 1).length}, series 2: ${blocks.filter((b) => b.series === 2).length}).`,
    '',
    '| Record | Name | Category | Layout | Fields (newest version) |',
    '|---|---|---|---|---|',
  ];
  for (const r of records) {
    const series = mainBlockSeries(r);
    const versions = blocksOfRecord(r, registry);
    const layout = series === undefined ? 'fixed fields' : `series-${series} block: ${versions.join(', ') || 'any'}`;
    // Fields of the newest version: the record's own plus its newest main block's.
    const newest = series === undefined ? undefined : registry.block(series, versions[versions.length - 1]);
    lines.push(`| ${r.type} | ${r.name} | ${r.category} | ${layout} | ${fieldCount(r.fields) + (newest ? fieldCount(newest.fields) : 0)} |`);
  }
  lines.push('', '## Blocks', '', '| Series | Block | Name | Fields | Source |', '|---|---|---|---|---|');
  for (const b of blocks) lines.push(`| ${b.series} | ${b.type} | ${b.name} | ${fieldCount(b.fields)} | ${b.source ?? ''} |`);
  lines.push(
    '',
    '## Deliberate differences from eNcore',
    '',
    "Keys, rec_type_desc and rec_type_simple are eNcore 5.2.11's; so is blockType on 9, 71 and 400. Where",
    'eNcore printed an id overwritten by its name, the id is also printed as `<key>_id`. Otherwise the',
    'output differs from eNcore only here (`src/records/encore-differences.ts`):',
    '',
    '| Records | Key | eNcore | Ours | Why |',
    '|---|---|---|---|---|',
  );
  for (const d of ENCORE_DIFFERENCES) lines.push(`| ${d.records} | ${d.key} | ${d.encore} | ${d.ours} | ${d.reason} |`);
  lines.push('', '## Block versions without a layout', '', '| Series | Blocks | What | Where it was looked for |', '|---|---|---|---|');
  for (const m of MISSING) lines.push(`| ${m.series} | ${m.blocks} | ${m.what} | ${m.searched} |`);
  return lines.join('\n') + '\n';
}

/** The main block versions of a record that have layouts. */
function blocksOfRecord(def: RecordDef, registry: LayoutRegistry): number[] {
  const series = mainBlockSeries(def);
  return series === undefined ? [] : (def.blocks ?? []).filter((type) => registry.block(series, type));
}

if (require.main === module) process.stdout.write(coverageMarkdown());
