import type {
  LogActorResolvers,
  LogAuthenticationContextResolvers,
  LogEventResolvers,
  LogGeographicalContextResolvers,
  LogTargetResolvers,
} from '../__generated__/resolvers-types.js';
import { scopedWhen } from '../auth/scopes.js';
import type { Context } from '../context.js';
import type { OktaLogEntity } from '../okta/types.js';

const SEVERITIES = new Set(['DEBUG', 'INFO', 'WARN', 'ERROR']);

export const LogEvent: LogEventResolvers = {
  severity: (e) => (SEVERITIES.has(e.severity) ? (e.severity as 'INFO') : 'INFO'),
  targets: (e) => e.target ?? [],
  debugContext: (e) => e.debugContext?.debugData ?? null,
  ipChain: (e) => e.request?.ipChain ?? [],
  actor: (e) => e.actor ?? null,
  client: (e) => e.client ?? null,
  outcome: (e) => e.outcome ?? null,
  transaction: (e) => e.transaction ?? null,
  authenticationContext: (e) => e.authenticationContext ?? null,
  securityContext: (e) => e.securityContext ?? null,
};

const isA = (type: string) => (entity: OktaLogEntity) => entity.type === type;

export const LogActor: LogActorResolvers = {
  // Actors of type User are resolved through the batched loader: a page of 100 events by 30
  // distinct users costs one or two Okta calls, not 100.
  user: scopedWhen(isA('User'), (a: OktaLogEntity, _args: unknown, ctx: Context) => (a.type === 'User' ? ctx.loaders.user.load(a.id) : null)),
};

export const LogTarget: LogTargetResolvers = {
  user: scopedWhen(isA('User'), (t: OktaLogEntity, _args: unknown, ctx: Context) => (t.type === 'User' ? ctx.loaders.user.load(t.id) : null)),
  group: scopedWhen(isA('UserGroup'), (t: OktaLogEntity, _args: unknown, ctx: Context) => (t.type === 'UserGroup' ? ctx.loaders.group.load(t.id) : null)),
  application: scopedWhen(isA('AppInstance'), (t: OktaLogEntity, _args: unknown, ctx: Context) => (t.type === 'AppInstance' ? ctx.loaders.application.load(t.id) : null)),
};

export const LogGeographicalContext: LogGeographicalContextResolvers = {
  latitude: (g) => g.geolocation?.lat ?? null,
  longitude: (g) => g.geolocation?.lon ?? null,
};

export const LogAuthenticationContext: LogAuthenticationContextResolvers = {
  issuerId: (a) => a.issuer?.id ?? null,
  issuerType: (a) => a.issuer?.type ?? null,
};
