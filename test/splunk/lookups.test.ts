// The app's lookups must use the names the client prints, or Splunk silently finds nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_TABLES } from '../../src/metadata/builtin';
import { REPO } from '../paths';

function csvColumn(file: string): string[] {
  return readFileSync(join(REPO, 'lookups', file), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0]);
}

test('estreamer_file_actions.csv names exactly the file actions the client prints', () => {
  const printed = [...BUILTIN_TABLES.get('file_action')!.values()].filter((v) => v !== 'N/A');
  assert.deepEqual([...new Set(csvColumn('estreamer_file_actions.csv'))].sort(), [...new Set(printed as string[])].sort());
});
