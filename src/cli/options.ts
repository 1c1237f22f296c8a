// Shared pieces of the command-line interface: argument parsing, help, secrets.

import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseFmcHosts, withDefaultPort, type FmcAddress } from '../client/fmc-hosts';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/pipeline';
import type { RecordCategory } from '../records/schema';
import { recordCategories } from '../splunk/scheme';

export class UsageError extends Error {
  override name = 'UsageError';
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Parses `argv` strictly; `--help` anywhere is reported as `help: true`. */
export function parse<T extends OptionSpec>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** A TCP port (1-65535): a value out of range is a usage error, not Node's RangeError at connect time. */
export function portOption(value: string | undefined, fallback: number): number {
  const port = intOption(value, 'port', fallback);
  if (port < 1 || port > 65535) throw new UsageError(`--port must be a TCP port from 1 to 65535, got "${value}"`);
  return port;
}

export function intOption(value: string | undefined, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new UsageError(`--${name} must be a whole number${max < Number.MAX_SAFE_INTEGER ? ` from 0 to ${max}` : ''}, got "${value}"`);
  }
  return n;
}

/** `--host H[:P],H2[:P2]…` with `--port` (default 8302) where an item names no port. */
export function hostsOption(host: string, port: string | undefined): FmcAddress[] {
  const defaultPort = portOption(port, 8302);
  try {
    return withDefaultPort(parseFmcHosts(host), defaultPort);
  } catch (err) {
    throw new UsageError(`--host: ${(err as Error).message}`);
  }
}

/** The PKCS#12 password from an environment variable or a file, never from the command line. */
export function readPassword(values: { 'password-env'?: string; 'password-file'?: string }): string {
  if (values['password-env'] !== undefined) {
    const v = process.env[values['password-env']];
    if (v === undefined) throw new UsageError(`environment variable ${values['password-env']} (--password-env) is not set`);
    return v;
  }
  if (values['password-file'] !== undefined) {
    try {
      return readFileSync(values['password-file'], 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new UsageError(`cannot read --password-file: ${(err as Error).message}`);
    }
  }
  return '';
}

export const CONNECTION_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  pkcs12: { type: 'string' },
  'password-env': { type: 'string' },
  'password-file': { type: 'string' },
  'no-verify-server': { type: 'boolean' },
  'tls-min-version': { type: 'string' },
  'connect-timeout': { type: 'string' },
} as const;

export const CONNECTION_HELP = `  --host H                 FMC address (required); an HA pair (or more) as H[:P],H2[:P2],
                           the primary first (IPv6 as [addr]:port)
  --port P                 eStreamer port (default 8302)
  --pkcs12 FILE            the client PKCS#12 downloaded from the FMC (required)
  --password-env VAR       read the PKCS#12 password from environment variable VAR
  --password-file F        read the PKCS#12 password from file F (first line)
  --no-verify-server       do not check the FMC certificate against the CA in the PKCS#12
  --tls-min-version V      TLSv1.2 (default), TLSv1.3, or TLSv1 / TLSv1.1 for old FMCs
  --connect-timeout S      seconds to wait for TCP and TLS (default 10)`;

export function tlsVersion(value: string | undefined): 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3' {
  const v = (value ?? 'TLSv1.2').replace(/^(\d)/, 'TLSv$1');
  if (v === 'TLSv1.0') return 'TLSv1';
  if (v === 'TLSv1' || v === 'TLSv1.1' || v === 'TLSv1.2' || v === 'TLSv1.3') return v;
  throw new UsageError(`--tls-min-version must be TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3, got "${value}"`);
}

/** The options that choose what is output and how, shared by `stream` and `decode`. */
export const OUTPUT_OPTIONS = {
  format: { type: 'string' },
  fields: { type: 'string' },
  records: { type: 'string' },
} as const;

export const OUTPUT_HELP = `  --format F               output format: ${OUTPUT_FORMATS.join(', ')} (default kv)
  --fields all|compact     all fields (default) or only those that carry information
  --records LIST           categories to output, as the input's records setting: all (default),
                           or a comma list such as connections,-security_intelligence`;

/** --format, --fields and --records, checked: the pipeline's format, fields and categories (undefined: all). */
export function outputOptions(values: { format?: string; fields?: string; records?: string }): {
  format: OutputFormat;
  fields: 'all' | 'compact';
  categories?: RecordCategory[];
} {
  const format = OUTPUT_FORMATS.find((f) => f === (values.format ?? 'kv'));
  if (format === undefined) throw new UsageError(`--format must be ${OUTPUT_FORMATS.join(', ')}; got "${values.format}"`);
  const fields = values.fields ?? 'all';
  if (fields !== 'all' && fields !== 'compact') throw new UsageError(`--fields must be all or compact, got "${values.fields}"`);
  if (values.records === undefined) return { format, fields };
  try {
    return { format, fields, categories: recordCategories(values.records) };
  } catch (err) {
    throw new UsageError(`--records: ${(err as Error).message}`);
  }
}
