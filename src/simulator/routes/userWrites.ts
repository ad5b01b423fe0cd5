import { audit, groupTarget, userTarget } from '../auditEvents.js';
import { errors, ok, oktaError, isResponse, type SimRequest, type SimResponse } from '../http.js';
import { applyTransition } from '../lifecycle.js';
import type { Org } from '../org.js';
import type { RouteDef } from '../router.js';
import type { SimGroup } from '../store/groups.js';
import { userJson, type SimUser, type SimUserStatus } from '../store/users.js';
import { passwordErrors, profileErrors } from '../userProfile.js';
import { membershipRefusal } from './groupMembers.js';
import { asObject, noContent, readBody, readBool } from './params.js';
import { USERS_MANAGE } from './userLifecycle.js';

/**
 * The properties of Okta's User model: SDKs send a whole user back on update, and Okta accepts
 * (and ignores) the read-only ones; any other property is refused as a malformed body.
 */
const USER_PROPERTIES = [
  'id', 'status', 'created', 'activated', 'statusChanged', 'lastLogin', 'lastUpdated', 'passwordChanged', 'transitioningToStatus',
  'type', 'profile', 'credentials', 'realmId', 'groupIds', '_embedded', '_links',
];

/** What a create or update body says about credentials. */
interface Credentials {
  password?: unknown;
  question?: string;
  causes: string[];
}

function readCredentials(raw: unknown): Credentials {
  const credentials = asObject(raw);
  const out: Credentials = { causes: [] };
  if (!credentials) return out;
  const password = asObject(credentials.password);
  if (password && 'value' in password) out.password = password.value;
  const recovery = asObject(credentials.recovery_question);
  if (recovery) {
    if (typeof recovery.question !== 'string' || recovery.question.trim() === '') out.causes.push('recovery_question.question: The field cannot be left blank');
    if (typeof recovery.answer !== 'string' || recovery.answer.trim().length < 4) {
      out.causes.push('recovery_question.answer: The security question answer must be at least 4 characters in length');
    }
    if (typeof recovery.question === 'string') out.question = recovery.question;
  }
  return out;
}

/** Checks `type.id`: the org has one user type (the default). */
function typeErrors(org: Org, raw: unknown): string[] {
  const type = asObject(raw);
  if (type === undefined || type.id === undefined) return [];
  return type.id === org.seed.defaultUserTypeId ? [] : [`type.id: The user type ${String(type.id)} does not exist`];
}

/** Resolves `groupIds` of a create: 404 (UserGroup) for an unknown group, Okta's refusal for one it manages. */
function resolveGroups(org: Org, raw: unknown): SimGroup[] | SimResponse {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.some((g) => typeof g !== 'string')) return errors.validation(['groupIds: must be a list of group ids']);
  const groups: SimGroup[] = [];
  for (const id of raw as string[]) {
    const group = org.groups.get(id);
    if (!group) return errors.notFound(`${id} (UserGroup)`);
    // Everyone holds every user anyway; naming it is harmless.
    if (group.type === 'BUILT_IN') continue;
    if (group.type !== 'OKTA_GROUP') return membershipRefusal(group);
    groups.push(group);
  }
  return groups;
}

/**
 * `POST /api/v1/users`: STAGED without activation; with activation ACTIVE when a password is
 * given (PASSWORD_EXPIRED with `nextLogin=changePassword`), PROVISIONED otherwise (the user must
 * finish the activation flow), as in Okta's user creation scenarios.
 */
function createUser(org: Org, req: SimRequest): SimResponse {
  const body = readBody(req.body, USER_PROPERTIES);
  if (isResponse(body)) return body;
  const activate = readBool(req.query, 'activate', true);
  const expire = req.query.get('nextLogin') === 'changePassword';
  const profile = asObject(body.profile) ?? {};
  const credentials = readCredentials(body.credentials);
  if (expire && !activate) return oktaError(400, 'E0000125', 'Could not create user. To create a user and expire their password immediately, `activate` must be true.');
  if (expire && credentials.password === undefined) {
    return oktaError(400, 'E0000124', 'Could not create user. To create a user and expire their password immediately, a password must be specified.');
  }
  const causes = [...profileErrors(profile, org.users, true), ...credentials.causes, ...typeErrors(org, body.type)];
  if (credentials.password !== undefined) causes.push(...passwordErrors(credentials.password, String(profile.login)));
  if (causes.length > 0) return errors.validation(causes);
  const groups = resolveGroups(org, body.groupIds);
  if (isResponse(groups)) return groups;

  const now = org.nowIso();
  const hasPassword = credentials.password !== undefined;
  const status: SimUserStatus = !activate ? 'STAGED' : !hasPassword ? 'PROVISIONED' : expire ? 'PASSWORD_EXPIRED' : 'ACTIVE';
  const user: SimUser = {
    id: org.seed.ids.next('00u'),
    status,
    created: now,
    activated: activate ? now : null,
    statusChanged: activate ? now : null,
    lastLogin: null,
    lastUpdated: now,
    passwordChanged: hasPassword ? now : null,
    typeId: org.seed.defaultUserTypeId,
    profile: { ...profile, login: String(profile.login) },
    hasPassword,
    ...(credentials.question ? { recoveryQuestion: credentials.question } : {}),
    roles: [],
  };
  org.users.insert(user);
  org.groups.touchEveryone(now);
  audit(org, req, 'user.lifecycle.create', [userTarget(user)]);
  if (activate) audit(org, req, 'user.lifecycle.activate', [userTarget(user)]);
  for (const group of groups) {
    org.groups.addMember(group.id, user.id, now);
    audit(org, req, 'group.user_membership.add', [userTarget(user), groupTarget(group)]);
  }
  return ok(userJson(user, req.baseUrl, true));
}

/**
 * `POST /api/v1/users/{id}` (merge: attributes not sent are kept) and `PUT` (replace: attributes
 * not sent are removed). Either may carry only credentials.
 */
function updateUser(org: Org, req: SimRequest, replace: boolean): SimResponse {
  const id = req.params.id!;
  const user = org.users.get(id);
  if (!user) return errors.notFound(`${id} (User)`);
  const body = readBody(req.body, USER_PROPERTIES);
  if (isResponse(body)) return body;
  const profile = asObject(body.profile);
  if (body.profile !== undefined && !profile) return errors.malformedBody();
  const credentials = readCredentials(body.credentials);
  const causes = [...(profile ? profileErrors(profile, org.users, replace, user.id) : []), ...credentials.causes];
  const type = asObject(body.type);
  // A partial update may name the user's type but not change it; only a PUT changes the type.
  if (!replace && type?.id !== undefined && type.id !== user.typeId) causes.push('type.id: The user type cannot be changed with a partial update');
  if (replace) causes.push(...typeErrors(org, body.type));
  const login = String(profile?.login ?? user.profile.login);
  if (credentials.password !== undefined) causes.push(...passwordErrors(credentials.password, login));
  if (causes.length > 0) return errors.validation(causes);
  // Okta leaves the profile of a deactivated user untouched unless the org enables editing it.
  if (user.status === 'DEPROVISIONED') return ok(userJson(user, req.baseUrl, true));

  const now = org.nowIso();
  org.users.update(user.id, (u) => {
    if (profile) {
      const next = replace ? { ...profile } : { ...u.profile, ...profile };
      u.profile = { ...next, login };
    }
    if (credentials.password !== undefined) {
      u.hasPassword = true;
      u.passwordChanged = now;
    }
    if (credentials.question) u.recoveryQuestion = credentials.question;
    u.lastUpdated = now;
  });
  if (profile) audit(org, req, 'user.account.update_profile', [userTarget(user)], { changedAttributes: Object.keys(profile).join(',') });
  if (credentials.password !== undefined) audit(org, req, 'user.account.update_password', [userTarget(user)]);
  return ok(userJson(user, req.baseUrl, true));
}

/**
 * `DELETE /api/v1/users/{id}`: a user not yet DEPROVISIONED is deactivated (a second DELETE
 * deletes it), as Okta does; both answer 204.
 */
function deleteUser(org: Org, req: SimRequest): SimResponse {
  const id = req.params.id!;
  const user = org.users.get(id);
  if (!user) return errors.notFound(`${id} (User)`);
  const now = org.nowIso();
  if (user.status !== 'DEPROVISIONED') {
    org.users.update(user.id, (u) => applyTransition(u, 'deactivate', 'DEPROVISIONED', now));
    audit(org, req, 'user.lifecycle.deactivate', [userTarget(user)]);
    return noContent();
  }
  org.users.delete(user.id);
  org.groups.removeUser(user.id, now);
  audit(org, req, 'user.lifecycle.delete.initiated', [userTarget(user)]);
  audit(org, req, 'user.lifecycle.delete.completed', [userTarget(user)]);
  return noContent();
}

/** The user write routes: create, partial update, replace, delete. */
export function userWriteRoutes(org: Org): RouteDef[] {
  const common = { kind: 'management' as const, scopes: USERS_MANAGE, permission: 'users.manage' };
  return [
    { method: 'POST', path: '/api/v1/users', ...common, handler: (req) => createUser(org, req) },
    { method: 'POST', path: '/api/v1/users/{id}', ...common, handler: (req) => updateUser(org, req, false) },
    { method: 'PUT', path: '/api/v1/users/{id}', ...common, handler: (req) => updateUser(org, req, true) },
    { method: 'DELETE', path: '/api/v1/users/{id}', ...common, handler: (req) => deleteUser(org, req) },
  ];
}
