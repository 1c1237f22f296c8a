// The dashboards (Simple XML), the navigation, the search macros and the alert: well-formed, every
// view, macro, event type and token they name exists, the health macro reads the health lines the
// client really writes (HealthReporter, as splunkd logs them), and the alert fires exactly when an
// input stopped streaming for 15 minutes or lags too far behind.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseStringPromise } from 'xml2js';
import { HealthReporter, type HealthStats } from '../../src/client/health';
import { memoryLogger } from '../../src/log';
import { REPO } from '../paths';
import { readConf } from './conf';
import { evaluate, parseEval } from './eval';

const VIEWS = join(REPO, 'default', 'data', 'ui', 'views');
const macros = readConf('default/macros.conf');
const eventtypes = readConf('default/eventtypes.conf');
const savedsearches = readConf('default/savedsearches.conf');

type XmlNode = { $?: Record<string, string>; [child: string]: unknown };
const children = (node: XmlNode, name: string) => (node[name] ?? []) as XmlNode[];

/** Every <query> text in a parsed Simple XML view, and the tokens its inputs define. */
function viewParts(root: XmlNode): { queries: string[]; tokens: string[] } {
  const queries: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'query') queries.push(...(value as string[]));
        else if (key !== '$') walk(value);
      }
    }
  };
  walk(root);
  const inputs = children(root, 'fieldset').flatMap((f) => children(f, 'input'));
  return { queries, tokens: inputs.map((i) => i.$!.token) };
}

/** The macros a search names (`name`), expanded once. */
const macroNames = (search: string) => [...search.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
const expand = (search: string) => search.replace(/`([^`]+)`/g, (_, name: string) => macros.get(name)!.get('definition')!);

describe('dashboards and navigation', async () => {
  const files = readdirSync(VIEWS).filter((f) => f.endsWith('.xml'));
  const views = new Map<string, XmlNode>();
  for (const file of files) {
    const parsed = (await parseStringPromise(readFileSync(join(VIEWS, file), 'utf8'))) as Record<string, XmlNode>;
    views.set(file.replace(/\.xml$/, ''), parsed.form ?? parsed.dashboard);
  }

  it('are the health and overview dashboards, Simple XML 1.1 with a label', () => {
    assert.deepEqual([...views.keys()].sort(), ['estreamer_health', 'estreamer_overview']);
    for (const [name, root] of views) {
      assert.ok(root, `${name}: <form> or <dashboard>`);
      assert.equal(root.$?.version, '1.1', name);
      assert.ok(children(root, 'label')[0], name);
    }
  });

  it('the navigation opens the overview and lists every dashboard', async () => {
    const nav = (await parseStringPromise(readFileSync(join(REPO, 'default/data/ui/nav/default.xml'), 'utf8'))) as { nav: XmlNode };
    const listed = children(nav.nav, 'view').map((v) => v.$!);
    assert.equal(listed.find((v) => v.default === 'true')?.name, 'estreamer_overview');
    for (const name of views.keys()) assert.ok(listed.some((v) => v.name === name), `${name} is not in the navigation`);
    for (const { name } of listed) assert.ok(views.has(name) || name === 'search', `the navigation names ${name}, which is no view`);
  });

  it("stay in the add-on's navigation: views are not exported to other apps", () => {
    assert.equal(readConf('metadata/default.meta').get('views')?.get('export'), 'none');
  });

  it('searches name only macros, event types and tokens that exist', () => {
    for (const [name, root] of views) {
      const { queries, tokens } = viewParts(root);
      assert.ok(queries.length >= 4, name);
      for (const query of queries) {
        for (const macro of macroNames(query)) assert.ok(macros.has(macro), `${name}: macro ${macro}`);
        for (const [, eventtype] of query.matchAll(/eventtype=(\w+)/g)) assert.ok(eventtypes.has(eventtype), `${name}: event type ${eventtype}`);
        for (const [, token] of query.matchAll(/\$(\w+)(?:\.\w+)?\$/g)) assert.ok(tokens.includes(token), `${name}: token ${token}`);
      }
    }
  });

  it('the overview has the panels the issue asks for, Security Intelligence included', () => {
    const titles = JSON.stringify(views.get('estreamer_overview'));
    for (const title of ['Events per FMC', 'Events per record type', 'Actions', 'Top access control rules', 'Top intrusion signatures', 'Top files', 'Top malware', 'Security Intelligence']) {
      assert.ok(titles.includes(title), title);
    }
    assert.match(titles, /eventtype=estreamer_security_intelligence/);
  });
});

// ---- Health lines and the alert ----

/** A health line as the input writes it to stderr, for input `name`. */
function healthLine(name: string, state: string, stats: Partial<HealthStats>): string {
  const log = memoryLogger();
  const full: HealthStats = { handled: 1000, reconnects: 0, lastEventTime: 0, bookmark: 0, fmcErrors: 0, malformed: 0, ...stats };
  new HealthReporter(() => full, log.child(`estreamer://${name}`), () => 0).report(state);
  return log.lines[0];
}

/** The same line as splunkd logs it (the level word becomes splunkd's own). */
const splunkdLine = (stderrLine: string) =>
  `12-06-2026 03:00:00.000 +0000 INFO  ExecProcessor [4242 ExecProcessor] - message from "/opt/splunk/etc/apps/TA-cisco-estreamer/linux_x86_64/bin/estreamer" ${stderrLine.replace(/^\w+ /, '')}`;

/** The `rex field=_raw "…"` and `eval x = …` steps of a search, in order. */
type Step = { rex: RegExp } | { eval: [string, string] } | { where: string };
function steps(search: string): Step[] {
  return search
    .split(/ \| /)
    .map((step) => step.trim())
    .flatMap((step): Step[] => {
      const rex = step.match(/^rex field=_raw "((?:[^"\\]|\\.)*)"$/);
      if (rex) return [{ rex: new RegExp(rex[1].replace(/\\(["\\])/g, '$1')) }];
      const ev = step.match(/^eval (\w+) = (.*)$/);
      if (ev) return [{ eval: [ev[1], ev[2]] as [string, string] }];
      const where = step.match(/^where (.*)$/);
      return where ? [{ where: where[1] }] : [];
    });
}

/** The fields the health macro gives one splunkd line. */
function healthFields(raw: string, time: number): Map<string, string> {
  const fields = new Map<string, string>([['_time', String(time)]]);
  for (const step of steps(macros.get('estreamer_health')!.get('definition')!)) {
    if ('rex' in step) for (const [k, v] of Object.entries(step.rex.exec(raw)?.groups ?? {})) fields.set(k, v);
    else if ('eval' in step) {
      const value = evaluate(parseEval(step.eval[1]), fields);
      if (value === null) fields.delete(step.eval[0]);
      else fields.set(step.eval[0], String(value));
    }
  }
  return fields;
}

describe('the estreamer_health macro', () => {
  it('reads every field of the health line the client writes', () => {
    const now = Date.now() / 1000;
    const line = splunkdLine(healthLine('fmc1', 'running', { handled: 52311, reconnects: 2, lastEventTime: now - 12.5, bookmark: 1700000000, fmcErrors: 1, malformed: 3, fmc: 'fmc-b.example.com:8302' }));
    const fields = healthFields(line, now);
    assert.equal(fields.get('input'), 'estreamer://fmc1');
    assert.equal(fields.get('state'), 'running');
    assert.equal(fields.get('handled'), '52311');
    assert.match(fields.get('rate')!, /^\d+\.\d$/);
    assert.equal(fields.get('reconnects'), '2');
    assert.equal(fields.get('fmc_errors'), '1');
    assert.equal(fields.get('malformed'), '3');
    assert.equal(fields.get('fmc'), 'fmc-b.example.com:8302');
    assert.ok(Math.abs(Number(fields.get('lag_seconds')) - 12.5) < 1, fields.get('lag_seconds'));
    assert.equal(fields.get('streaming_time'), String(now));
  });

  it('has no lag before the first event, and no streaming time once stopped', () => {
    const fields = healthFields(splunkdLine(healthLine('fmc-b', 'stopped', {})), 1);
    assert.equal(fields.get('input'), 'estreamer://fmc-b');
    assert.equal(fields.get('state'), 'stopped');
    assert.equal(fields.has('lag_seconds'), false);
    assert.equal(fields.has('streaming_time'), false);
  });
});

describe('the alert', () => {
  const [name, alert] = [...savedsearches].find(([n]) => /not streaming/.test(n))!;

  it('ships disabled, scheduled, one result per input, suppressed per input', () => {
    assert.equal(alert.get('disabled'), '1', name);
    assert.equal(alert.get('enableSched'), '1');
    assert.match(alert.get('cron_schedule')!, /^(\S+ ){4}\S+$/);
    assert.equal(alert.get('alert.suppress.fields'), 'input');
    for (const macro of macroNames(alert.get('search')!)) assert.ok(macros.has(macro), macro);
    assert.equal(macros.get('estreamer_max_lag_seconds')?.get('definition'), '900');
  });

  /** The inputs the alert reports, for health lines [input, state, seconds ago, lag] (stats by input as the search does). */
  function firing(history: [input: string, state: string, ago: number, lag?: number][]): string[] {
    const now = Math.floor(Date.now() / 1000);
    const search = expand(alert.get('search')!);
    const afterStats = steps(search.slice(search.indexOf('| stats ')));
    const byInput = new Map<string, Map<string, string>[]>();
    for (const [input, state, ago, lag] of history) {
      const raw = splunkdLine(healthLine(input, state, lag === undefined ? {} : { lastEventTime: Date.now() / 1000 - lag }));
      const fields = healthFields(raw, now - ago);
      byInput.set(fields.get('input')!, [...(byInput.get(fields.get('input')!) ?? []), fields]);
    }
    assert.match(search, /\| stats latest\(_time\) as last_seen latest\(state\) as state latest\(lag_seconds\) as lag_seconds max\(streaming_time\) as last_streaming by input \|/);
    const fired: string[] = [];
    for (const [input, lines] of byInput) {
      const latest = lines.reduce((a, b) => (Number(a.get('_time')) >= Number(b.get('_time')) ? a : b));
      const streaming = lines.map((l) => Number(l.get('streaming_time'))).filter((t) => !Number.isNaN(t));
      const row = new Map<string, string>([['input', input], ['state', latest.get('state')!]]);
      if (latest.has('lag_seconds')) row.set('lag_seconds', latest.get('lag_seconds')!);
      if (streaming.length) row.set('last_streaming', String(Math.max(...streaming)));
      let keep = true;
      for (const step of afterStats) {
        if ('eval' in step) {
          const value = evaluate(parseEval(step.eval[1]), row);
          if (value !== null) row.set(step.eval[0], String(value));
        } else if ('where' in step) keep = Boolean(evaluate(parseEval(step.where), row));
      }
      if (keep) fired.push(input.replace('estreamer://', ''));
    }
    return fired.sort();
  }

  it('stays quiet while inputs stream with little lag', () => {
    assert.deepEqual(firing([['a', 'running', 60, 3], ['a', 'running', 0, 2], ['b', 'streaming', 0, 30]]), []);
  });

  it('fires for an input not streaming for 15 minutes, whatever its last state says', () => {
    assert.deepEqual(
      firing([
        ['stopped-long', 'running', 1000, 5], ['stopped-long', 'stopped', 990],
        ['stopped-recently', 'running', 300, 5], ['stopped-recently', 'stopped', 290],
        ['connecting', 'connecting', 960], ['connecting', 'connecting', 0],
        ['silent', 'running', 3600, 5],
      ]),
      ['connecting', 'silent', 'stopped-long'],
    );
  });

  it('fires for an input whose newest event is older than the threshold', () => {
    assert.deepEqual(firing([['late', 'running', 0, 901], ['fine', 'running', 0, 899]]), ['late']);
  });
});
