/**
 * Okta's `filter` / `search` expression language (SCIM-like): `attr op value`, `attr pr`,
 * `and`, `or`, parentheses, double-quoted strings with JSON escapes, numbers, booleans, null.
 * Operators and the keywords `and` / `or` are case-insensitive; attribute names are not.
 * This parser is the simulator's own: it shares nothing with the client's builder on purpose.
 */

/** Comparison operators of Okta's grammar. */
export type Op = 'eq' | 'ne' | 'sw' | 'co' | 'ew' | 'gt' | 'ge' | 'lt' | 'le' | 'pr';

/** A literal value. */
export type Literal = string | number | boolean | null;

/** A parsed expression. */
export type Expr =
  | { kind: 'cmp'; attr: string; op: Op; value: Literal }
  | { kind: 'and' | 'or'; left: Expr; right: Expr };

/** The expression is not well-formed, or uses an attribute/operator the endpoint does not allow. */
export class ExprError extends Error {
  override name = 'ExprError';
}

const OPS = new Set<Op>(['eq', 'ne', 'sw', 'co', 'ew', 'gt', 'ge', 'lt', 'le', 'pr']);

type Token =
  | { t: 'lp' | 'rp'; pos: number }
  | { t: 'word'; v: string; pos: number }
  | { t: 'str'; v: string; pos: number }
  | { t: 'num'; v: number; pos: number };

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ t: ch === '(' ? 'lp' : 'rp', pos: i });
      i++;
    } else if (ch === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ExprError(`unterminated string at ${start}`);
        const c = text[i]!;
        if (c === '"') {
          i++;
          break;
        }
        if (c === '\\') {
          const e = text[i + 1];
          if (e === undefined) throw new ExprError(`dangling escape at ${i}`);
          if (e === 'u') {
            const hex = text.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new ExprError(`bad \\u escape at ${i}`);
            value += String.fromCharCode(parseInt(hex, 16));
            i += 6;
            continue;
          }
          const mapped = ESCAPES[e];
          if (mapped === undefined) throw new ExprError(`bad escape \\${e} at ${i}`);
          value += mapped;
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      tokens.push({ t: 'str', v: value, pos: start });
    } else if (/[-0-9]/.test(ch)) {
      const m = /^-?\d+(?:\.\d+)?/.exec(text.slice(i));
      if (!m) throw new ExprError(`unexpected "${ch}" at ${i}`);
      tokens.push({ t: 'num', v: Number(m[0]), pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.$:-]*/.exec(text.slice(i))!;
      tokens.push({ t: 'word', v: m[0], pos: i });
      i += m[0].length;
    } else {
      throw new ExprError(`unexpected "${ch}" at ${i}`);
    }
  }
  return tokens;
}

/** Parses an expression; throws {@link ExprError} when it is not well-formed. */
export function parseExpression(text: string): Expr {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const keyword = (tok: Token | undefined, word: string) => tok?.t === 'word' && tok.v.toLowerCase() === word;

  const primary = (): Expr => {
    const tok = tokens[pos++];
    if (!tok) throw new ExprError('unexpected end of expression');
    if (tok.t === 'lp') {
      const inner = or();
      if (tokens[pos]?.t !== 'rp') throw new ExprError(`missing ) for ( at ${tok.pos}`);
      pos++;
      return inner;
    }
    if (tok.t !== 'word') throw new ExprError(`expected an attribute at ${tok.pos}`);
    const attr = tok.v;
    const opTok = tokens[pos++];
    if (opTok?.t !== 'word' || !OPS.has(opTok.v.toLowerCase() as Op)) throw new ExprError(`expected an operator after ${attr}`);
    const op = opTok.v.toLowerCase() as Op;
    if (op === 'pr') return { kind: 'cmp', attr, op, value: null };
    const valTok = tokens[pos++];
    if (!valTok) throw new ExprError(`expected a value after ${attr} ${op}`);
    let value: Literal;
    if (valTok.t === 'str' || valTok.t === 'num') value = valTok.v;
    else if (valTok.t === 'word' && ['true', 'false', 'null'].includes(valTok.v.toLowerCase())) {
      const w = valTok.v.toLowerCase();
      value = w === 'null' ? null : w === 'true';
    } else throw new ExprError(`expected a value after ${attr} ${op} at ${valTok.pos}`);
    return { kind: 'cmp', attr, op, value };
  };

  const and = (): Expr => {
    let left = primary();
    while (keyword(peek(), 'and')) {
      pos++;
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };

  const or = (): Expr => {
    let left = and();
    while (keyword(peek(), 'or')) {
      pos++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };

  if (tokens.length === 0) throw new ExprError('empty expression');
  const expr = or();
  if (pos !== tokens.length) throw new ExprError(`unexpected token at ${tokens[pos]!.pos}`);
  return expr;
}

/** Which attribute/operator pairs an endpoint accepts. */
export type ExprRules = (attr: string, op: Op, value: Literal) => boolean;

/** Throws {@link ExprError} on the first comparison `rules` refuses. */
export function checkRules(expr: Expr, rules: ExprRules): void {
  if (expr.kind === 'cmp') {
    if (!rules(expr.attr, expr.op, expr.value)) throw new ExprError(`${expr.attr} ${expr.op} is not supported here`);
    return;
  }
  checkRules(expr.left, rules);
  checkRules(expr.right, rules);
}

/** Every comparison of an expression, left to right. */
export function comparisons(expr: Expr): Array<Extract<Expr, { kind: 'cmp' }>> {
  return expr.kind === 'cmp' ? [expr] : [...comparisons(expr.left), ...comparisons(expr.right)];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

function compareScalar(actual: unknown, op: Op, expected: Literal, caseInsensitive: boolean): boolean {
  if (op === 'pr') return actual !== undefined && actual !== null && actual !== '';
  if (expected === null) return op === 'eq' ? actual === null || actual === undefined : op === 'ne' ? actual !== null && actual !== undefined : false;
  if (actual === undefined || actual === null) return op === 'ne';
  if (typeof expected === 'boolean' || typeof actual === 'boolean') {
    const equal = String(actual).toLowerCase() === String(expected).toLowerCase();
    return op === 'eq' ? equal : op === 'ne' ? !equal : false;
  }
  let a: string | number;
  let b: string | number;
  if (typeof expected === 'number' && typeof actual === 'number') {
    a = actual;
    b = expected;
  } else if (typeof expected === 'string' && typeof actual === 'string' && ISO_DATE.test(expected) && ISO_DATE.test(actual) && !['sw', 'co', 'ew'].includes(op)) {
    a = Date.parse(actual);
    b = Date.parse(expected);
  } else {
    a = String(actual);
    b = String(expected);
    if (caseInsensitive) {
      a = a.toLowerCase();
      b = b.toLowerCase();
    }
  }
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'sw':
      return String(a).startsWith(String(b));
    case 'co':
      return String(a).includes(String(b));
    case 'ew':
      return String(a).endsWith(String(b));
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
  }
  return false;
}

/** Reads a dotted attribute path (`profile.login`, `target.id`) from an object. */
export type AttributeReader = (attr: string) => unknown;

/** Builds an {@link AttributeReader} over a plain object. */
export function readPath(obj: unknown): AttributeReader {
  return (attr) => {
    let current: unknown = obj;
    for (const part of attr.split('.')) {
      if (Array.isArray(current)) return current.map((c) => (c as Record<string, unknown>)?.[part]).filter((v) => v !== undefined);
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string, unknown>)[part];
    }
    return current;
  };
}

/**
 * Evaluates `expr` against an object. An array value matches when any element does (SCIM).
 * @param caseInsensitive compare string values ignoring case (`search`), or exactly (`filter`).
 */
export function evaluate(expr: Expr, read: AttributeReader, caseInsensitive: boolean): boolean {
  if (expr.kind !== 'cmp') {
    const left = evaluate(expr.left, read, caseInsensitive);
    return expr.kind === 'and' ? left && evaluate(expr.right, read, caseInsensitive) : left || evaluate(expr.right, read, caseInsensitive);
  }
  const actual = read(expr.attr);
  if (Array.isArray(actual)) {
    if (expr.op === 'pr') return actual.length > 0;
    return actual.some((a) => compareScalar(a, expr.op, expr.value, caseInsensitive));
  }
  return compareScalar(actual, expr.op, expr.value, caseInsensitive);
}
