// The `json` output: one object per line with the same names and order as the kv output
// (`rec_type` first), numbers as JSON numbers, lists and nested blocks as JSON arrays and objects.
// Not eNcore's JSON adapter, which dumped its internal camelCase dict (encore.md §6.2): searches
// written for the kv output work on this one too. As in kv, a nested block's `block_type` is left
// out unless the block was unknown and carries its raw `block_data`.

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
    if (value !== undefined) out += ',' + JSON.stringify(key) + ':' + jsonValue(value);
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
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(jsonBlock).join(',') + ']';
  return jsonBlock(value as Fields);
}

function jsonBlock(block: Fields): string {
  const keepType = block.block_data !== undefined;
  const parts: string[] = [];
  for (const key in block) {
    const value = block[key];
    if (value === undefined || (key === 'block_type' && !keepType)) continue;
    parts.push(JSON.stringify(key) + ':' + jsonValue(value));
  }
  return '{' + parts.join(',') + '}';
}
