import { comparisons, evaluate, ExprError, parseExpression, readPath, type Expr } from '../expr.js';
import { decodeCursor, encodeCursor, errors, isResponse, linkHeader, ok, oktaError, type SimRequest, type SimResponse } from '../http.js';
import type { Org } from '../org.js';
import type { RouteDef } from '../router.js';
import type { LogRecord, LogStore, StoredLogEvent } from '../store/logs.js';
import { matchesKeywords, readKeywords } from './logKeywords.js';

const DAY = 86_400_000;
/** Okta returns nothing older than its 90-day retention, and refuses a `since` beyond 180 days. */
const RETENTION_MS = 90 * DAY;
const MAX_SINCE_AGE_MS = 180 * DAY;
const DEFAULT_WINDOW_MS = 7 * DAY;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i;

/** Top-level attributes of `LogEvent`: a filter on anything else is refused. */
const ROOTS = new Set([
  'actor', 'authenticationContext', 'client', 'debugContext', 'device', 'displayMessage', 'eventType', 'legacyEventType', 'outcome',
  'published', 'request', 'securityContext', 'severity', 'target', 'transaction', 'uuid', 'version',
]);
const NO_CONTAINS = new Set(['debugContext.debugData.url', 'debugContext.debugData.requestUri']);

function readTime(query: URLSearchParams, name: 'since' | 'until'): number | undefined | SimResponse {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = RFC3339.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(ms)) {
    return errors.validation([
      `${name}: The date format in your query is not recognized. Please enter dates using ISO8601 string format.`,
      `${name}: must be a valid date-time or empty.`,
    ], `Api validation failed: '${name}': The date format in your query is not recognized. Please enter dates using ISO8601 string format.. '${name}': must be a valid date-time or empty.`);
  }
  return ms;
}

/** `limit`: "Integer between 0 and 1000", default 100; larger values are capped. */
function readLogLimit(query: URLSearchParams): number | SimResponse {
  const raw = query.get('limit');
  if (raw === null || raw === '') return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw)) return errors.validation([`limit: The value '${raw}' is not a valid integer between 0 and ${MAX_LIMIT}`]);
  return Math.min(Number(raw), MAX_LIMIT);
}

/**
 * Parses `filter`. Okta answers a malformed expression or an unknown field with E0000053, and a
 * field/operator pair it does not support (any use of `published`, which would fight `since` and
 * `until`; `co` on the debug URLs) with E0000031.
 */
function readFilter(text: string): Expr | SimResponse {
  let expr: Expr;
  try {
    expr = parseExpression(text);
  } catch (err) {
    if (err instanceof ExprError) return oktaError(400, 'E0000053', `Invalid filter '${text}': ${err.message}`);
    throw err;
  }
  for (const c of comparisons(expr)) {
    if (!ROOTS.has(c.attr.split('.')[0]!)) return oktaError(400, 'E0000053', `field is not valid: ${c.attr}`);
    if (c.attr === 'published' || c.attr.startsWith('published.') || (c.op === 'co' && NO_CONTAINS.has(c.attr))) {
      return oktaError(400, 'E0000031', `The supplied combination of operator and field is not currently supported. Operator: ${c.op}, Field: ${c.attr}`);
    }
  }
  return expr;
}

/** What an `after` cursor holds: a position in persistence order, or a (published, seq) key. */
type Cursor = { mode: 'p'; seq: number } | { mode: 'b'; ms: number; seq: number; lower: number };

function readCursor(raw: string): Cursor | undefined {
  const parts = decodeCursor('log', raw)?.split('.') ?? [];
  const nums = parts.slice(1).map(Number);
  if (nums.some((n) => !Number.isInteger(n))) return undefined;
  if (parts[0] === 'p' && nums.length === 1) return { mode: 'p', seq: nums[0]! };
  if (parts[0] === 'b' && nums.length === 3) return { mode: 'b', ms: nums[0]!, seq: nums[1]!, lower: nums[2]! };
  return undefined;
}

interface Page {
  items: StoredLogEvent[];
  /** The `after` of the next page; undefined on the last page of a bounded request. */
  next?: string;
}

/**
 * Visits records from index `from` by `step` while `inRange`, collecting up to `limit` matches.
 * @returns the matches and the index of the last record visited (`from - step` when none).
 */
function scan(records: LogRecord[], from: number, step: 1 | -1, inRange: (i: number) => boolean, limit: number, match: (e: StoredLogEvent) => boolean): { items: StoredLogEvent[]; last: number } {
  const items: StoredLogEvent[] = [];
  let last = from - step;
  for (let i = from; items.length < limit && i >= 0 && i < records.length && inRange(i); i += step) {
    last = i;
    if (match(records[i]!.event)) items.push(records[i]!.event);
  }
  return { items, last };
}

/**
 * A polling request (no `until`, ascending): pages by persistence order, `since` bounds the
 * persistence time, and the `next` link is always there, even on an empty page, so that following
 * it later returns what was stored since.
 */
function pollingPage(store: LogStore, lower: number, cursor: Cursor | undefined, limit: number, match: (e: StoredLogEvent) => boolean): Page {
  const from = cursor?.mode === 'p' ? cursor.seq + 1 : store.firstPersistedAtOrAfter(lower);
  const { items, last } = scan(store.bySeq, from, 1, () => true, limit, (e) => Date.parse(e.published) >= Date.now() - RETENTION_MS && match(e));
  return { items, next: encodeCursor('log', `p.${last}`) };
}

/** A bounded request: `since` <= `published` < `until`, in `published` order either way; finite. */
function boundedPage(store: LogStore, lower: number, upper: number, descending: boolean, cursor: Cursor | undefined, limit: number, match: (e: StoredLogEvent) => boolean): Page {
  const b = cursor?.mode === 'b' ? cursor : undefined;
  const low = store.firstPublishedAtOrAfter(b?.lower ?? lower);
  const high = store.firstPublishedAtOrAfter(upper);
  if (!descending) {
    const from = b ? Math.max(store.upperBound(b.ms, b.seq), low) : low;
    const { items, last } = scan(store.byPublished, from, 1, (i) => i < high, limit, match);
    const more = limit > 0 && items.length === limit && last + 1 < high;
    const r = store.byPublished[last];
    return { items, next: more && r ? encodeCursor('log', `b.${r.ms}.${r.seq}.${b?.lower ?? lower}`) : undefined };
  }
  const from = b ? Math.min(store.upperBound(b.ms, b.seq - 1), high) - 1 : high - 1;
  const { items, last } = scan(store.byPublished, from, -1, (i) => i >= low, limit, match);
  const more = limit > 0 && items.length === limit && last - 1 >= low;
  const r = store.byPublished[last];
  return { items, next: more && r ? encodeCursor('log', `b.${r.ms}.${r.seq}.${b?.lower ?? lower}`) : undefined };
}

/** `GET /api/v1/logs`: Okta's System Log query, polling or bounded. */
function listLogs(org: Org, req: SimRequest): SimResponse {
  const { query } = req;
  const now = Date.now();
  const since = readTime(query, 'since');
  if (isResponse(since)) return since;
  const until = readTime(query, 'until');
  if (isResponse(until)) return until;
  const afterRaw = query.get('after') || undefined;
  if (since !== undefined && afterRaw !== undefined) {
    return errors.validation(["since: The 'since' and 'after' parameters are mutually exclusive and can't be specified simultaneously."]);
  }
  if (since !== undefined && since < now - MAX_SINCE_AGE_MS) {
    return oktaError(400, 'E0000053', 'Invalid parameter: The since parameter is over 180 days prior to the current day.');
  }
  const limit = readLogLimit(query);
  if (isResponse(limit)) return limit;
  const order = query.get('sortOrder') ?? 'ASCENDING';
  if (order !== 'ASCENDING' && order !== 'DESCENDING') return errors.validation([`sortOrder: must be ASCENDING or DESCENDING`]);
  const filterText = query.get('filter');
  const expr = filterText !== null && filterText !== '' ? readFilter(filterText) : undefined;
  if (isResponse(expr)) return expr;
  const keywords = readKeywords(query.get('q'));
  if (isResponse(keywords)) return keywords;

  const polling = until === undefined && order === 'ASCENDING';
  const cursor = afterRaw !== undefined ? readCursor(afterRaw) : undefined;
  if (afterRaw !== undefined && (!cursor || (cursor.mode === 'p') !== polling)) return errors.validation(['after: The after cursor is not valid for this query.']);

  const match = (e: StoredLogEvent) => (!expr || evaluate(expr, readPath(e), false)) && (!keywords || matchesKeywords(e, keywords));
  const upper = until ?? now;
  const lower = Math.max(since ?? upper - DEFAULT_WINDOW_MS, now - RETENTION_MS);
  const page = polling ? pollingPage(org.logs, lower, cursor, limit, match) : boundedPage(org.logs, lower, upper, order === 'DESCENDING', cursor, limit, match);
  // `since` never travels in a next link: it would collide with `after`, which already holds it.
  return ok(page.items, { link: linkHeader(req, limit, page.next, ['since']) });
}

/** The System Log route. */
export function logRoutes(org: Org): RouteDef[] {
  return [
    { method: 'GET', path: '/api/v1/logs', kind: 'management', scopes: [['okta.logs.read']], permission: 'logs.read', bucket: '/api/v1/logs', handler: (req) => listLogs(org, req) },
  ];
}
