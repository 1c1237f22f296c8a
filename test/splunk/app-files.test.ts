// The app's .conf files agree with the argument table and with each other.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { APP_ID, ARGUMENT_NAMES, INPUT_ARGUMENTS, SCHEME, SOURCETYPE } from '../../src/splunk/scheme';
import { ENCORE_OUTPUT_FILE, REPO, SPLUNK_REFERENCE } from '../paths';
import { readConf } from './conf';

/** README/inputs.conf.spec entries: setting → [value placeholder, its `*` comment text]. */
function readSpec(): { stanzas: string[]; entries: Map<string, [string, string]> } {
  const stanzas: string[] = [];
  const entries = new Map<string, [string, string]>();
  let current: [string, string] | undefined;
  for (const line of readFileSync(join(REPO, 'README/inputs.conf.spec'), 'utf8').split('\n')) {
    const header = line.match(/^\[(.*)\]$/);
    const setting = line.match(/^(\w+) = (.*)$/);
    if (header) stanzas.push(header[1]);
    if (setting) entries.set(setting[1], (current = [setting[2], '']));
    else if (current && /^(\* |  )/.test(line)) current[1] = `${current[1]} ${line.replace(/^\*? +/, '')}`.trim();
    else current = undefined;
  }
  return { stanzas, entries };
}

describe('README/inputs.conf.spec', () => {
  const spec = readSpec();

  it('declares the scheme', () => {
    assert.deepEqual(spec.stanzas, [`${SCHEME}://<name>`]);
  });

  it('declares exactly the arguments of the table, with their description, requirement and default', () => {
    assert.deepEqual([...spec.entries.keys()], ARGUMENT_NAMES);
    for (const name of ARGUMENT_NAMES) {
      const argument = INPUT_ARGUMENTS[name];
      const [placeholder, comment] = spec.entries.get(name)!;
      assert.equal(placeholder, argument.specValue, name);
      assert.ok(comment.includes(argument.description), `${name}: "${comment}" lacks the table's description`);
      assert.equal(comment.includes('Required.'), argument.required, `${name}: Required.`);
      const expectedDefault = 'defaultValue' in argument ? `Default: ${argument.defaultValue || 'empty'}` : undefined;
      assert.equal(comment.match(/Default: \S+/)?.[0], expectedDefault, name);
    }
  });
});

describe('default/inputs.conf', () => {
  it('holds the table defaults in the scheme stanza, and no sourcetype (the input chooses it by its output format)', () => {
    const inputs = readConf('default/inputs.conf');
    assert.deepEqual([...inputs.keys()], [SCHEME]);
    const settings = inputs.get(SCHEME)!;
    // splunkd would pass a sourcetype set here to every input as if the stanza had set it.
    assert.equal(settings.get('sourcetype'), undefined);
    const defaults = ARGUMENT_NAMES.flatMap((name) => {
      const argument = INPUT_ARGUMENTS[name];
      return 'defaultValue' in argument ? [[name, argument.defaultValue]] : [];
    });
    const argumentSettings = [...settings].filter(([key]) => key !== 'sourcetype' && key !== 'interval');
    assert.deepEqual(argumentSettings, defaults);
  });
});

describe('app identity', () => {
  it('has one version and one id in app.conf, app.manifest and package.json', () => {
    const app = readConf('default/app.conf');
    const manifest = JSON.parse(readFileSync(join(REPO, 'app.manifest'), 'utf8'));
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    assert.match(pkg.version, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    assert.equal(app.get('id')?.get('version'), pkg.version);
    assert.equal(app.get('launcher')?.get('version'), pkg.version);
    assert.equal(manifest.info.id.version, pkg.version);
    assert.equal(manifest.schemaVersion, '2.0.0');
    assert.equal(app.get('package')?.get('id'), APP_ID);
    assert.equal(app.get('id')?.get('name'), APP_ID);
    assert.equal(manifest.info.id.name, APP_ID);
    assert.match(app.get('install')?.get('build') ?? '', /^[1-9]\d*$/);
    assert.equal(app.get('ui')?.get('is_visible'), 'true', 'the dashboards are in its navigation bar');
  });
});

describe('knowledge objects', () => {
  const props = readConf('default/props.conf').get(SOURCETYPE)!;
  const transforms = readConf('default/transforms.conf');

  it('keeps the input time and never merges or truncates events', () => {
    assert.equal(props.get('SHOULD_LINEMERGE'), 'false');
    assert.equal(props.get('TRUNCATE'), '0');
    assert.equal(props.get('DATETIME_CONFIG'), 'NONE');
    assert.equal(props.get('HEADER_MODE'), 'none');
    // kv-extraction.test.ts holds the extraction mode and the writer's escaping together.
    assert.equal(props.get('KV_MODE'), 'auto_escaped');
  });

  it("gives Cisco's source type cisco:estreamer:data the same settings, its time read from event_sec as TA-eStreamer did", () => {
    assert.deepEqual([...readConf('default/props.conf').keys()], [SOURCETYPE, 'cisco:estreamer:data']);
    const data = readConf('default/props.conf').get('cisco:estreamer:data')!;
    const TIME = ['DATETIME_CONFIG', 'TIME_PREFIX', 'TIME_FORMAT', 'MAX_TIMESTAMP_LOOKAHEAD'];
    const withoutTime = (stanza: Map<string, string>) => [...stanza].filter(([key]) => !TIME.includes(key));
    assert.deepEqual(withoutTime(data), withoutTime(props));
    assert.deepEqual(
      TIME.map((key) => data.get(key)),
      [undefined, 'event_sec=', '%s', '10'],
    );
    // eNcore's own lines (TA-eStreamer's files): the prefix and lookahead find the whole epoch second.
    const prefix = new RegExp(data.get('TIME_PREFIX')!);
    const lines = readFileSync(ENCORE_OUTPUT_FILE, 'utf8').trim().split('\n').filter((line) => line.includes('event_sec='));
    assert.ok(lines.length > 30);
    for (const line of lines) {
      const at = line.search(prefix) + line.match(prefix)![0].length;
      const text = line.slice(at, at + Number(data.get('MAX_TIMESTAMP_LOOKAHEAD')));
      assert.equal(text, line.match(/\bevent_sec=(\d+)/)![1], line.slice(0, 60));
    }
  });

  // cim.test.ts evaluates the whole mapping per data model.
  it('maps the eNcore fields to CIM', () => {
    const aliases = [...props].filter(([key]) => key.startsWith('FIELDALIAS-')).map(([, value]) => value).join(' ');
    for (const pair of ['sensor AS dvc', 'fw_rule AS rule', 'connection_id AS flow_id', 'sid AS signature_id']) {
      assert.ok(aliases.includes(pair), pair);
    }
    assert.match(props.get('LOOKUP-estreamer_fw_rule_action')!, /fw_rule_action OUTPUTNEW action$/);
  });

  it('uses only lookups that transforms.conf defines and lookups/ holds', () => {
    const lookups = [...props].filter(([key]) => key.startsWith('LOOKUP-')).map(([, value]) => value.split(' ')[0]);
    assert.ok(lookups.length > 0);
    for (const name of lookups) {
      const filename = transforms.get(name)?.get('filename');
      assert.ok(filename, `${name} is not in transforms.conf`);
      const csv = readFileSync(join(REPO, 'lookups', filename), 'utf8');
      const [header] = csv.split('\n');
      const inputField = [...props].find(([key, value]) => key.startsWith('LOOKUP-') && value.startsWith(`${name} `))![1].split(' ')[1];
      assert.equal(header.split(',')[0], inputField, `${filename} is keyed by ${inputField}`);
    }
  });

  it("tags event types only with tags.conf.cim.spec's tags (and the add-on's own), always `enabled`", () => {
    const eventtypes = readConf('default/eventtypes.conf');
    const tags = readConf('default/tags.conf');
    const cimSpec = readFileSync(join(SPLUNK_REFERENCE, 'splunk-spec-9.2', 'tags.conf.cim.spec'), 'utf8');
    const cimTags = new Set([...cimSpec.matchAll(/^#? ?(\w+) = <enabled\|disabled>/gm)].map((m) => m[1]));
    const ownTags = new Set(['security_intelligence']);
    assert.ok(cimTags.has('communicate') && cimTags.has('vpn') && !cimTags.has('security_intelligence'));
    for (const [stanza, settings] of tags) {
      assert.ok(eventtypes.has(stanza.replace(/^eventtype=/, '')), `${stanza} tags no event type`);
      for (const [tag, state] of settings) {
        assert.ok(cimTags.has(tag) || ownTags.has(tag), `${stanza}: ${tag} is no CIM tag`);
        assert.equal(state, 'enabled', `${stanza}: ${tag} = ${state}`); // Cisco's add-on shipped "ssl = enable"
      }
    }
    for (const [name, settings] of eventtypes) {
      assert.match(settings.get('search') ?? '', /^\(sourcetype=cisco:estreamer OR sourcetype=cisco:estreamer:data\) /, name);
      assert.ok(settings.get('description'), `${name} has no description`);
    }
  });

  it('ships the bin/README that points to the binary', () => {
    assert.ok(existsSync(join(REPO, 'bin', 'README')));
    assert.match(readFileSync(join(REPO, 'bin', 'README'), 'utf8'), /linux_x86_64\/bin\/estreamer/);
  });
});
