import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../../test/paths';
import { coverageMarkdown } from './coverage';
import { layouts } from './registry';

test('docs/coverage.md is the table generated from the layouts (regenerate: node --import tsx src/records/coverage.ts > docs/coverage.md)', () => {
  assert.equal(readFileSync(join(REPO, 'docs', 'coverage.md'), 'utf8'), coverageMarkdown());
});

test('every main block version a record lists has a layout', () => {
  for (const r of layouts.allRecords()) {
    const inline = r.fields.find(([, t]) => typeof t === 'object' && 'inline' in t);
    if (!inline) continue;
    const series = (inline[1] as { inline: 1 | 2 }).inline;
    assert.ok(r.blocks?.length, `record ${r.type} lists its block versions`);
    for (const b of r.blocks ?? []) assert.ok(layouts.block(series, b), `record ${r.type} block ${b}`);
  }
});
