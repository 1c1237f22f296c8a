// The `json` output: one object per line with the same names and order as the kv output
// (`rec_type` first), numbers as JSON numbers, lists and nested blocks as JSON arrays and objects.
// Not eNcore's JSON adapter, which dumped its internal camelCase dict (encore.md §6.2): searches
// written for the kv output work on this one too. As in kv, a nested block's `block_type` is left
// out unless the block was unknown and carries its raw `block_data`. Every string, key or value,
// is written by jsonString, which spells `=` as \u003d (see there).

import type { Fields, Value } from '../records/decoder';
import { decimal } from '../records/format';

/** One record as a JSON object on one line: the definition Decorator.render is tested against. */
export function formatJson(recordType: number, fields: Fields): string {
  let out = '{"rec_type":' + recordType;
  const eventSec = fields.event_sec;
  if (eventSec !== undefined) out += ',"event_sec":' + jsonValue(eventSec);
  for (const key in fields) {
    if (key === 'event_sec') continue;
    const value = fields[key];
    if (value !== undefined) out += ',' + jsonString(key) + ':' + jsonValue(value);
  }
  return out + '}';
}

/** `,"key":value` of a defined value from its key text (`,"key":`, made once by the caller); empty for undefined. */
export function jsonPiece(keyText: string, value: Value): string {
  // Numbers as jsonValue prints them, spelt out by `decimal` (no number-string cache).
  if (typeof value === 'number' && Number.isFinite(value)) return keyText + decimal(value);
  return value === undefined ? '' : keyText + jsonValue(value);
}

export function jsonValue(value: Value): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'string') return jsonString(value);
  if (Array.isArray(value)) return '[' + value.map(jsonBlock).join(',') + ']';
  return jsonBlock(value as Fields);
}

function jsonBlock(block: Fields): string {
  const keepType = block.block_data !== undefined;
  const parts: string[] = [];
  for (const key in block) {
    const value = block[key];
    if (value === undefined || (key === 'block_type' && !keepType)) continue;
    parts.push(jsonString(key) + ':' + jsonValue(value));
  }
  return '{' + parts.join(',') + '}';
}

/** A string as JSON, `=` written as \u003d (see withoutEquals). */
export function jsonString(text: string): string {
  return withoutEquals(JSON.stringify(text));
}

/**
 * JSON text with every `=` written as \u003d; the text means the same, as `=` occurs in JSON only
 * inside strings. Splunk's key=value extraction (KV_MODE = auto_escaped) also reads JSON events, so
 * an attacker-chosen value such as `x src_ip=6.6.6.6` would otherwise add a src_ip field.
 */
export function withoutEquals(json: string): string {
  return json.includes('=') ? json.replaceAll('=', '\\u003d') : json;
}
