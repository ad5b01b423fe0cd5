/**
 * The JSON of one System Log event (`LogEvent` in Okta's spec). Okta's own examples carry `null`
 * in many fields the spec declares as non-nullable strings or objects (`legacyEventType`,
 * `outcome.reason`, `detailEntry`, `geographicalContext`, the `authenticationContext` enums);
 * the simulator follows the spec and leaves such fields out instead.
 */

/** `LogActor`: who did it. */
export interface LogActor {
  id: string;
  type: string;
  alternateId?: string;
  displayName?: string;
}

/** `LogGeographicalContext`. */
export interface LogGeo {
  city?: string;
  state?: string;
  country?: string;
  postalCode?: string;
  geolocation?: { lat: number; lon: number };
}

/** `LogClient`: the HTTP client that caused the event. */
export interface LogClientJson {
  userAgent: { rawUserAgent: string; os: string; browser: string };
  /** Okta writes the string `"null"` when the IP is in no network zone. */
  zone: string;
  device: string;
  id?: string;
  ipAddress: string;
  geographicalContext?: LogGeo;
}

/** `LogAuthenticationContext` (the enums only when known). */
export interface LogAuthContext {
  authenticationProvider?: string;
  credentialProvider?: string;
  credentialType?: string;
  interface?: string;
  authenticationStep: number;
  externalSessionId?: string;
}

/** `LogSecurityContext` (every field nullable in the spec). */
export interface LogSecurity {
  asNumber: number | null;
  asOrg: string | null;
  isp: string | null;
  domain: string | null;
  isProxy: boolean | null;
}

/** Everything an event is made of, before it becomes Okta's JSON. */
export interface EventParts {
  uuid: string;
  published: string;
  eventType: string;
  displayMessage: string;
  legacyEventType?: string;
  severity: string;
  outcome: { result: string; reason?: string | null };
  actor: LogActor;
  client: LogClientJson;
  targets: object[];
  transaction: { type: 'WEB' | 'JOB'; id: string; detail: Record<string, unknown> };
  debugData: Record<string, unknown>;
  authenticationContext: LogAuthContext;
  securityContext: LogSecurity;
}

/** The security context of a private or loopback address: no ASN, no ISP, as Okta reports it. */
export const NO_SECURITY_CONTEXT: LogSecurity = { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null };

/** The actor of events with no acting user (scheduled jobs, the seeded history's system events). */
export const SYSTEM_ACTOR: LogActor = { id: '0oa1system0000000000', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System' };

/** A user as an actor or target. */
export function userRef(user: { id: string; profile: { login: string; [k: string]: unknown } }, type = 'User'): LogActor {
  const name = `${String(user.profile.firstName ?? '')} ${String(user.profile.lastName ?? '')}`.trim();
  return { id: user.id, type, alternateId: user.profile.login, displayName: name || user.profile.login };
}

/** `V4` or `V6`, as `LogIpAddress.version` reports it. */
export function ipVersion(ip: string): 'V4' | 'V6' {
  return ip.includes(':') ? 'V6' : 'V4';
}

/** A coarse user-agent parse, the way Okta fills `client.userAgent.os` and `.browser`. */
export function parseUserAgent(raw: string): { rawUserAgent: string; os: string; browser: string } {
  const os = /Windows NT 10/.test(raw)
    ? 'Windows 10'
    : /iPhone|iPad/.test(raw)
      ? 'iOS'
      : /Mac OS X/.test(raw)
        ? 'Mac OS X'
        : /Android/.test(raw)
          ? 'Android'
          : /Linux/.test(raw)
            ? 'Linux'
            : 'Unknown';
  const browser = /Edg\//.test(raw)
    ? 'EDGE_CHROMIUM'
    : /Firefox\//.test(raw)
      ? 'FIREFOX'
      : /Chrome\//.test(raw)
        ? 'CHROME'
        : /Safari\//.test(raw)
          ? 'SAFARI'
          : 'UNKNOWN';
  return { rawUserAgent: raw, os, browser };
}

/** `client.device`: what kind of machine a user agent runs on (API clients are `Unknown`). */
export function deviceOf(ua: { os: string; browser: string }): string {
  if (ua.browser === 'UNKNOWN') return 'Unknown';
  return ua.os === 'iOS' || ua.os === 'Android' ? 'Mobile' : 'Computer';
}

/** Okta's `LogEvent` JSON, with no key whose value the spec forbids. */
export function assembleEvent(p: EventParts): Record<string, unknown> & { uuid: string; published: string; eventType: string } {
  const outcome: Record<string, unknown> = { result: p.outcome.result };
  if (p.outcome.reason) outcome.reason = p.outcome.reason.slice(0, 255);
  const ipChain: Record<string, unknown> = { ip: p.client.ipAddress, version: ipVersion(p.client.ipAddress) };
  if (p.client.geographicalContext) ipChain.geographicalContext = p.client.geographicalContext;
  return {
    actor: { ...p.actor },
    client: { ...p.client },
    authenticationContext: { ...p.authenticationContext },
    displayMessage: p.displayMessage,
    eventType: p.eventType,
    ...(p.legacyEventType ? { legacyEventType: p.legacyEventType } : {}),
    outcome,
    published: p.published,
    securityContext: { ...p.securityContext },
    severity: p.severity,
    debugContext: { debugData: { ...p.debugData } },
    transaction: { type: p.transaction.type, id: p.transaction.id, detail: { ...p.transaction.detail } },
    uuid: p.uuid,
    version: '0',
    request: { ipChain: [ipChain] },
    target: p.targets.map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== null && v !== undefined))),
  };
}
