// What Splunk does with one of our events at search time, from the app's own files, in the order
// props.conf.spec gives: automatic key=value extraction (KV_MODE), FIELDALIAS-*, EVAL-* (all
// computed from the same fields, "as if run in parallel"), LOOKUP-* (lookups/*.csv through
// transforms.conf); then event types (eventtypes.conf searches) and their tags (tags.conf).

import { extractFields, type KvMode } from './kv-extraction';
import { readConf, readCsv, type Conf, type Stanza } from './conf';
import { evaluate, parseEval } from './eval';

export interface SearchTimeApp {
  props: Conf;
  transforms: Conf;
  eventtypes: Conf;
  tags: Conf;
}

export function readApp(): SearchTimeApp {
  return {
    props: readConf('default/props.conf'),
    transforms: readConf('default/transforms.conf'),
    eventtypes: readConf('default/eventtypes.conf'),
    tags: readConf('default/tags.conf'),
  };
}

/** KV_MODE and KV_TRIM_SPACES of a source type, with props.conf.spec's defaults. */
export function kvMode(props: Stanza): KvMode {
  const mode = props.get('KV_MODE') ?? 'auto';
  if (mode !== 'auto' && mode !== 'auto_escaped') throw new Error(`KV_MODE = ${mode} is not key=value extraction`);
  return { mode, trimSpaces: (props.get('KV_TRIM_SPACES') ?? 'true') !== 'false' };
}

const settings = (stanza: Stanza, prefix: string) =>
  [...stanza].filter(([key]) => key.toUpperCase().startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1));

function applyAliases(stanza: Stanza, fields: Map<string, string>): void {
  for (const [, value] of settings(stanza, 'FIELDALIAS-')) {
    const words = value.split(/\s+/);
    for (let k = 0; k + 2 < words.length; k += 3) {
      const [from, how, to] = words.slice(k, k + 3);
      const source = fields.get(from);
      if (how === 'AS') {
        if (source === undefined) fields.delete(to);
        else fields.set(to, source);
      } else if (how === 'ASNEW') {
        if (!fields.has(to) && source !== undefined) fields.set(to, source);
      } else throw new Error(`FIELDALIAS: ${value}`);
    }
  }
}

function applyEvals(stanza: Stanza, fields: Map<string, string>): void {
  const before = new Map(fields);
  for (const [key, expression] of settings(stanza, 'EVAL-')) {
    const name = key.slice('EVAL-'.length);
    const value = evaluate(parseEval(expression), before);
    if (value === null) fields.delete(name);
    else fields.set(name, String(value));
  }
}

function applyLookups(stanza: Stanza, transforms: Conf, fields: Map<string, string>): void {
  for (const [, value] of settings(stanza, 'LOOKUP-')) {
    const m = value.match(/^(\S+)\s+(.*?)\s+(OUTPUT|OUTPUTNEW)\s+(.*)$/);
    if (!m) throw new Error(`LOOKUP: ${value} (this test reads only "<table> <fields> OUTPUT|OUTPUTNEW <fields>")`);
    const [, table, inputs, how, outputs] = m;
    const definition = transforms.get(table);
    if (!definition) throw new Error(`LOOKUP: ${table} is not in transforms.conf`);
    const sensitive = definition.get('case_sensitive_match') !== 'false';
    const same = (a: string, b: string) => (sensitive ? a === b : a.toLowerCase() === b.toLowerCase());
    const inputFields = inputs.split(/\s+/);
    const outputFields = outputs.split(/\s+/);
    const wanted = inputFields.map((f) => fields.get(f));
    if (wanted.some((v) => v === undefined)) continue;
    const { header, rows } = readCsv(definition.get('filename')!);
    const row = rows.find((r) => inputFields.every((f, k) => same(r[header.indexOf(f)], wanted[k]!)));
    for (const out of outputFields) {
      // "Any event that has all of the <match_field> values but no matching entry in the lookup
      // table clears all of the output fields."
      if (!row) fields.delete(out);
      else if (how === 'OUTPUT' || !fields.has(out)) fields.set(out, row[header.indexOf(out)]);
    }
  }
}

/** The fields of an event (a kv line) of a source type after Splunk's search-time steps. */
export function searchTimeFields(app: SearchTimeApp, sourcetype: string, line: string): Map<string, string> {
  const stanza = app.props.get(sourcetype);
  if (!stanza) throw new Error(`props.conf has no [${sourcetype}]`);
  const fields = extractFields(line, kvMode(stanza));
  fields.set('sourcetype', sourcetype);
  applyAliases(stanza, fields);
  applyEvals(stanza, fields);
  applyLookups(stanza, app.transforms, fields);
  return fields;
}

// ---- Event type searches: terms field=value (quoted or with * wildcards), field!=value,
// field<op>number, AND (or nothing), OR, NOT and parentheses. Values match case-insensitively. ----

type Test = (fields: ReadonlyMap<string, string>) => boolean;

export function parseSearch(search: string): Test {
  const tokens = search.match(/\(|\)|[A-Za-z_][\w.:]*(?:!=|>=|<=|=|<|>)(?:"[^"]*"|[^\s()]*)|\S+/g) ?? [];
  let i = 0;
  const term = (): Test => {
    const t = tokens[i++];
    if (t === undefined) throw new Error(`search: unexpected end of ${search}`);
    if (t === '(') {
      const inner = disjunction();
      if (tokens[i++] !== ')') throw new Error(`search: missing ) in ${search}`);
      return inner;
    }
    if (t === 'NOT') {
      const inner = term();
      return (f) => !inner(f);
    }
    const m = t.match(/^([A-Za-z_][\w.:]*)(!=|>=|<=|=|<|>)(.*)$/);
    if (!m) throw new Error(`search: free text ${t} in ${search} (this test reads only field comparisons)`);
    const [, field, op, raw] = m;
    const value = raw.startsWith('"') ? raw.slice(1, -1) : raw;
    if (op === '=' || op === '!=') {
      const pattern = new RegExp(`^${value.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
      const equal = (f: ReadonlyMap<string, string>) => {
        const v = f.get(field);
        return v !== undefined && (value === '*' ? v !== '' : pattern.test(v));
      };
      return op === '=' ? equal : (f) => f.has(field) && !equal(f);
    }
    const limit = Number(value);
    return (f) => {
      const v = Number(f.get(field));
      if (!f.has(field) || Number.isNaN(v)) return false;
      return op === '<' ? v < limit : op === '>' ? v > limit : op === '<=' ? v <= limit : v >= limit;
    };
  };
  const conjunction = (): Test => {
    const parts = [term()];
    while (i < tokens.length && tokens[i] !== ')' && tokens[i] !== 'OR') {
      if (tokens[i] === 'AND') i++;
      parts.push(term());
    }
    return (f) => parts.every((p) => p(f));
  };
  const disjunction = (): Test => {
    const parts = [conjunction()];
    while (tokens[i] === 'OR') {
      i++;
      parts.push(conjunction());
    }
    return (f) => parts.some((p) => p(f));
  };
  const test = disjunction();
  if (i !== tokens.length) throw new Error(`search: unexpected ${tokens[i]} in ${search}`);
  return test;
}

/** The event types whose search matches the event's fields. */
export function eventtypesOf(app: SearchTimeApp, fields: ReadonlyMap<string, string>): string[] {
  return [...app.eventtypes].filter(([, s]) => parseSearch(s.get('search') ?? '')(fields)).map(([name]) => name);
}

/** The tags an event gets through its event types. */
export function tagsOf(app: SearchTimeApp, fields: ReadonlyMap<string, string>): Set<string> {
  const tags = new Set<string>();
  for (const name of eventtypesOf(app, fields)) {
    for (const [tag, state] of app.tags.get(`eventtype=${name}`) ?? []) if (state === 'enabled') tags.add(tag);
  }
  return tags;
}
