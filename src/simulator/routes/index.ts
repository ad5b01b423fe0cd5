import type { Org } from '../org.js';
import type { RouteDef } from '../router.js';
import { oauthControlRoutes } from '../oauth/control.js';
import { oauthRoutes } from '../oauth/routes.js';
import { appGroupRoutes } from './appGroups.js';
import { appRoutes } from './apps.js';
import { appUserRoutes } from './appUsers.js';
import { authServerPolicyRoutes } from './authServerPolicies.js';
import { authServerRoutes } from './authServers.js';
import { authServerScopeRoutes } from './authServerScopes.js';
import { groupRoutes } from './groups.js';
import { logRoutes } from './logs.js';
import { userRoutes } from './users.js';

/** Every Management API and OAuth route of the simulator (the control plane is added separately). */
export function apiRoutes(org: Org): RouteDef[] {
  return [...userRoutes(org), ...groupRoutes(org), ...logRoutes(org), ...appRoutes(org), ...appUserRoutes(org), ...appGroupRoutes(org),
    ...authServerRoutes(org), ...authServerScopeRoutes(org), ...authServerPolicyRoutes(org), ...oauthRoutes(org), ...oauthControlRoutes(org)];
}
