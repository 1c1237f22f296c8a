// Splunk's automatic key=value extraction as props.conf.spec describes it (KV_MODE, KV_TRIM_SPACES),
// made adversarial where the spec says nothing: a key may start after any character that cannot be
// part of a key (not only after a space), and an unquoted value ends at any Unicode white space.
//
// - auto: a quoted value ends at the next `"`; backslashes mean nothing.
// - auto_escaped: within a quoted value `\"` is a quote and `\\` a backslash ("honors \" and \\ as
//   escaped sequences within quoted values"); any other backslash stays as it is.
// - KV_TRIM_SPACES (default true) strips a value's leading and trailing white space.

export interface KvMode {
  mode: 'auto' | 'auto_escaped';
  trimSpaces: boolean;
}

const KEY_START = /[A-Za-z_]/;
const KEY_CHAR = /[A-Za-z0-9_.]/;
// Any white space, NEL (U+0085) included, which JavaScript's \s leaves out.
const SPACE = /[\s\u0085]/;

/** The pairs Splunk would extract from an event's text, in order (a repeated key adds a value). */
export function extractPairs(text: string, { mode, trimSpaces }: KvMode): [string, string][] {
  const pairs: [string, string][] = [];
  let i = 0;
  while (i < text.length) {
    // A key: key characters after a character that is not one, then `=`.
    if (!KEY_START.test(text[i]) || (i > 0 && KEY_CHAR.test(text[i - 1]))) {
      i++;
      continue;
    }
    let end = i;
    while (end < text.length && KEY_CHAR.test(text[end])) end++;
    if (text[end] !== '=') {
      i = end;
      continue;
    }
    const key = text.slice(i, end);
    let j = end + 1;
    let value = '';
    if (text[j] === '"') {
      j++;
      while (j < text.length && text[j] !== '"') {
        if (mode === 'auto_escaped' && text[j] === '\\' && (text[j + 1] === '"' || text[j + 1] === '\\')) j++;
        value += text[j++];
      }
      j++; // the closing quote
    } else {
      while (j < text.length && !SPACE.test(text[j])) value += text[j++];
    }
    pairs.push([key, trimSpaces ? value.trim() : value]);
    i = j;
  }
  return pairs;
}

/** The same, as fields: a key's first value (eNcore's lines and ours repeat no key). */
export function extractFields(text: string, mode: KvMode): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [key, value] of extractPairs(text, mode)) if (!fields.has(key)) fields.set(key, value);
  return fields;
}
