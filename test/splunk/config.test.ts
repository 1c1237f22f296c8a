// From stanza parameters to InputConfig: defaults, conversions, and messages for bad values.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { appDirectory, ConfigError, parseInputConfig } from '../../src/splunk/config';
import { defaultSourcetype, RECORD_CATEGORIES, recordCategories } from '../../src/splunk/scheme';

const appDir = mkdtempSync(join(tmpdir(), 'estreamer-app-'));
writeFileSync(join(appDir, 'client.pkcs12'), 'not really a PKCS#12 file');

function problemsOf(params: Record<string, string | string[]>): string[] {
  try {
    parseInputConfig('fmc1', params, appDir);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('input configuration', () => {
  it('applies the defaults of the argument table', () => {
    const config = parseInputConfig('fmc1', { fmc_host: 'fmc.example.com', pkcs12_file: 'client.pkcs12', index: 'main', interval: '60' }, appDir);
    assert.deepEqual(config, {
      name: 'fmc1',
      fmcHost: 'fmc.example.com',
      fmcPort: 8302,
      fmcHosts: [{ host: 'fmc.example.com', port: 8302 }],
      failbackAfterMs: 300_000,
      pkcs12File: join(appDir, 'client.pkcs12'),
      pkcs12Password: '',
      start: 'bookmark',
      records: [...RECORD_CATEGORIES],
      includeRecordTypes: [],
      excludeRecordTypes: [],
      devices: [],
      outputFormat: 'kv',
      fields: 'all',
      sourcetype: 'cisco:estreamer',
      host: 'fmc.example.com',
      verifyServer: true,
      tlsMinVersion: 'TLSv1.2',
      connectTimeoutMs: 10_000,
      responseTimeoutMs: 120_000,
      monitorPeriodMs: 60_000,
    });
  });

  it('converts every given value', () => {
    const config = parseInputConfig(
      'fmc1',
      {
        fmc_host: '[2001:db8::1]',
        fmc_port: '18302',
        pkcs12_file: join(appDir, 'client.pkcs12'),
        pkcs12_password: ' pass word ',
        start: 'GENESIS',
        records: 'intrusion, connections,intrusion',
        include_record_types: '71, 400',
        exclude_record_types: ['2', '9'],
        output_format: 'json',
        fields: 'Compact',
        verify_server: 'false',
        tls_min_version: '1.3',
        connect_timeout: '3',
        response_timeout: '30',
        monitor_period: '5',
      },
      appDir,
    );
    assert.equal(config.fmcHost, '2001:db8::1');
    assert.equal(config.fmcPort, 18302);
    assert.equal(config.pkcs12Password, ' pass word ');
    assert.equal(config.start, 'genesis');
    // `connections` stands for all connection events, Security Intelligence ones included.
    assert.deepEqual(config.records, ['connections', 'security_intelligence', 'intrusion']);
    assert.deepEqual(config.includeRecordTypes, [71, 400]);
    assert.deepEqual(config.excludeRecordTypes, [2, 9]);
    assert.equal(config.outputFormat, 'json');
    assert.equal(config.fields, 'compact');
    assert.equal(config.verifyServer, false);
    assert.equal(config.tlsMinVersion, 'TLSv1.3');
    assert.equal(config.connectTimeoutMs, 3000);
    assert.equal(config.responseTimeoutMs, 30_000);
    assert.equal(config.monitorPeriodMs, 5000);
  });

  it('treats empty values as absent', () => {
    const config = parseInputConfig('fmc1', { fmc_host: 'fmc', pkcs12_file: 'client.pkcs12', fmc_port: '', records: ' ' }, appDir);
    assert.equal(config.fmcPort, 8302);
    assert.deepEqual(config.records, [...RECORD_CATEGORIES]);
  });

  it('reports every bad value at once, naming the parameter and what it accepts', () => {
    const problems = problemsOf({
      fmc_host: 'https://fmc.example.com',
      fmc_port: '70000',
      pkcs12_file: 'missing.p12',
      start: 'yesterday',
      records: 'connections,flows',
      include_record_types: '71,abc',
      output_format: 'cef',
      verify_server: 'maybe',
      tls_min_version: '0.9',
      connect_timeout: '-1',
    });
    assert.deepEqual(problems, [
      'fmc_host: "https://fmc.example.com" is a URL; give only the FMC\'s host name or IP address',
      'fmc_port: "70000" is not a whole number from 1 to 65535',
      'start: "yesterday" is not one of bookmark, genesis, now, a time (ISO 8601 such as 2025-11-28T13:00:00Z, or epoch seconds) or encore_bookmark:<path>',
      'records: unknown category flows; use all or a comma list of connections, security_intelligence, intrusion, file_malware, correlation, discovery, user, metadata, packets (a category prefixed with - is left out)',
      'include_record_types: "abc" is not a record type number; use a comma list such as 71,400',
      'output_format: "cef" is not one of kv, json, security_cloud',
      'verify_server: "maybe" is not a boolean; use true or false',
      'tls_min_version: "0.9" is not one of 1.0, 1.1, 1.2, 1.3',
      'connect_timeout: "-1" is not a whole number from 1 to 600',
      `pkcs12_file: cannot read ${join(appDir, 'missing.p12')} (ENOENT); put the PKCS#12 file created on the FMC there, readable by the user Splunk runs as (a relative path is taken from ${appDir})`,
    ]);
  });

  it('takes start as a keyword, a time (ISO 8601, UTC without a zone, or epoch seconds) or an eNcore bookmark file', () => {
    const start = (text: string) => parseInputConfig('fmc1', { fmc_host: 'fmc', pkcs12_file: 'client.pkcs12', start: text }, appDir).start;
    assert.equal(start('now'), 'now');
    assert.deepEqual(start('2020-12-02T15:32:33Z'), { at: 1606923153 });
    assert.deepEqual(start('2020-12-02T16:32:33+01:00'), { at: 1606923153 });
    assert.deepEqual(start('2020-12-02 15:32:33'), { at: 1606923153 });
    assert.deepEqual(start('2020-12-02'), { at: 1606867200 });
    assert.deepEqual(start('1606923153'), { at: 1606923153 });
    assert.deepEqual(start('1606923153.75'), { at: 1606923153 });
    assert.deepEqual(start('encore_bookmark:estreamer/10.1.1.1-8302_bookmark.dat'), { encoreBookmark: join(appDir, 'estreamer/10.1.1.1-8302_bookmark.dat') });
    assert.deepEqual(start('encore_bookmark: /opt/encore/b.dat'), { encoreBookmark: '/opt/encore/b.dat' });
    const bad = (text: string) => problemsOf({ fmc_host: 'fmc', pkcs12_file: 'client.pkcs12', start: text });
    assert.match(bad('2020-02-30')[0], /^start: "2020-02-30" is not one of bookmark, genesis, now, a time/);
    assert.match(bad('0')[0], /^start: "0" is not a time between 1970 and 2106/);
    assert.match(bad('99999999999')[0], /^start: "99999999999" is not a time between 1970 and 2106/);
    assert.match(bad('encore_bookmark:')[0], /^start: encore_bookmark: needs the path of eNcore's <host>-<port>_bookmark\.dat file/);
  });

  it("uses the stanza's own sourcetype and host; else the format's sourcetype and the FMC", () => {
    const config = (params: Record<string, string>) =>
      parseInputConfig('fmc1', { fmc_host: '10.1.1.1', pkcs12_file: 'client.pkcs12', ...params }, appDir, 'hf1.example.com');
    assert.equal(config({ sourcetype: 'cisco:estreamer:data' }).sourcetype, 'cisco:estreamer:data');
    // splunkd's default for an input that sets none is the scheme name.
    assert.equal(config({ sourcetype: 'estreamer' }).sourcetype, 'cisco:estreamer');
    assert.equal(config({ sourcetype: '' }).sourcetype, defaultSourcetype('kv'));
    assert.equal(config({ output_format: 'json' }).sourcetype, 'cisco:estreamer');
    assert.equal(config({ output_format: 'security_cloud' }).sourcetype, 'cisco:sfw:estreamer');
    assert.equal(config({ output_format: 'security_cloud', sourcetype: 'cisco:estreamer:data' }).sourcetype, 'cisco:estreamer:data');
    assert.equal(config({ host: 'fmc-east' }).host, 'fmc-east');
    // splunkd passes its own name as the host of an input that sets none.
    assert.equal(config({ host: 'hf1.example.com' }).host, '10.1.1.1');
    assert.equal(config({}).host, '10.1.1.1');
  });

  it('requires fmc_host and pkcs12_file', () => {
    const problems = problemsOf({ fmc_port: '8302' });
    assert.equal(problems.length, 2);
    assert.match(problems[0], /^fmc_host is required/);
    assert.match(problems[1], /^pkcs12_file is required/);
  });

  it('reads an HA pair from fmc_host: host[:port] items, the primary first, fmc_port where none is given', () => {
    const config = parseInputConfig(
      'fmc1',
      { fmc_host: ' fmc-a.example.com , [2001:db8::2]:18302, 2001:db8::3, fmc-b:9000,fmc-a.example.com:8302', fmc_port: '8302', failback_after: '0', pkcs12_file: 'client.pkcs12' },
      appDir,
    );
    assert.deepEqual(config.fmcHosts, [
      { host: 'fmc-a.example.com', port: 8302 },
      { host: '2001:db8::2', port: 18302 },
      { host: '2001:db8::3', port: 8302 },
      { host: 'fmc-b', port: 9000 },
    ]);
    assert.equal(config.fmcHost, 'fmc-a.example.com');
    assert.equal(config.fmcPort, 8302);
    assert.equal(config.failbackAfterMs, 0);
    assert.deepEqual(problemsOf({ fmc_host: 'fmc-a, fmc-b:99999, https://fmc-c', failback_after: '-5', pkcs12_file: 'client.pkcs12' }), [
      'fmc_host: "fmc-b:99999": the port "99999" is not a whole number from 1 to 65535',
      'failback_after: "-5" is not a whole number from 0 to 86400',
    ]);
    assert.deepEqual(problemsOf({ fmc_host: ' , ', pkcs12_file: 'client.pkcs12' }), ['fmc_host: must name at least one FMC']);
  });

  it('reads devices as a list of names or ids, each once', () => {
    const config = parseInputConfig('fmc1', { fmc_host: 'fmc', pkcs12_file: 'client.pkcs12', devices: '10.101.101.161, ftd-dc-02,2 ,ftd-dc-02' }, appDir);
    assert.deepEqual(config.devices, ['10.101.101.161', 'ftd-dc-02', '2']);
  });

  it('rejects a directory as the PKCS#12 file', () => {
    assert.deepEqual(problemsOf({ fmc_host: 'fmc', pkcs12_file: '.' }).map((p) => p.split(';')[0]), [`pkcs12_file: ${appDir} is not a file`]);
  });
});

describe('records: categories, Security Intelligence, exclusions', () => {
  const all = [...RECORD_CATEGORIES];
  const without = (...left: string[]) => all.filter((c) => !left.includes(c));
  it('connections stands for all connection events, SI ones included', () => {
    assert.deepEqual(recordCategories('connections'), ['connections', 'security_intelligence']);
    assert.deepEqual(recordCategories('all'), all);
  });
  it('security_intelligence alone selects only the SI events; -security_intelligence leaves them out', () => {
    assert.deepEqual(recordCategories('security_intelligence'), ['security_intelligence']);
    assert.deepEqual(recordCategories('connections, -security_intelligence'), ['connections']);
    assert.deepEqual(recordCategories('all,-security_intelligence'), without('security_intelligence'));
    assert.deepEqual(recordCategories('intrusion,security_intelligence'), ['security_intelligence', 'intrusion']);
  });
  it('- leaves a category out of all when nothing else is named; -connections takes the SI events too', () => {
    assert.deepEqual(recordCategories('-packets,-discovery'), without('packets', 'discovery'));
    assert.deepEqual(recordCategories('all, -connections'), without('connections', 'security_intelligence'));
    assert.deepEqual(recordCategories('ALL,-Metadata'), without('metadata'));
  });
  it('refuses a list that selects nothing, or an unknown category behind -', () => {
    assert.throws(() => recordCategories('connections,-connections'), /"connections,-connections" leaves no category selected/);
    assert.throws(() => recordCategories('all,-flows'), /unknown category flows;/);
  });
});

describe('app directory', () => {
  it('is under SPLUNK_HOME when known, else two levels above the binary', () => {
    assert.equal(appDirectory({ SPLUNK_HOME: '/opt/splunk' }, '/anywhere/estreamer'), '/opt/splunk/etc/apps/TA-cisco-estreamer');
    assert.equal(appDirectory({}, '/opt/splunk/etc/apps/TA-cisco-estreamer/linux_x86_64/bin/estreamer'), '/opt/splunk/etc/apps/TA-cisco-estreamer');
  });
});
