/**
 * A thin HTTP client for tests that talk to the simulator directly (no subgraph in between).
 */

/** One simulator answer as the tests read it. */
export interface SimAnswer<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  body: T;
  text: string;
  /** `rel` → URL of the `Link` header. */
  links: Record<string, string>;
  ms: number;
}

/** Parses an RFC 8288 `Link` header into `rel` → URL. */
export function parseLinks(header: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  for (const part of (header ?? '').split(/,\s*(?=<)/)) {
    const m = /^<([^>]*)>\s*;\s*rel="([^"]+)"/.exec(part.trim());
    if (m) links[m[2]!] = m[1]!;
  }
  return links;
}

/** Calls the simulator with an `Authorization` header (SSWS token by default). */
export async function call<T = unknown>(base: string, path: string, init: { method?: string; auth?: string; body?: unknown } = {}): Promise<SimAnswer<T>> {
  const started = performance.now();
  const res = await fetch(path.startsWith('http') ? path : `${base}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      accept: 'application/json',
      ...(init.auth ? { authorization: init.auth } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body: body as T, text, links: parseLinks(res.headers.get('link')), ms: performance.now() - started };
}

/** A client bound to one simulator and credential. */
export function client(base: string, auth: string) {
  return <T = unknown>(path: string, init: { method?: string; body?: unknown; auth?: string } = {}) => call<T>(base, path, { auth, ...init });
}
