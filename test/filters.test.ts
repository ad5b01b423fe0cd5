import { describe, expect, test } from '@jest/globals';
import { and, anyOf, compileUserFilter, eq, FilterValueError, or, quote } from '../src/okta/filters.js';
import { parseExpression, type Expr } from '../src/simulator/expr.js';

/** Counts the comparisons in an expression as the simulator's independent parser sees it. */
function comparisons(expr: Expr): number {
  return expr.kind === 'cmp' ? 1 : comparisons(expr.left) + comparisons(expr.right);
}

describe('filter builder', () => {
  const hostile = [
    'a" or status eq "ACTIVE',
    'x\\" or id pr or \\"',
    '") or (profile.login sw "',
    '\\',
    '"',
    'ünïcödé ✓',
  ];

  test.each(hostile)('%j stays one string literal', (value) => {
    const text = eq('profile.login', value).text;
    const parsed = parseExpression(text);
    expect(parsed).toEqual({ kind: 'cmp', attr: 'profile.login', op: 'eq', value });
  });

  test('lists become ORs, fields ANDs, with parentheses where needed', () => {
    const f = compileUserFilter({ statuses: ['ACTIVE', 'SUSPENDED'], logins: ['a" or "b'], lastUpdatedAfter: new Date('2024-01-01T00:00:00Z') });
    expect(f?.text).toBe('(status eq "ACTIVE" or status eq "SUSPENDED") and profile.login eq "a\\" or \\"b" and lastUpdated gt "2024-01-01T00:00:00.000Z"');
    expect(comparisons(parseExpression(f!.text))).toBe(4);
  });

  test('empty parts vanish', () => {
    expect(compileUserFilter({})).toBeUndefined();
    expect(and(undefined, eq('id', 'x'))?.text).toBe('id eq "x"');
    expect(or()).toBeUndefined();
    expect(anyOf('id', [])).toBeUndefined();
  });

  test('control characters and bad attribute names are refused', () => {
    expect(() => quote('line\nbreak')).toThrow(FilterValueError);
    expect(() => eq('profile.login eq "x" or id', 'y')).toThrow(FilterValueError);
    expect(quote(3)).toBe('3');
    expect(quote(true)).toBe('true');
  });
});
