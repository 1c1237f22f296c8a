// Turns an input stanza's parameters into a typed, validated InputConfig. Every value is
// checked against INPUT_ARGUMENTS (scheme.ts); all problems are reported together, each naming
// the parameter and what it accepts, because the message lands in the Data inputs form.

import { accessSync, constants, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { withDefaultPort, type FmcAddress } from '../client/fmc-hosts';
import type { RecordCategory } from '../records/schema';
import type { InputParams } from './input-definition';
import {
  APP_ID,
  ARGUMENT_NAMES,
  INPUT_ARGUMENTS,
  type ArgumentName,
  type ArgumentValues,
  defaultSourcetype,
  type FieldSelection,
  type InputArgument,
  type OutputFormat,
  SCHEME,
  type StartMode,
} from './scheme';

export interface InputConfig {
  /** The input name, without `estreamer://`. */
  name: string;
  /** The primary FMC (the first of fmc_host) and its port. */
  fmcHost: string;
  fmcPort: number;
  /** Every FMC of fmc_host, the primary first, each with its port. */
  fmcHosts: FmcAddress[];
  failbackAfterMs: number;
  /** Absolute path of the PKCS#12 client certificate. */
  pkcs12File: string;
  /** As configured: may be the `********` mask until credentials.ts resolves it. */
  pkcs12Password: string;
  start: StartMode;
  records: RecordCategory[];
  includeRecordTypes: number[];
  excludeRecordTypes: number[];
  /** Managed devices (names or ids) whose events to output; empty: all. */
  devices: string[];
  outputFormat: OutputFormat;
  fields: FieldSelection;
  /** Splunk's own `sourcetype` of the stanza, else its output format's (defaultSourcetype). */
  sourcetype: string;
  /** The `host` of the events: the stanza's own `host`, else the (first) FMC (see eventHost). */
  host: string;
  verifyServer: boolean;
  tlsMinVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  monitorPeriodMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/**
 * The app directory, against which a relative pkcs12_file is resolved:
 * $SPLUNK_HOME/etc/apps/TA-cisco-estreamer when SPLUNK_HOME is known, else two levels above
 * the binary's directory (the binary lives in <app>/linux_x86_64/bin).
 */
export function appDirectory(env: NodeJS.ProcessEnv = process.env, executable: string = process.execPath): string {
  if (env.SPLUNK_HOME) return join(env.SPLUNK_HOME, 'etc', 'apps', APP_ID);
  return resolve(dirname(executable), '..', '..');
}

function valueOf(params: InputParams, name: string): string {
  const value = params[name];
  // Splunk sends a multi-valued parameter as <param_list>; a comma list is what we accept.
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

function parseArgument<T>(name: string, argument: InputArgument<T>, given: string, problems: string[]): T | undefined {
  // An empty field in the form arrives as an empty string: treat it as absent.
  const text = given.trim() === '' ? argument.defaultValue : given;
  if (text === undefined && argument.required) {
    problems.push(`${name} is required (${argument.description})`);
    return undefined;
  }
  try {
    return argument.parse(text ?? '');
  } catch (err) {
    problems.push(`${name}: ${(err as Error).message}`);
    return undefined;
  }
}

function checkReadableFile(path: string): string | undefined {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile() ? undefined : `${path} is not a file`;
  } catch (err) {
    return `cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
}

/**
 * splunkd passes `host` to every input, its own name when the stanza sets none ([default] host =
 * $decideOnStartup): a value other than splunkd's name (`serverHost`) is the stanza's own, else
 * the events' host is the FMC they come from, not the forwarder.
 */
export function eventHost(given: string, serverHost: string, fmcHost: string): string {
  const host = given.trim();
  return host === '' || host === serverHost || host === '$decideOnStartup' ? fmcHost : host;
}

/** `serverHost`: splunkd's own name (the definition's server_host), see eventHost. */
export function parseInputConfig(name: string, params: InputParams, appDir: string, serverHost = ''): InputConfig {
  const problems: string[] = [];
  const values: Partial<Record<ArgumentName, unknown>> = {};
  for (const argumentName of ARGUMENT_NAMES) {
    const argument: InputArgument<unknown> = INPUT_ARGUMENTS[argumentName];
    values[argumentName] = parseArgument(argumentName, argument, valueOf(params, argumentName), problems);
  }
  const pkcs12File = values.pkcs12_file === undefined ? '' : resolve(appDir, values.pkcs12_file as string);
  if (pkcs12File) {
    const unreadable = checkReadableFile(pkcs12File);
    if (unreadable) {
      problems.push(
        `pkcs12_file: ${unreadable}; put the PKCS#12 file created on the FMC there, readable by the user Splunk runs as ` +
          `(a relative path is taken from ${appDir})`,
      );
    }
  }
  if (problems.length) throw new ConfigError(problems);
  const v = values as ArgumentValues;
  // splunkd's own default when nothing sets one is the scheme name: not a choice of the admin's.
  const sourcetype = valueOf(params, 'sourcetype').trim();
  const start = typeof v.start === 'object' && 'encoreBookmark' in v.start ? { encoreBookmark: resolve(appDir, v.start.encoreBookmark) } : v.start;
  const fmcHosts = withDefaultPort(v.fmc_host, v.fmc_port);
  return {
    name,
    fmcHost: fmcHosts[0].host,
    fmcPort: fmcHosts[0].port,
    fmcHosts,
    failbackAfterMs: v.failback_after * 1000,
    pkcs12File,
    pkcs12Password: v.pkcs12_password,
    start,
    records: v.records,
    includeRecordTypes: v.include_record_types,
    excludeRecordTypes: v.exclude_record_types,
    devices: v.devices,
    outputFormat: v.output_format,
    fields: v.fields,
    sourcetype: sourcetype === '' || sourcetype === SCHEME ? defaultSourcetype(v.output_format) : sourcetype,
    host: eventHost(valueOf(params, 'host'), serverHost, fmcHosts[0].host),
    verifyServer: v.verify_server,
    tlsMinVersion: v.tls_min_version === '1.0' ? 'TLSv1' : `TLSv${v.tls_min_version}`,
    connectTimeoutMs: v.connect_timeout * 1000,
    responseTimeoutMs: v.response_timeout * 1000,
    monitorPeriodMs: v.monitor_period * 1000,
  };
}
