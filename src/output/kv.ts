// The default output: one key=value line per record, as eNcore's Splunk adapter wrote it
// (encore.md §6.1) minus its quirks: `rec_type=N`, then `event_sec=` when the record has one
// (props.conf and eNcore searches expect it there), then the decorated fields in their order.
//
// Values: numbers as they are; a string that is empty or holds white space (Unicode spaces too),
// `=` or `"` is double-quoted with `"` and `\` escaped (eNcore did not escape, so a quote inside a
// value broke the pair); a newline becomes the two characters `\n` and a carriage return is
// dropped, so one record stays one line. Characters XML 1.0 cannot carry (the other C0 controls,
// lone surrogates, U+FFFE and U+FFFF) are dropped, as the Splunk stream writer would drop them: a
// kv line goes into splunkd's XML stream without being scanned again. Undefined values and empty
// lists are left out.
//
// Lists and nested blocks (discovery records) are flattened with dotted paths, e.g.
// `servers.0.port=80 servers.0.hits=3`: each value stays searchable on its own (Splunk's
// automatic extraction turns the dots into underscores: servers_0_port). The `block_type` of a
// nested block is left out (eNcore leaked it as `blockType`) unless the block was unknown and
// carries its raw `block_data`.

import type { Fields, Value } from '../records/decoder';
import { decimal } from '../records/format';

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const EQUALS = 61;
const BACKSLASH = 92;

/**
 * One record as a key=value line (no trailing newline): the readable definition of the format.
 * The client prints through Decorator.render, generated per record shape and tested against this.
 */
export function formatKv(recordType: number, fields: Fields): string {
  let line = 'rec_type=' + recordType;
  const eventSec = fields.event_sec;
  if (eventSec !== undefined) line += ' event_sec=' + kvValue(eventSec as number | string);
  for (const key in fields) {
    if (key === 'event_sec') continue;
    line = appendPair(line, key, fields[key]);
  }
  return line;
}

export function appendPair(line: string, key: string, value: Value): string {
  if (value === undefined) return line;
  if (typeof value === 'number') return line + ' ' + key + '=' + value;
  if (typeof value === 'string') return line + ' ' + key + '=' + kvValue(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) line = appendBlock(line, key + '.' + i, value[i]);
    return line;
  }
  return appendBlock(line, key, value);
}

function appendBlock(line: string, prefix: string, block: Fields): string {
  const keepType = block.block_data !== undefined;
  for (const key in block) {
    if (key === 'block_type' && !keepType) continue;
    line = appendPair(line, prefix + '.' + key, block[key]);
  }
  return line;
}

/**
 * ` key=value` of a value of any kind, from its key text (` key=`, made once by the caller);
 * empty for undefined. The generated renderers print every value they cannot type through this.
 */
export function kvPiece(keyText: string, key: string, value: Value): string {
  if (typeof value === 'string') return keyText + kvValue(value);
  if (typeof value === 'number') return keyText + decimal(value);
  return value === undefined ? '' : appendPair('', key, value);
}

/**
 * White space beyond ASCII (NEL, no-break spaces, the U+2000 block, line and paragraph separators,
 * ideographic space, BOM): a value holding one is quoted too, in case an extractor ends an
 * unquoted value there (test/splunk/kv-extraction.test.ts).
 */
function isUnicodeSpace(c: number): boolean {
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** A value as it appears after `key=`. One pass over the characters; most values need nothing. */
export function kvValue(value: number | string): string {
  if (typeof value === 'number') return String(value);
  if (value.length === 0) return '""';
  let quote = false;
  let escape = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === SPACE || c === TAB || c === EQUALS) quote = true;
    else if (c === QUOTE) quote = escape = true;
    else if (c === BACKSLASH || c === LF || c === CR) escape = true;
    else if (c < SPACE || (c >= 0xd800 && (c <= 0xdfff || c >= 0xfffe))) escape = true;
    else if (c >= 0x85 && isUnicodeSpace(c)) quote = true;
  }
  if (!escape) return quote ? '"' + value + '"' : value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === CR) continue;
    if (c === LF) out += '\\n';
    else if (quote && (c === QUOTE || c === BACKSLASH)) out += '\\' + value[i];
    else if ((c < SPACE && c !== TAB) || c >= 0xfffe) continue;
    else if (c >= 0xd800 && c <= 0xdfff) {
      // A surrogate pair stays; a lone surrogate goes.
      const low = value.charCodeAt(i + 1);
      if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) out += value[i] + value[++i];
    } else out += value[i];
  }
  return quote || out.length === 0 ? '"' + out + '"' : out;
}
