import type { Json } from '../store/apps.js';
import type { SimAuthServer, SimClaim, SimPolicy, SimRule, SimScope } from '../store/authServers.js';
import type { AuthServerKey } from './keys.js';

const ROTATION_DAYS = 90;

const link = (href: string, allow: string[]) => ({ href, hints: { allow } });

/** The base path of a server in the Management API. */
export function serverPath(baseUrl: string, server: SimAuthServer): string {
  return `${baseUrl}/api/v1/authorizationServers/${server.id}`;
}

/** The `AuthorizationServer` JSON of Okta's spec; its issuer is `{org}/oauth2/{id}`. */
export function authServerJson(server: SimAuthServer, baseUrl: string, active: AuthServerKey): Json {
  const self = serverPath(baseUrl, server);
  const issuer = `${baseUrl}/oauth2/${server.id}`;
  const lastRotated = active.activated ?? server.created;
  return {
    id: server.id,
    name: server.name,
    description: server.description,
    audiences: [...server.audiences],
    issuer,
    issuerMode: server.issuerMode,
    status: server.status,
    created: server.created,
    lastUpdated: server.lastUpdated,
    credentials: {
      signing: {
        rotationMode: server.rotationMode,
        lastRotated,
        // Okta reports the next rotation only when it rotates by itself.
        ...(server.rotationMode === 'AUTO' ? { nextRotation: new Date(Date.parse(lastRotated) + ROTATION_DAYS * 86_400_000).toISOString() } : {}),
        kid: active.kid,
        use: 'sig',
      },
    },
    _links: {
      scopes: link(`${self}/scopes`, ['GET']),
      claims: link(`${self}/claims`, ['GET']),
      policies: link(`${self}/policies`, ['GET']),
      self: link(self, ['GET', 'DELETE', 'PUT']),
      metadata: [
        { name: 'openid-configuration', ...link(`${issuer}/.well-known/openid-configuration`, ['GET']) },
        { name: 'oauth-authorization-server', ...link(`${issuer}/.well-known/oauth-authorization-server`, ['GET']) },
      ],
      rotateKey: link(`${self}/credentials/lifecycle/keyRotate`, ['POST']),
      ...(server.status === 'ACTIVE' ? { deactivate: link(`${self}/lifecycle/deactivate`, ['POST']) } : { activate: link(`${self}/lifecycle/activate`, ['POST']) }),
    },
  };
}

/** The `OAuth2Scope` JSON. */
export function scopeJson(scope: SimScope, baseUrl: string, server: SimAuthServer): Json {
  return {
    id: scope.id,
    name: scope.name,
    ...(scope.displayName !== undefined ? { displayName: scope.displayName } : {}),
    ...(scope.description !== undefined ? { description: scope.description } : {}),
    system: scope.system,
    default: scope.default,
    metadataPublish: scope.metadataPublish,
    consent: scope.consent,
    optional: scope.optional,
    _links: { self: link(`${serverPath(baseUrl, server)}/scopes/${scope.id}`, ['GET', 'PUT', 'DELETE']) },
  };
}

/** The `OAuth2Claim` JSON. */
export function claimJson(claim: SimClaim, baseUrl: string, server: SimAuthServer): Json {
  return {
    id: claim.id,
    name: claim.name,
    status: claim.status,
    claimType: claim.claimType,
    valueType: claim.valueType,
    value: claim.value,
    alwaysIncludeInToken: claim.alwaysIncludeInToken,
    conditions: { scopes: [...claim.conditions.scopes] },
    system: claim.system,
    ...(claim.group_filter_type ? { group_filter_type: claim.group_filter_type } : {}),
    _links: { self: link(`${serverPath(baseUrl, server)}/claims/${claim.id}`, ['GET', 'PUT', 'DELETE']) },
  };
}

function lifecycleLink(self: string, status: SimPolicy['status']): Json {
  return status === 'ACTIVE' ? { deactivate: link(`${self}/lifecycle/deactivate`, ['POST']) } : { activate: link(`${self}/lifecycle/activate`, ['POST']) };
}

/** The `AuthorizationServerPolicy` JSON; `priority` is 1-based. */
export function policyJson(policy: SimPolicy, priority: number, baseUrl: string, server: SimAuthServer): Json {
  const self = `${serverPath(baseUrl, server)}/policies/${policy.id}`;
  return {
    id: policy.id,
    type: 'OAUTH_AUTHORIZATION_POLICY',
    status: policy.status,
    name: policy.name,
    description: policy.description,
    priority,
    system: policy.system,
    conditions: structuredClone(policy.conditions),
    created: policy.created,
    lastUpdated: policy.lastUpdated,
    _links: { self: link(self, ['GET', 'PUT', 'DELETE']), ...lifecycleLink(self, policy.status), rules: link(`${self}/rules`, ['GET']) },
  };
}

/** The `AuthorizationServerPolicyRule` JSON; `priority` is 1-based. */
export function ruleJson(rule: SimRule, priority: number, baseUrl: string, server: SimAuthServer, policy: SimPolicy): Json {
  const self = `${serverPath(baseUrl, server)}/policies/${policy.id}/rules/${rule.id}`;
  return {
    id: rule.id,
    type: rule.type,
    status: rule.status,
    name: rule.name,
    priority,
    system: rule.system,
    conditions: structuredClone(rule.conditions),
    actions: structuredClone(rule.actions),
    created: rule.created,
    lastUpdated: rule.lastUpdated,
    _links: { self: link(self, ['GET', 'PUT', 'DELETE']), ...lifecycleLink(self, rule.status) },
  };
}
