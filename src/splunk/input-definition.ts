// Parses the XML splunkd writes to the input's stdin: the run-time input definition (<input>)
// and the validation definition (<items>). Tolerant where splunkd and the SDK fixtures vary:
// UTF-16 with a BOM (LE or BE) or UTF-8 whatever the prolog declares, an `app` attribute on
// stanzas, parameters we do not declare (host, index, interval, disabled, sourcetype), and
// names with or without `scheme://`. Strict where the SDKs are: a stanza holds only <param>
// and <param_list>.

import { parseStringPromise } from 'xml2js';

export type InputParams = Record<string, string | string[]>;

export interface InputStanza {
  /** The input name, without `scheme://`. */
  name: string;
  /** The app whose inputs.conf holds the stanza, when splunkd says. */
  app?: string;
  params: InputParams;
}

export interface InputDefinition {
  server_host: string;
  server_uri: string;
  session_key: string;
  checkpoint_dir: string;
  stanzas: InputStanza[];
}

export class DefinitionError extends Error {
  override name = 'DefinitionError';
}

/** Decodes by byte order mark; without one, UTF-8 (the JS SDK fixtures declare utf-16 but are UTF-8). */
export function decodeDefinition(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('utf8');
}

/** True once `text` holds a complete definition, so stdin need not be read to its end. */
export function isCompleteDefinition(text: string): boolean {
  return /<\/(input|items)>\s*$/.test(text);
}

const SCHEME_PREFIX = /^[0-9A-Za-z][0-9A-Za-z_-]*:\/\//;

export function bareInputName(name: string): string {
  return name.replace(SCHEME_PREFIX, '');
}

// xml2js shapes (explicitArray): every child is an array; an element with attributes is an
// object with `$` (attributes) and `_` (text); a bare text element is a string.

function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object' && typeof (node as { _?: unknown })._ === 'string') return (node as { _: string })._;
  return '';
}

function childText(element: Record<string, unknown>, name: string): string {
  const children = element[name];
  return Array.isArray(children) ? textOf(children[0]) : '';
}

function asElement(node: unknown): Record<string, unknown> {
  return node && typeof node === 'object' ? (node as Record<string, unknown>) : {};
}

const STANZA_CHILDREN = new Set(['$', '_', 'param', 'param_list']);

function parseStanza(node: unknown, what: 'stanza' | 'item'): InputStanza {
  const element = asElement(node);
  const attributes = (element.$ ?? {}) as Record<string, string>;
  const fullName = attributes.name;
  if (!fullName) throw new DefinitionError(`Invalid input definition: a <${what}> has no name attribute`);
  const unexpected = Object.keys(element).filter((key) => !STANZA_CHILDREN.has(key));
  if (unexpected.length) {
    throw new DefinitionError(
      `Invalid input definition: <${what} name="${fullName}"> contains unexpected ` +
        `${unexpected.map((tag) => `<${tag}>`).join(', ')}; only <param> and <param_list> are allowed`,
    );
  }
  const params: InputParams = {};
  for (const param of (element.param as unknown[] | undefined) ?? []) {
    const name = asElement(param).$ as Record<string, string> | undefined;
    if (name?.name) params[name.name] = textOf(param);
  }
  for (const list of (element.param_list as unknown[] | undefined) ?? []) {
    const listElement = asElement(list);
    const name = (listElement.$ as Record<string, string> | undefined)?.name;
    if (name) params[name] = ((listElement.value as unknown[] | undefined) ?? []).map(textOf);
  }
  return { name: bareInputName(fullName), ...(attributes.app ? { app: attributes.app } : {}), params };
}

async function parseRoot(bytes: Buffer | string, root: 'input' | 'items'): Promise<Record<string, unknown>> {
  const text = typeof bytes === 'string' ? bytes : decodeDefinition(bytes);
  let document: Record<string, unknown>;
  try {
    document = asElement(await parseStringPromise(text));
  } catch (err) {
    throw new DefinitionError(`Invalid input definition: not well-formed XML (${(err as Error).message.split('\n')[0]})`);
  }
  if (!(root in document)) {
    const found = Object.keys(document)[0];
    throw new DefinitionError(`Invalid input definition: expected <${root}> but the document is <${found ?? 'empty'}>`);
  }
  return asElement(document[root]);
}

function metadataOf(element: Record<string, unknown>): Omit<InputDefinition, 'stanzas'> {
  return {
    server_host: childText(element, 'server_host'),
    server_uri: childText(element, 'server_uri'),
    session_key: childText(element, 'session_key'),
    checkpoint_dir: childText(element, 'checkpoint_dir'),
  };
}

/** The run-time definition: `<input>` with its `<configuration>` of stanzas. */
export async function parseInputDefinition(bytes: Buffer | string): Promise<InputDefinition> {
  const input = await parseRoot(bytes, 'input');
  const configuration = asElement(((input.configuration as unknown[] | undefined) ?? [])[0]);
  const stanzas = ((configuration.stanza as unknown[] | undefined) ?? []).map((s) => parseStanza(s, 'stanza'));
  return { ...metadataOf(input), stanzas };
}

/** The validation definition: `<items>` with exactly one `<item>`, returned as the only stanza. */
export async function parseValidationDefinition(bytes: Buffer | string): Promise<InputDefinition> {
  const items = await parseRoot(bytes, 'items');
  const item = (items.item as unknown[] | undefined) ?? [];
  if (item.length !== 1) {
    throw new DefinitionError(`Invalid validation definition: expected exactly one <item>, found ${item.length}`);
  }
  return { ...metadataOf(items), stanzas: [parseStanza(item[0], 'item')] };
}
