import { randomUUID } from 'node:crypto';
import type { SimRequest } from '../http.js';
import type { Org } from '../org.js';
import { IdFactory, Rng } from '../random.js';
import { assembleEvent, deviceOf, NO_SECURITY_CONTEXT, parseUserAgent, SYSTEM_ACTOR, userRef, type LogActor, type LogClientJson } from './logEvent.js';

export { seedLogHistory } from './logHistory.js';

/** A System Log target (`LogTarget` in Okta's spec). */
export interface LogTarget {
  id: string;
  type: string;
  alternateId?: string;
  displayName?: string;
  detailEntry?: Record<string, unknown> | null;
  /** What changed (`from` / `to`), for update events that report it. */
  changeDetails?: { from?: Record<string, unknown>; to?: Record<string, unknown> };
}

/** What a write handler reports; the store fills in actor, client, request and context. */
export interface EmitEvent {
  /** Okta's event type, e.g. `user.lifecycle.create`, `group.user_membership.add`. */
  eventType: string;
  /** Okta's human-readable message, e.g. `Create okta user`. */
  displayMessage: string;
  /** Okta's legacy event type, when it has one. */
  legacyEventType?: string;
  severity?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  outcome?: { result: 'SUCCESS' | 'FAILURE' | 'SKIPPED' | 'ALLOW' | 'DENY' | 'CHALLENGE' | 'UNKNOWN'; reason?: string | null };
  targets?: LogTarget[];
  /** Extra `debugContext.debugData` entries. */
  debugData?: Record<string, unknown>;
  /** The acting user when there is no request principal (OAuth flows, seeded history). */
  actorUserId?: string;
  /** A non-user actor, e.g. `{ id: clientId, type: 'PublicClientApp', ... }` for a client-credentials call. */
  actor?: LogActor;
  /** Overrides the publication time (seeded history only). */
  published?: string;
}

/** A stored System Log event: the JSON of Okta's `LogEvent` schema. */
export type StoredLogEvent = Record<string, unknown> & { uuid: string; published: string; eventType: string };

/** One stored event with what the indexes need. */
export interface LogRecord {
  event: StoredLogEvent;
  /** `published` in epoch ms. */
  ms: number;
  /** Persistence order (position in {@link LogStore.events}). */
  seq: number;
  /** When Okta stored it; never decreases along `seq` (polling pages by it). */
  persistedMs: number;
}

/** Compares records by (published, seq): the order of bounded queries. */
export function compareKey(aMs: number, aSeq: number, bMs: number, bSeq: number): number {
  return aMs !== bMs ? aMs - bMs : aSeq - bSeq;
}

/**
 * The org's System Log. Write handlers call {@link LogStore.emit} for every change they make, as
 * Okta records every admin action; `GET /api/v1/logs` reads it back through two indexes: by
 * persistence order (polling) and by `published` (bounded queries), both binary-searchable so that
 * a page costs O(page), not O(history).
 */
export class LogStore {
  /** Events in persistence order (the seeded history oldest first, then live events). */
  readonly events: StoredLogEvent[] = [];
  /** Records in persistence order. */
  readonly bySeq: LogRecord[] = [];
  /** Records sorted by (published, seq). */
  readonly byPublished: LogRecord[] = [];
  /** The id of the org's API token (`transaction.detail.requestApiTokenId` of SSWS calls). */
  readonly apiTokenId: string;

  constructor(private readonly org: Org) {
    this.apiTokenId = new IdFactory(new Rng(`logs-token:${org.options.seed}`)).next('00T');
  }

  /** Stores a fully built event; `persistedMs` defaults to now (never earlier than the last one). */
  insert(event: StoredLogEvent, persistedMs = Date.now()): LogRecord {
    const ms = Date.parse(event.published);
    const last = this.bySeq[this.bySeq.length - 1];
    const record: LogRecord = { event, ms, seq: this.bySeq.length, persistedMs: Math.max(persistedMs, last?.persistedMs ?? -Infinity) };
    this.events.push(event);
    this.bySeq.push(record);
    const tail = this.byPublished[this.byPublished.length - 1];
    if (!tail || compareKey(tail.ms, tail.seq, ms, record.seq) <= 0) this.byPublished.push(record);
    else this.byPublished.splice(this.upperBound(ms, record.seq), 0, record);
    return record;
  }

  /** Records an event caused by `req` (or by the system when `req` is undefined). */
  emit(req: SimRequest | undefined, event: EmitEvent): StoredLogEvent {
    const actorId = event.actorUserId ?? req?.principal?.userId;
    const user = actorId ? this.org.users.get(actorId) : undefined;
    const actor = event.actor ?? (user ? userRef(user) : SYSTEM_ACTOR);
    const ip = req?.ip ?? '127.0.0.1';
    const principal = req?.principal;
    const userAgent = parseUserAgent(String(req?.headers['user-agent'] ?? 'UNKNOWN'));
    const client: LogClientJson = {
      userAgent,
      zone: 'null',
      device: deviceOf(userAgent),
      ipAddress: ip,
      ...(principal?.clientId ? { id: principal.clientId } : {}),
    };
    const detail: Record<string, unknown> = principal?.kind === 'ssws' ? { requestApiTokenId: this.apiTokenId } : {};
    const stored = assembleEvent({
      uuid: randomUUID(),
      published: event.published ?? this.org.nowIso(),
      eventType: event.eventType,
      displayMessage: event.displayMessage,
      legacyEventType: event.legacyEventType,
      severity: event.severity ?? 'INFO',
      outcome: { result: event.outcome?.result ?? 'SUCCESS', reason: event.outcome?.reason },
      actor,
      client,
      targets: (event.targets ?? []).map((t) => ({ ...t })),
      transaction: { type: req ? 'WEB' : 'JOB', id: req?.requestId ?? randomUUID().replace(/-/g, '').slice(0, 27), detail },
      debugData: {
        ...(req ? { requestId: req.requestId, requestUri: req.url.pathname, url: `${req.url.pathname}${req.url.search}` } : {}),
        ...event.debugData,
      },
      authenticationContext: { authenticationStep: 0, ...(req ? { externalSessionId: `trs${req.requestId.slice(0, 22)}` } : {}) },
      securityContext: NO_SECURITY_CONTEXT,
    }) as StoredLogEvent;
    this.insert(stored);
    return stored;
  }

  /** Index in {@link byPublished} of the first record with key > (ms, seq). */
  upperBound(ms: number, seq: number): number {
    let lo = 0;
    let hi = this.byPublished.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const r = this.byPublished[mid]!;
      if (compareKey(r.ms, r.seq, ms, seq) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index in {@link byPublished} of the first record published at or after `ms`. */
  firstPublishedAtOrAfter(ms: number): number {
    return this.upperBound(ms, -1);
  }

  /** Index in {@link bySeq} of the first record persisted at or after `ms`. */
  firstPersistedAtOrAfter(ms: number): number {
    let lo = 0;
    let hi = this.bySeq.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.bySeq[mid]!.persistedMs < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
