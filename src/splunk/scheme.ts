// The `estreamer` modular input scheme. INPUT_ARGUMENTS is the single table of the input's
// parameters: it produces the `--scheme` XML, drives the validation of every value (config.ts),
// and README/inputs.conf.spec and default/inputs.conf are tested against it.

import { parseStart, type StartMode } from '../client/start';
import { parseFmcHosts } from '../client/fmc-hosts';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/pipeline';
import type { RecordCategory } from '../records/schema';
import { escapeXml } from './stream-writer';

export const APP_ID = 'TA-cisco-estreamer';
export const SCHEME = 'estreamer';
export const SOURCETYPE = 'cisco:estreamer';
/** The sourcetype of Cisco Security Cloud's events, which ESCU's `cisco_secure_firewall` macro searches. */
export const SECURITY_CLOUD_SOURCETYPE = 'cisco:sfw:estreamer';

/** The sourcetype of an input's events when its stanza names none: Security Cloud's for its format. */
export function defaultSourcetype(format: OutputFormat): string {
  return format === 'security_cloud' ? SECURITY_CLOUD_SOURCETYPE : SOURCETYPE;
}

export const RECORD_CATEGORIES = [
  'connections',
  'security_intelligence',
  'intrusion',
  'file_malware',
  'correlation',
  'discovery',
  'user',
  'metadata',
  'packets',
] as const satisfies readonly RecordCategory[];

// Fails to compile when src/records/schema.ts gains a category this list lacks.
type UnlistedCategory = Exclude<RecordCategory, (typeof RECORD_CATEGORIES)[number]>;
const everyCategoryListed: [UnlistedCategory] extends [never] ? true : never = true;

export type { StartMode };
export type { OutputFormat };
export type FieldSelection = 'all' | 'compact';

/** One parameter of an `[estreamer://<name>]` stanza. */
export interface InputArgument<T> {
  /** Field label in Settings > Data inputs. */
  title: string;
  description: string;
  dataType: 'string' | 'number' | 'boolean';
  /** Must be given when an input is created. */
  required: boolean;
  /** Used when the parameter is absent or empty; also the value in default/inputs.conf. */
  defaultValue?: string;
  /** splunkd's own check, run in the form before our external validation. */
  validation?: string;
  /** How README/inputs.conf.spec shows the value. */
  specValue: string;
  /** Turns the text into a typed value; throws an Error saying what is accepted. */
  parse(text: string): T;
}

// Parsers. Their messages complete "<parameter>: ", which config.ts puts in front.

function nonEmpty(text: string): string {
  const value = text.trim();
  if (!value) throw new Error('must not be empty');
  return value;
}

function integerIn(min: number, max: number): (text: string) => number {
  return (text) => {
    const value = text.trim();
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new Error(`"${value}" is not a whole number from ${min} to ${max}`);
    }
    return Number(value);
  };
}

function oneOf<const V extends string>(accepted: readonly V[]): (text: string) => V {
  return (text) => {
    const value = text.trim().toLowerCase();
    const match = accepted.find((a) => a === value);
    if (match === undefined) throw new Error(`"${text.trim()}" is not one of ${accepted.join(', ')}`);
    return match;
  };
}

const TRUE_WORDS = ['true', '1', 'yes', 't', 'y', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'f', 'n', 'off'];

function splunkBoolean(text: string): boolean {
  const value = text.trim().toLowerCase();
  if (TRUE_WORDS.includes(value)) return true;
  if (FALSE_WORDS.includes(value)) return false;
  throw new Error(`"${text.trim()}" is not a boolean; use true or false`);
}

function commaList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * The `records` setting: a comma list of categories, or `all`; an item prefixed with `-` takes a
 * category away (`all` is implied when only such items are given). `connections` stands for all
 * connection events, Security Intelligence ones included, so `connections` alone keeps what it
 * always meant; `-security_intelligence` leaves those out, `security_intelligence` alone selects
 * only them. The result is in canonical order, where `connections` is the connection events that
 * are not Security Intelligence events.
 */
export function recordCategories(text: string): RecordCategory[] {
  const items = commaList(text.toLowerCase());
  if (items.length === 0) throw new Error(`must name at least one category, or all`);
  const parsed = items.map((item) => ({ leftOut: item.startsWith('-'), name: item.replace(/^-\s*/, '') }));
  const unknown = parsed.map(({ name }) => name).filter((name) => name !== 'all' && !(RECORD_CATEGORIES as readonly string[]).includes(name));
  if (unknown.length) {
    throw new Error(
      `unknown categor${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')}; use all or a comma list of ${RECORD_CATEGORIES.join(', ')}` +
        ' (a category prefixed with - is left out)',
    );
  }
  const expand = (name: string): readonly string[] =>
    name === 'all' ? RECORD_CATEGORIES : name === 'connections' ? ['connections', 'security_intelligence'] : [name];
  const added = parsed.filter((p) => !p.leftOut).flatMap((p) => expand(p.name));
  const removed = new Set(parsed.filter((p) => p.leftOut).flatMap((p) => expand(p.name)));
  const chosen = new Set(added.length ? added : RECORD_CATEGORIES);
  const selected = RECORD_CATEGORIES.filter((category) => chosen.has(category) && !removed.has(category));
  if (selected.length === 0) throw new Error(`"${text.trim()}" leaves no category selected`);
  return selected;
}

/** Managed devices as the FMC names them, or their ids; each once, in the order given. */
function deviceList(text: string): string[] {
  return [...new Set(commaList(text))];
}

const RECORD_TYPE_MAX = 0xffffffff;

function recordTypes(text: string): number[] {
  const items = commaList(text);
  const bad = items.filter((item) => !/^\d+$/.test(item) || Number(item) > RECORD_TYPE_MAX);
  if (bad.length) {
    const quoted = bad.map((b) => `"${b}"`).join(', ');
    throw new Error(`${quoted} ${bad.length > 1 ? 'are not record type numbers' : 'is not a record type number'}; use a comma list such as 71,400`);
  }
  return [...new Set(items.map(Number))];
}

export const INPUT_ARGUMENTS = {
  fmc_host: {
    title: 'FMC host',
    description:
      'Host name or IP address of the Firepower Management Center (FMC) that runs the eStreamer server. ' +
      'For an HA pair, a comma list of host[:port], the primary first (IPv6 as [address]:port): the input streams ' +
      'from the first that answers and moves to the next when it fails, resuming where it stopped.',
    dataType: 'string',
    required: true,
    specValue: '<host>[:<port>][, <host>[:<port>]...]',
    parse: parseFmcHosts,
  },
  fmc_port: {
    title: 'FMC port',
    description: 'TCP port of the eStreamer server on the FMC.',
    dataType: 'number',
    required: false,
    defaultValue: '8302',
    validation: `validate(is_port('fmc_port'), "fmc_port must be a TCP port number (1-65535)")`,
    specValue: '<integer>',
    parse: integerIn(1, 65535),
  },
  failback_after: {
    title: 'Failback after (s)',
    description:
      'With several FMCs in fmc_host: while the input streams from another than the primary, seconds between two ' +
      'checks of the primary; once it answers, the input switches back to it. 0 never switches back.',
    dataType: 'number',
    required: false,
    defaultValue: '300',
    specValue: '<integer>',
    parse: integerIn(0, 86400),
  },
  pkcs12_file: {
    title: 'PKCS#12 file',
    description:
      'Client certificate file (PKCS#12) created on the FMC under System > Integration > eStreamer. ' +
      'An absolute path, or a path relative to the app directory $SPLUNK_HOME/etc/apps/TA-cisco-estreamer.',
    dataType: 'string',
    required: true,
    specValue: '<path>',
    parse: nonEmpty,
  },
  pkcs12_password: {
    title: 'PKCS#12 password',
    description:
      "Password of the PKCS#12 file. On its first run the input moves it into Splunk's credential store " +
      '(storage/passwords, realm TA-cisco-estreamer) and replaces it here with ********.',
    dataType: 'string',
    required: false,
    specValue: '<password>',
    // Kept as given: spaces may belong to the password.
    parse: (text: string) => text,
  },
  start: {
    title: 'Start',
    description:
      'Where the first run starts reading: bookmark (the oldest event the FMC keeps, as no bookmark exists yet), ' +
      'genesis (the oldest event the FMC keeps), now (only new events), a time (ISO 8601 such as 2025-11-28T13:00:00Z, ' +
      'UTC when no zone is given, or epoch seconds: events the FMC stored from then on), or encore_bookmark:<path> ' +
      "(where eNcore stopped, from its <host>-<port>_bookmark.dat; a relative path is taken from the app directory). " +
      'Every later run resumes after the last event handed to Splunk, whatever this says: restarts neither duplicate nor skip events.',
    dataType: 'string',
    required: false,
    defaultValue: 'bookmark',
    specValue: 'bookmark|genesis|now|<time>|encore_bookmark:<path>',
    parse: parseStart,
  },
  records: {
    title: 'Record categories',
    description:
      `Comma list of the record categories to output: ${RECORD_CATEGORIES.join(', ')}; or all. ` +
      'connections includes the Security Intelligence events unless -security_intelligence is given; ' +
      'a category prefixed with - is left out (all, -discovery).',
    dataType: 'string',
    required: false,
    defaultValue: 'all',
    specValue: '<comma list>',
    parse: recordCategories,
  },
  include_record_types: {
    title: 'Include record types',
    description: 'Comma list of record type numbers to output even when their category is not selected, e.g. 71,400.',
    dataType: 'string',
    required: false,
    defaultValue: '',
    specValue: '<comma list>',
    parse: recordTypes,
  },
  exclude_record_types: {
    title: 'Exclude record types',
    description: 'Comma list of record type numbers never to output; it wins over include_record_types.',
    dataType: 'string',
    required: false,
    defaultValue: '',
    specValue: '<comma list>',
    parse: recordTypes,
  },
  fields: {
    title: 'Fields',
    description:
      'all (every field of the record, as eNcore wrote them) or compact (leaves out fields that carry no information: ' +
      'empty, 0, N/A, Unknown, all-zero UUIDs, hashes and addresses, and an id whose name is printed beside it); ' +
      'compact events of a real FMC take about a third of the bytes, which saves license volume.',
    dataType: 'string',
    required: false,
    defaultValue: 'all',
    specValue: 'all|compact',
    parse: oneOf<FieldSelection>(['all', 'compact']),
  },
  devices: {
    title: 'Managed devices',
    description:
      'Comma list of managed devices whose events to output, by the name the FMC gives them (often their IP address) ' +
      'or by device id; empty outputs the events of every device. Metadata is always learnt and output.',
    dataType: 'string',
    required: false,
    defaultValue: '',
    specValue: '<comma list>',
    parse: deviceList,
  },
  output_format: {
    title: 'Output format',
    description:
      'kv (key=value pairs with the field names of eNcore), json (one JSON object per event, the same names) or ' +
      "security_cloud (connection, intrusion, file and malware events as Cisco Security Cloud's JSON, sourcetype " +
      'cisco:sfw:estreamer, which Splunk security content (ESCU) reads).',
    dataType: 'string',
    required: false,
    defaultValue: 'kv',
    specValue: OUTPUT_FORMATS.join('|'),
    parse: oneOf<OutputFormat>(OUTPUT_FORMATS),
  },
  verify_server: {
    title: 'Verify the FMC certificate',
    description: "true to check the FMC's certificate against the CA certificate in the PKCS#12 file; false to skip the check.",
    dataType: 'boolean',
    required: false,
    defaultValue: 'true',
    validation: `validate(is_bool('verify_server'), "verify_server must be true or false")`,
    specValue: '<boolean>',
    parse: splunkBoolean,
  },
  tls_min_version: {
    title: 'Minimum TLS version',
    description: 'Lowest TLS version accepted on the connection to the FMC: 1.2 (default) or 1.3; 1.0 or 1.1 only for old FMCs that need them.',
    dataType: 'string',
    required: false,
    defaultValue: '1.2',
    specValue: '1.0|1.1|1.2|1.3',
    parse: oneOf(['1.0', '1.1', '1.2', '1.3']),
  },
  connect_timeout: {
    title: 'Connect timeout (s)',
    description: 'Seconds to wait for the TCP connection and the TLS handshake with the FMC.',
    dataType: 'number',
    required: false,
    defaultValue: '10',
    validation: `validate(is_pos_int('connect_timeout'), "connect_timeout must be a positive whole number of seconds")`,
    specValue: '<integer>',
    parse: integerIn(1, 600),
  },
  response_timeout: {
    title: 'Response timeout (s)',
    description: 'Seconds without any message from the FMC (data or keepalive) after which the input reconnects.',
    dataType: 'number',
    required: false,
    defaultValue: '120',
    validation: `validate(is_pos_int('response_timeout'), "response_timeout must be a positive whole number of seconds")`,
    specValue: '<integer>',
    parse: integerIn(1, 3600),
  },
  monitor_period: {
    title: 'Health period (s)',
    description: 'Seconds between two health lines in splunkd.log: events handled, rate, lag, bookmark, reconnects.',
    dataType: 'number',
    required: false,
    defaultValue: '60',
    validation: `validate(is_pos_int('monitor_period'), "monitor_period must be a positive whole number of seconds")`,
    specValue: '<integer>',
    parse: integerIn(1, 86400),
  },
} satisfies Record<string, InputArgument<unknown>>;

export type ArgumentName = keyof typeof INPUT_ARGUMENTS;
export const ARGUMENT_NAMES = Object.keys(INPUT_ARGUMENTS) as ArgumentName[];

/** The typed value of every argument. */
export type ArgumentValues = { [K in ArgumentName]: ReturnType<(typeof INPUT_ARGUMENTS)[K]['parse']> };

export const SCHEME_TITLE = 'Cisco eStreamer';
export const SCHEME_DESCRIPTION =
  'Streams events from the eStreamer server of a Cisco Secure Firewall Management Center (FMC) into Splunk as sourcetype cisco:estreamer.';

/** The `--scheme` document. */
export function schemeXml(): string {
  const args = ARGUMENT_NAMES.map((name) => {
    const arg: InputArgument<unknown> = INPUT_ARGUMENTS[name];
    return [
      `      <arg name="${name}">`,
      `        <title>${escapeXml(arg.title)}</title>`,
      `        <description>${escapeXml(arg.description)}</description>`,
      ...(arg.validation ? [`        <validation>${escapeXml(arg.validation)}</validation>`] : []),
      `        <data_type>${arg.dataType}</data_type>`,
      `        <required_on_edit>false</required_on_edit>`,
      `        <required_on_create>${arg.required}</required_on_create>`,
      `      </arg>`,
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<scheme>',
    `  <title>${escapeXml(SCHEME_TITLE)}</title>`,
    `  <description>${escapeXml(SCHEME_DESCRIPTION)}</description>`,
    '  <use_external_validation>true</use_external_validation>',
    // One process per input: each input keeps its own connection, checkpoint and lifetime.
    '  <use_single_instance>false</use_single_instance>',
    '  <streaming_mode>xml</streaming_mode>',
    '  <endpoint>',
    '    <args>',
    ...args,
    '    </args>',
    '  </endpoint>',
    '</scheme>',
    '',
  ].join('\n');
}
