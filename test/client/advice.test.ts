// The advice names settings that exist: the Splunk input's fields in what splunkd shows, the
// command line's options in what the CLI prints.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONNECTION_OPTIONS } from '../../src/cli/options';
import { notPkcs12Advice, SETTING_NAMES } from '../../src/client/advice';
import { ARGUMENT_NAMES, INPUT_ARGUMENTS } from '../../src/splunk/scheme';

describe('the settings the advice names', () => {
  it('are fields of the Splunk input form, or options of the command line', () => {
    const titles = ARGUMENT_NAMES.map((name) => [name, INPUT_ARGUMENTS[name].title] as const);
    for (const text of Object.values(SETTING_NAMES.splunk)) {
      assert.ok(titles.some(([name, title]) => text.includes(`"${title}" field (${name}`)), text);
      assert.doesNotMatch(text, /--/);
    }
    const options = [...Object.keys(CONNECTION_OPTIONS)].map((o) => `--${o}`);
    for (const text of Object.values(SETTING_NAMES.cli)) {
      for (const option of text.match(/--[a-z-]+/g) ?? []) assert.ok(options.includes(option), option);
    }
  });

  it('"not a PKCS#12 file" points to no setting that does not exist', () => {
    const text = notPkcs12Advice('/x/client.pem', 'not DER');
    assert.doesNotMatch(text, /settings?/);
    assert.match(text, /give the \.pkcs12 file itself/);
  });
});
