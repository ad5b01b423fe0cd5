import type { MutationResolvers, UserError, UserProfileInput } from '../../__generated__/resolvers-types.js';
import type { Context } from '../../context.js';
import { requests } from '../../okta/requests.js';
import type { OktaUser } from '../../okta/types.js';
import { writes, type UserLifecycleOp } from '../../okta/writes.js';
import { BASE_PROFILE_ATTRIBUTES } from '../User.js';
import { readLater, runMutation, userError, type Writer } from './run.js';

/** Okta's error causes name profile attributes; they map onto the input's `profile`. */
function userField(attribute: string): string[] {
  if (attribute === 'password' || attribute.startsWith('credentials.password')) return ['input', 'password'];
  if (attribute.startsWith('recovery_question') || attribute.startsWith('credentials.recovery_question')) return ['input', 'recoveryQuestion'];
  if (attribute === 'groupIds') return ['input', 'groupIds'];
  const name = attribute.replace(/^profile\./, '');
  return BASE_PROFILE_ATTRIBUTES.has(name) ? ['input', 'profile', name] : ['input', 'profile', 'customAttributes', name];
}

/** Okta's profile object from the input: base fields as given, custom attributes merged in. */
function oktaProfile(input: UserProfileInput): { profile: Record<string, unknown>; errors: UserError[] } {
  const errors: UserError[] = [];
  const profile: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'customAttributes' || value === undefined) continue;
    profile[key] = value;
  }
  for (const [key, value] of Object.entries(input.customAttributes ?? {})) {
    if (BASE_PROFILE_ATTRIBUTES.has(key)) {
      errors.push(userError('INVALID', `"${key}" is a base attribute: set it through its own field`, ['input', 'profile', 'customAttributes', key]));
    } else profile[key] = value;
  }
  return { profile, errors };
}

/**
 * Checks initial groups before creating: Okta refuses an app group with a bare 403 that would read as
 * a missing admin role, and an unknown id would leave no user created but no field named. The
 * built-in group is harmless (every user is in it anyway).
 */
async function groupIdProblems(ctx: Context, ids: readonly string[]): Promise<UserError[]> {
  const groups = await ctx.loaders.group.loadMany(ids);
  return groups.flatMap((g, i) => {
    const field = ['input', 'groupIds', String(i)];
    if (g instanceof Error) throw g;
    if (!g) return [userError('NOT_FOUND', `No group ${ids[i]}`, field)];
    if (g.type === 'APP_GROUP') return [userError('NOT_ALLOWED', `${g.profile.name} is imported from an application: its members come from there`, field)];
    return [];
  });
}

/** Remembers what a write returned, so that the rest of the operation reads it, not a stale copy. */
function remember(ctx: Context, user: OktaUser): OktaUser {
  ctx.loaders.user.clear(user.id).clear(user.profile.login).prime(user.id, user).prime(user.profile.login, user);
  return user;
}

/** Lifecycle endpoints answer with a token or nothing: the user is read back by id (strongly consistent). */
async function readBack(ctx: Context, okta: Writer, id: string): Promise<OktaUser | null> {
  const user = await okta.read<OktaUser>(requests.user(id));
  return user ? remember(ctx, user) : null;
}

type LifecycleResult = { user: OktaUser | null; activationUrl: string | null; resetPasswordUrl: string | null };

function lifecycle(ctx: Context, name: string, id: string, op: UserLifecycleOp, sendEmail?: boolean): Promise<LifecycleResult & { userErrors: UserError[] }> {
  return runMutation<LifecycleResult>(
    ctx,
    { name, targets: { userId: id }, notFoundField: ['input', 'id'], lifecycle: true, empty: { user: null, activationUrl: null, resetPasswordUrl: null } },
    async (okta) => {
      const body = await okta.send<{ activationUrl?: string; resetPasswordUrl?: string } | undefined>(writes.userLifecycle(id, op, sendEmail));
      return { user: readLater(() => readBack(ctx, okta, id)), activationUrl: body?.activationUrl ?? null, resetPasswordUrl: body?.resetPasswordUrl ?? null };
    },
  );
}

export const userMutations: Pick<
  MutationResolvers,
  | 'createUser'
  | 'updateUser'
  | 'activateUser'
  | 'reactivateUser'
  | 'deactivateUser'
  | 'suspendUser'
  | 'unsuspendUser'
  | 'unlockUser'
  | 'resetUserPassword'
  | 'expireUserPassword'
  | 'deleteUser'
> = {
  createUser: (_p, { input }, ctx) => {
    const targets: Record<string, string | null | undefined> = { login: input.profile.login };
    return runMutation(ctx, { name: 'createUser', targets, field: userField, notFoundByType: { UserGroup: ['input', 'groupIds'] }, empty: { user: null } }, async (okta) => {
      const { profile, errors } = oktaProfile(input.profile);
      if (!input.profile.login?.trim()) errors.push(userError('REQUIRED', 'A login is required', ['input', 'profile', 'login']));
      if (input.password === '') errors.push(userError('INVALID', 'The password must not be empty; omit it instead', ['input', 'password']));
      if (input.groupIds?.length === 0) errors.push(userError('INVALID', 'groupIds must not be empty; omit it instead', ['input', 'groupIds']));
      if (errors.length > 0) return errors;
      errors.push(...(await groupIdProblems(ctx, input.groupIds ?? [])));
      if (errors.length > 0) return errors;
      const credentials: Record<string, unknown> = {};
      if (input.password) credentials.password = { value: input.password };
      if (input.recoveryQuestion) credentials.recovery_question = { question: input.recoveryQuestion.question, answer: input.recoveryQuestion.answer };
      const body = { profile, ...(Object.keys(credentials).length ? { credentials } : {}), ...(input.groupIds ? { groupIds: input.groupIds } : {}) };
      const user = await okta.send<OktaUser>(writes.createUser(body, input.activate ?? true));
      targets.userId = user.id;
      return { user: remember(ctx, user) };
    });
  },

  updateUser: (_p, { input }, ctx) =>
    runMutation(ctx, { name: 'updateUser', targets: { userId: input.id }, notFoundField: ['input', 'id'], field: userField, empty: { user: null } }, async (okta) => {
      const { profile, errors } = oktaProfile(input.profile);
      if (Object.keys(profile).length === 0 && errors.length === 0) errors.push(userError('REQUIRED', 'Give at least one attribute to change', ['input', 'profile']));
      if (errors.length > 0) return errors;
      // `POST /users/{id}` is Okta's partial update: attributes not sent keep their values.
      return { user: remember(ctx, await okta.send<OktaUser>(writes.updateUser(input.id, profile))) };
    }),

  activateUser: (_p, { input }, ctx) => lifecycle(ctx, 'activateUser', input.id, 'activate', input.sendEmail ?? true),
  reactivateUser: (_p, { input }, ctx) => lifecycle(ctx, 'reactivateUser', input.id, 'reactivate', input.sendEmail ?? false),
  deactivateUser: (_p, { input }, ctx) => lifecycle(ctx, 'deactivateUser', input.id, 'deactivate', input.sendEmail ?? false),
  suspendUser: (_p, { input }, ctx) => lifecycle(ctx, 'suspendUser', input.id, 'suspend'),
  unsuspendUser: (_p, { input }, ctx) => lifecycle(ctx, 'unsuspendUser', input.id, 'unsuspend'),
  unlockUser: (_p, { input }, ctx) => lifecycle(ctx, 'unlockUser', input.id, 'unlock'),
  resetUserPassword: (_p, { input }, ctx) => lifecycle(ctx, 'resetUserPassword', input.id, 'reset_password', input.sendEmail ?? true),
  expireUserPassword: (_p, { input }, ctx) => lifecycle(ctx, 'expireUserPassword', input.id, 'expire_password'),

  deleteUser: (_p, { input }, ctx) =>
    runMutation(ctx, { name: 'deleteUser', targets: { userId: input.id }, notFoundField: ['input', 'id'], empty: { deletedUserId: null } }, async (okta) => {
      const user = await okta.read<OktaUser>(requests.user(input.id));
      if (!user) return [userError('NOT_FOUND', `No user ${input.id}`, ['input', 'id'])];
      if (user.status !== 'DEPROVISIONED') {
        if (!input.deactivateFirst) {
          // Okta's DELETE on such a user only deactivates it: say so instead of doing half the job.
          return [userError('INVALID_STATE', `Okta deletes only deactivated users; this one is ${user.status}. Deactivate it first, or pass deactivateFirst: true`, ['input', 'id'])];
        }
        await okta.send(writes.userLifecycle(user.id, 'deactivate', false));
      }
      await okta.send(writes.deleteUser(user.id));
      ctx.loaders.user.clear(user.id).clear(user.profile.login);
      return { deletedUserId: user.id };
    }),
};
