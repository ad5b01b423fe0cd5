/**
 * Test helpers for the simulator's Users and Groups APIs: one fetch wrapper and the spec
 * conformance checks (request parameters and response bodies against Okta's OpenAPI description).
 */
import { expect } from '@jest/globals';
import type { Simulator } from '../../src/simulator/index.js';
import { requestErrors, responseErrors } from '../helpers/openapi.js';

/** One answer of the simulator. */
export interface Answer {
  status: number;
  body: any;
  headers: Headers;
  /** The `rel="next"` URL of the `Link` header, if any. */
  next?: string;
  url: string;
}

/** Calls the simulator as the org's API token (or `auth`). */
export async function api(sim: Simulator, path: string, init: { method?: string; body?: unknown; auth?: string } = {}): Promise<Answer> {
  const url = path.startsWith('http') ? path : `${sim.url}${path}`;
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      accept: 'application/json',
      authorization: init.auth ?? `SSWS ${sim.org.apiToken}`,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  const next = /<([^>]*)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers, next, url };
}

/**
 * Asserts that a request and its answer conform to the spec operation `method specPath`: every
 * query parameter is declared and well-typed, and the body validates against the response schema
 * of its status (responses the spec describes without a body must come with an empty object).
 */
export function expectConforms(method: string, specPath: string, answer: Answer): void {
  expect(requestErrors(method, specPath, answer.url)).toEqual([]);
  if (answer.status === 204) {
    expect(answer.body).toBeUndefined();
    return;
  }
  let problems: string[];
  try {
    problems = responseErrors(method, specPath, answer.status, answer.body);
  } catch (err) {
    if (!/no JSON schema/.test((err as Error).message)) throw err;
    expect(answer.body).toEqual({});
    return;
  }
  expect(problems).toEqual([]);
}

/**
 * Asserts an Okta error: status, code, the fields of the spec's `Error` object, and optionally the
 * `errorCauses` it must contain. (The conformance tests validate error bodies against the spec
 * itself; this check stays light so that behaviour-only test files need not load the spec.)
 */
export function expectOktaError(answer: Answer, status: number, code: string, causes?: RegExp[]): void {
  expect({ status: answer.status, code: answer.body?.errorCode }).toEqual({ status, code });
  expect(answer.body).toEqual({
    errorCode: code,
    errorSummary: expect.any(String),
    errorLink: code,
    errorId: expect.stringMatching(/^oae/),
    errorCauses: expect.any(Array),
  });
  const summaries: string[] = answer.body.errorCauses.map((c: { errorSummary: string }) => c.errorSummary);
  expect(summaries.every((s) => typeof s === 'string')).toBe(true);
  for (const cause of causes ?? []) expect({ cause: String(cause), found: summaries.some((s) => cause.test(s)) }).toEqual({ cause: String(cause), found: true });
}

/** Loads and compiles the spec once per test file, before the tests (it takes a few seconds). */
export function warmSpec(): void {
  responseErrors('POST', '/api/v1/users', 400, {});
}

/** Follows `Link: rel="next"` from `path` to the end; returns every item and the page count. */
export async function pageAll(sim: Simulator, path: string): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let pages = 0;
  let next: string | undefined = path;
  while (next) {
    const page: Answer = await api(sim, next);
    expect(page.status).toBe(200);
    items.push(...page.body);
    pages++;
    next = page.next;
    if (pages > 500) throw new Error('paging does not end');
  }
  return { items, pages };
}

/** The System Log events emitted since `from` (an index into the org's log). */
export function eventsSince(sim: Simulator, from: number): Array<{ eventType: string; displayMessage: string; target: any[] }> {
  return sim.org.logs.events.slice(from) as any;
}
