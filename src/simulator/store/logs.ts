import { randomUUID } from 'node:crypto';
import type { SimRequest } from '../http.js';
import type { Org } from '../org.js';

/** A System Log target (`LogTarget` in Okta's spec). */
export interface LogTarget {
  id: string;
  type: string;
  alternateId?: string;
  displayName?: string;
  detailEntry?: Record<string, unknown> | null;
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
  /** Overrides the publication time (seeded history only). */
  published?: string;
}

/** A stored System Log event: the JSON of Okta's `LogEvent` schema. */
export type StoredLogEvent = Record<string, unknown> & { uuid: string; published: string; eventType: string };

/**
 * The org's System Log. Write handlers call {@link LogStore.emit} for every change they make, as
 * Okta records every admin action; `GET /api/v1/logs` reads it back.
 */
export class LogStore {
  /** Events in publication order (oldest first). */
  readonly events: StoredLogEvent[] = [];

  constructor(private readonly org: Org) {}

  /** Records an event caused by `req` (or by the system when `req` is undefined). */
  emit(req: SimRequest | undefined, event: EmitEvent): StoredLogEvent {
    const actorId = event.actorUserId ?? req?.principal?.userId;
    const actor = actorId ? this.org.users.get(actorId) : undefined;
    const stored: StoredLogEvent = {
      uuid: randomUUID(),
      published: event.published ?? this.org.nowIso(),
      eventType: event.eventType,
      version: '0',
      severity: event.severity ?? 'INFO',
      legacyEventType: event.legacyEventType ?? null,
      displayMessage: event.displayMessage,
      actor: actor
        ? { id: actor.id, type: 'User', alternateId: actor.profile.login, displayName: `${String(actor.profile.firstName ?? '')} ${String(actor.profile.lastName ?? '')}`.trim(), detailEntry: null }
        : { id: 'system', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System', detailEntry: null },
      client: {
        userAgent: { rawUserAgent: String(req?.headers['user-agent'] ?? 'unknown'), os: 'Unknown', browser: 'UNKNOWN' },
        zone: 'null',
        device: 'Unknown',
        id: null,
        ipAddress: req?.ip ?? '127.0.0.1',
        geographicalContext: null,
      },
      outcome: { result: event.outcome?.result ?? 'SUCCESS', reason: event.outcome?.reason ?? null },
      target: (event.targets ?? []).map((t) => ({ detailEntry: null, ...t })),
      transaction: { type: 'WEB', id: req?.requestId ?? randomUUID(), detail: {} },
      debugContext: {
        debugData: {
          ...(req ? { requestId: req.requestId, requestUri: req.url.pathname, url: `${req.url.pathname}${req.url.search}` } : {}),
          ...event.debugData,
        },
      },
      authenticationContext: {
        authenticationProvider: null,
        credentialProvider: null,
        credentialType: null,
        issuer: null,
        interface: null,
        authenticationStep: 0,
        externalSessionId: req ? `trs${req.requestId.slice(0, 20)}` : 'unknown',
      },
      securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
      request: { ipChain: [{ ip: req?.ip ?? '127.0.0.1', geographicalContext: null, version: 'V4', source: null }] },
    };
    this.events.push(stored);
    return stored;
  }
}

/** Fills the log with a deterministic history of past events (implemented with the logs endpoint). */
export function seedLogHistory(_org: Org): void {}
