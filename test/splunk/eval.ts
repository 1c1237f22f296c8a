// The part of Splunk's eval language that props.conf's EVAL-* settings use, so that tests can
// compute the calculated fields of an event. Functions not listed here are refused: a conf that
// starts using one must teach it to this file first.
//
// Values are strings (extracted fields), numbers or null. As in Splunk: a string that reads as a
// number compares and adds as one; null makes arithmetic and comparisons null, and null is false
// in a condition; a field that does not exist is null.

export type EvalValue = string | number | null;
export type FieldValues = ReadonlyMap<string, string>;

type Node =
  | { kind: 'literal'; value: EvalValue }
  | { kind: 'field'; name: string }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'unary'; op: 'NOT' | '-'; operand: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node };

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z_][A-Za-z0-9_.]*)|(==|!=|<=|>=|[=<>+\-*/%(),.]))/y;

type Token = { type: 'number' | 'string' | 'field' | 'word' | 'op'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (!m) throw new Error(`eval: cannot read ${JSON.stringify(source.slice(at, at + 20))} in ${source}`);
    if (m[1] !== undefined) tokens.push({ type: 'number', text: m[1] });
    // In a string literal \" is a quote and \\ a backslash; other backslashes stay (regexes).
    else if (m[2] !== undefined) tokens.push({ type: 'string', text: m[2].replace(/\\(["\\])/g, '$1') });
    else if (m[3] !== undefined) tokens.push({ type: 'field', text: m[3] });
    else if (m[4] !== undefined) tokens.push({ type: 'word', text: m[4] });
    else tokens.push({ type: 'op', text: m[5] });
  }
  return tokens;
}

/** Parses an eval expression. */
export function parseEval(source: string): Node {
  const tokens = tokenize(source);
  let i = 0;
  const peek = () => tokens[i];
  const isWord = (w: string) => peek()?.type === 'word' && peek().text.toUpperCase() === w;
  const isOp = (...ops: string[]) => peek()?.type === 'op' && ops.includes(peek().text);
  const expect = (op: string) => {
    if (!isOp(op)) throw new Error(`eval: expected ${op} at token ${i} of ${source}`);
    i++;
  };
  const binary = (next: () => Node, match: () => string | undefined): (() => Node) => () => {
    let left = next();
    for (let op = match(); op; op = match()) left = { kind: 'binary', op, left, right: next() };
    return left;
  };
  const word = (w: string) => () => (isWord(w) ? (i++, w) : undefined);
  const op = (...ops: string[]) => () => (isOp(...ops) ? tokens[i++].text : undefined);

  const primary = (): Node => {
    const t = tokens[i++];
    if (!t) throw new Error(`eval: unexpected end of ${source}`);
    if (t.type === 'number') return { kind: 'literal', value: Number(t.text) };
    if (t.type === 'string') return { kind: 'literal', value: t.text };
    if (t.type === 'field') return { kind: 'field', name: t.text };
    if (t.type === 'word') {
      if (!isOp('(')) return { kind: 'field', name: t.text };
      i++;
      const args: Node[] = [];
      while (!isOp(')')) {
        args.push(expression());
        if (!isOp(')')) expect(',');
      }
      i++;
      return { kind: 'call', name: t.text.toLowerCase(), args };
    }
    if (t.text === '(') {
      const inner = expression();
      expect(')');
      return inner;
    }
    throw new Error(`eval: unexpected ${t.text} in ${source}`);
  };
  const unary = (): Node => (isOp('-') ? (i++, { kind: 'unary', op: '-', operand: unary() }) : primary());
  const product = binary(unary, op('*', '/', '%'));
  const sum = binary(product, op('+', '-', '.'));
  const comparison = binary(sum, op('==', '=', '!=', '<', '>', '<=', '>='));
  const negation = (): Node => (isWord('NOT') ? (i++, { kind: 'unary', op: 'NOT', operand: negation() }) : comparison());
  const conjunction = binary(negation, word('AND'));
  const expression = binary(conjunction, word('OR'));

  const tree = expression();
  if (i !== tokens.length) throw new Error(`eval: unexpected ${tokens[i].text} in ${source}`);
  return tree;
}

const asNumber = (v: EvalValue): number | undefined => {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return undefined;
};
const truthy = (v: EvalValue): boolean => v !== null && v !== 0 && v !== '';
const bool = (b: boolean): number => (b ? 1 : 0);

/** A PCRE pattern as a JavaScript RegExp: a leading (?i) becomes the i flag. */
function regex(pattern: string): RegExp {
  const insensitive = pattern.startsWith('(?i)');
  return new RegExp(insensitive ? pattern.slice(4) : pattern, insensitive ? 'i' : '');
}

const FUNCTIONS: Record<string, (args: Node[], run: (n: Node) => EvalValue) => EvalValue> = {
  if: ([condition, then, otherwise], run) => (truthy(run(condition)) ? run(then) : run(otherwise)),
  case: (args, run) => {
    for (let k = 0; k + 1 < args.length; k += 2) if (truthy(run(args[k]))) return run(args[k + 1]);
    return null;
  },
  coalesce: (args, run) => {
    for (const a of args) {
      const v = run(a);
      if (v !== null) return v;
    }
    return null;
  },
  nullif: ([a, b], run) => {
    const x = run(a);
    return x !== null && String(x) === String(run(b)) ? null : x;
  },
  match: ([text, pattern], run) => {
    const t = run(text);
    return t === null ? null : bool(regex(String(run(pattern))).test(String(t)));
  },
  lower: ([a], run) => {
    const v = run(a);
    return v === null ? null : String(v).toLowerCase();
  },
  replace: ([text, pattern, replacement], run) => {
    const t = run(text);
    const r = regex(String(run(pattern)));
    return t === null ? null : String(t).replace(new RegExp(r.source, `${r.flags}g`), String(run(replacement)));
  },
  tonumber: ([a], run) => asNumber(run(a)) ?? null,
  now: () => Math.floor(Date.now() / 1000),
  isnull: ([a], run) => bool(run(a) === null),
  isnotnull: ([a], run) => bool(run(a) !== null),
  null: () => null,
  true: () => 1,
  false: () => 0,
};

/** The value of an expression for an event's fields. */
export function evaluate(tree: Node, fields: FieldValues): EvalValue {
  const run = (n: Node): EvalValue => {
    switch (n.kind) {
      case 'literal':
        return n.value;
      case 'field':
        return fields.get(n.name) ?? null;
      case 'call': {
        const f = FUNCTIONS[n.name];
        if (!f) throw new Error(`eval: function ${n.name}() is not taught to test/splunk/eval.ts`);
        return f(n.args, run);
      }
      case 'unary': {
        const v = run(n.operand);
        if (v === null) return null;
        return n.op === 'NOT' ? bool(!truthy(v)) : -(asNumber(v) ?? NaN);
      }
      case 'binary': {
        if (n.op === 'AND') return bool(truthy(run(n.left)) && truthy(run(n.right)));
        if (n.op === 'OR') return bool(truthy(run(n.left)) || truthy(run(n.right)));
        const l = run(n.left);
        const r = run(n.right);
        if (l === null || r === null) return null;
        const ln = asNumber(l);
        const rn = asNumber(r);
        const numeric = ln !== undefined && rn !== undefined;
        switch (n.op) {
          case '.':
            return String(l) + String(r);
          case '+':
            return numeric ? ln + rn : String(l) + String(r);
          case '-':
            return numeric ? ln - rn : null;
          case '*':
            return numeric ? ln * rn : null;
          case '/':
            return numeric ? ln / rn : null;
          case '%':
            return numeric ? ln % rn : null;
        }
        const [a, b] = numeric ? [ln, rn] : [String(l), String(r)];
        switch (n.op) {
          case '=':
          case '==':
            return bool(a === b);
          case '!=':
            return bool(a !== b);
          case '<':
            return bool(a < b);
          case '>':
            return bool(a > b);
          case '<=':
            return bool(a <= b);
          case '>=':
            return bool(a >= b);
        }
        throw new Error(`eval: operator ${n.op}`);
      }
    }
  };
  return run(tree);
}
