// The app's lookups must use the names the client prints, or Splunk silently finds nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_TABLES } from '../../src/metadata/builtin';
import { readCsv } from './conf';

function csvColumn(file: string): string[] {
  return readCsv(file).rows.map((row) => row[0]);
}

// N/A too: a lookup that finds no row clears its output fields (props.conf.spec), and a file
// event without a file action let the file pass.
test('estreamer_file_actions.csv names exactly the file actions the client prints, N/A included', () => {
  const printed = [...BUILTIN_TABLES.get('file_action')!.values()];
  assert.deepEqual([...new Set(csvColumn('estreamer_file_actions.csv'))].sort(), [...new Set(printed as string[])].sort());
});
