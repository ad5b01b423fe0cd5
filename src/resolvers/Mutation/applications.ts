import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import type { Context } from '../../context.js';
import { requests } from '../../okta/requests.js';
import type { OktaAppGroup, OktaApplication, OktaAppUser } from '../../okta/types.js';
import { writes } from '../../okta/writes.js';
import { readLater, runMutation, userError, type Writer } from './run.js';

/** A 404 names the resource type it is about; each points at its own input field. */
const NOT_FOUND_BY_TYPE = {
  AppInstance: ['input', 'applicationId'],
  User: ['input', 'userId'],
  AppUser: ['input', 'userId'],
  UserGroup: ['input', 'groupId'],
  ApplicationGroupAssignment: ['input', 'groupId'],
};

function remember(ctx: Context, app: OktaApplication): OktaApplication {
  ctx.loaders.application.clear(app.id).prime(app.id, app);
  return app;
}

async function readApp(ctx: Context, okta: Writer, id: string): Promise<OktaApplication | null> {
  const app = await okta.read<OktaApplication>(requests.app(id));
  return app ? remember(ctx, app) : null;
}

const assignmentField = (attribute: string) => {
  if (attribute.startsWith('credentials.userName') || attribute === 'userName') return ['input', 'userName'];
  if (attribute.startsWith('profile')) return ['input', 'profile'];
  if (attribute === 'priority') return ['input', 'priority'];
  return ['input'];
};

function lifecycle(ctx: Context, name: 'activateApplication' | 'deactivateApplication', id: string) {
  return runMutation(ctx, { name, targets: { applicationId: id }, notFoundField: ['input', 'id'], empty: { application: null } }, async (okta) => {
    await okta.send(writes.appLifecycle(id, name === 'activateApplication' ? 'activate' : 'deactivate'));
    return { application: readLater(() => readApp(ctx, okta, id)) };
  });
}

export const applicationMutations: Pick<
  MutationResolvers,
  | 'activateApplication'
  | 'deactivateApplication'
  | 'updateApplicationLabel'
  | 'assignUserToApplication'
  | 'unassignUserFromApplication'
  | 'assignGroupToApplication'
  | 'unassignGroupFromApplication'
> = {
  activateApplication: (_p, { input }, ctx) => lifecycle(ctx, 'activateApplication', input.id),
  deactivateApplication: (_p, { input }, ctx) => lifecycle(ctx, 'deactivateApplication', input.id),

  updateApplicationLabel: (_p, { input }, ctx) =>
    runMutation(
      ctx,
      { name: 'updateApplicationLabel', targets: { applicationId: input.id }, notFoundField: ['input', 'id'], field: (a) => (a === 'label' ? ['input', 'label'] : ['input']), empty: { application: null } },
      async (okta) => {
        if (!input.label.trim()) return [userError('REQUIRED', 'The label must not be empty', ['input', 'label'])];
        const app = await okta.read<OktaApplication & Record<string, unknown>>(requests.app(input.id));
        if (!app) return [userError('NOT_FOUND', `No application ${input.id}`, ['input', 'id'])];
        // Okta's app update replaces the whole object: send it back as read, with the new label.
        const { _links: _l, _embedded: _e, ...rest } = app as Record<string, unknown>;
        return { application: remember(ctx, await okta.send<OktaApplication>(writes.replaceApp(app.id, { ...rest, label: input.label }))) };
      },
    ),

  assignUserToApplication: (_p, { input }, ctx) =>
    runMutation(
      ctx,
      { name: 'assignUserToApplication', targets: { applicationId: input.applicationId, userId: input.userId }, notFoundField: ['input'], notFoundByType: NOT_FOUND_BY_TYPE, field: assignmentField, empty: { assignment: null } },
      async (okta) => {
        const body = {
          id: input.userId,
          scope: 'USER',
          ...(input.userName ? { credentials: { userName: input.userName } } : {}),
          ...(input.profile ? { profile: input.profile } : {}),
        };
        const assignment = await okta.send<OktaAppUser>(writes.assignUserToApp(input.applicationId, body));
        return { assignment };
      },
    ),

  unassignUserFromApplication: (_p, { input }, ctx) =>
    runMutation(
      ctx,
      { name: 'unassignUserFromApplication', targets: { applicationId: input.applicationId, userId: input.userId }, notFoundField: ['input'], notFoundByType: NOT_FOUND_BY_TYPE, empty: { unassigned: false, application: null } },
      async (okta) => {
        await okta.send(writes.unassignUserFromApp(input.applicationId, input.userId, input.sendEmail ?? false));
        return { unassigned: true, application: readLater(() => readApp(ctx, okta, input.applicationId)) };
      },
    ),

  assignGroupToApplication: (_p, { input }, ctx) =>
    runMutation(
      ctx,
      { name: 'assignGroupToApplication', targets: { applicationId: input.applicationId, groupId: input.groupId }, notFoundField: ['input'], notFoundByType: NOT_FOUND_BY_TYPE, field: assignmentField, empty: { assignment: null } },
      async (okta) => {
        if (input.priority !== undefined && input.priority !== null && input.priority < 0) return [userError('INVALID', 'The priority must be 0 or more', ['input', 'priority'])];
        const body = { ...(input.priority !== undefined && input.priority !== null ? { priority: input.priority } : {}), ...(input.profile ? { profile: input.profile } : {}) };
        return { assignment: await okta.send<OktaAppGroup>(writes.assignGroupToApp(input.applicationId, input.groupId, body)) };
      },
    ),

  unassignGroupFromApplication: (_p, { input }, ctx) =>
    runMutation(
      ctx,
      { name: 'unassignGroupFromApplication', targets: { applicationId: input.applicationId, groupId: input.groupId }, notFoundField: ['input'], notFoundByType: NOT_FOUND_BY_TYPE, empty: { unassigned: false, application: null } },
      async (okta) => {
        await okta.send(writes.unassignGroupFromApp(input.applicationId, input.groupId));
        return { unassigned: true, application: readLater(() => readApp(ctx, okta, input.applicationId)) };
      },
    ),
};
