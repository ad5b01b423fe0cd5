import type { MutationResolvers, UserError } from '../../__generated__/resolvers-types.js';
import type { Context } from '../../context.js';
import { requests } from '../../okta/requests.js';
import type { OktaGroup, OktaUser } from '../../okta/types.js';
import { writes } from '../../okta/writes.js';
import { readLater, runMutation, userError, type Writer } from './run.js';

const groupField = (attribute: string) => {
  const name = attribute.replace(/^profile\./, '');
  return name === 'name' || name === 'description' ? ['input', name] : ['input'];
};

function remember(ctx: Context, group: OktaGroup): OktaGroup {
  ctx.loaders.group.clear(group.id).prime(group.id, group);
  return group;
}

/**
 * Reads the group and refuses what Okta never allows on it: the built-in Everyone group cannot be
 * changed at all, and an app group belongs to its source application.
 */
async function changeableGroup(okta: Writer, id: string, field: string[], what: string, appGroupsToo = false): Promise<OktaGroup | UserError[]> {
  const group = await okta.read<OktaGroup>(requests.group(id));
  if (!group) return [userError('NOT_FOUND', `No group ${id}`, field)];
  if (group.type === 'BUILT_IN') return [userError('NOT_ALLOWED', `${group.profile.name} is a built-in group: Okta does not allow ${what} it`, field)];
  if (group.type === 'APP_GROUP' && !appGroupsToo) return [userError('NOT_ALLOWED', `${group.profile.name} is imported from an application: change it there, not in Okta`, field)];
  return group;
}

async function membership(ctx: Context, name: 'addUserToGroup' | 'removeUserFromGroup', groupId: string, userId: string) {
  return runMutation(
    ctx,
    { name, targets: { groupId, userId }, notFoundField: ['input'], empty: { group: null, user: null } },
    async (okta) => {
      const group = await changeableGroup(okta, groupId, ['input', 'groupId'], 'changing the members of');
      if (Array.isArray(group)) return group;
      const user = await okta.read<OktaUser>(requests.user(userId));
      if (!user) return [userError('NOT_FOUND', `No user ${userId}`, ['input', 'userId'])];
      await okta.send(name === 'addUserToGroup' ? writes.addGroupMember(group.id, user.id) : writes.removeGroupMember(group.id, user.id));
      // The group is read back for its new lastMembershipUpdated.
      const after = readLater(async () => {
        const g = await okta.read<OktaGroup>(requests.group(group.id));
        return g ? remember(ctx, g) : null;
      });
      return { group: after, user };
    },
  );
}

export const groupMutations: Pick<MutationResolvers, 'createGroup' | 'updateGroup' | 'deleteGroup' | 'addUserToGroup' | 'removeUserFromGroup'> = {
  createGroup: (_p, { input }, ctx) => {
    const targets: Record<string, string | null | undefined> = { name: input.name };
    return runMutation(ctx, { name: 'createGroup', targets, field: groupField, empty: { group: null } }, async (okta) => {
      if (!input.name.trim()) return [userError('REQUIRED', 'A group name is required', ['input', 'name'])];
      const profile = { name: input.name, ...(input.description !== undefined && input.description !== null ? { description: input.description } : {}) };
      const group = await okta.send<OktaGroup>(writes.createGroup(profile));
      targets.groupId = group.id;
      return { group: remember(ctx, group) };
    });
  },

  updateGroup: (_p, { input }, ctx) =>
    runMutation(ctx, { name: 'updateGroup', targets: { groupId: input.id }, notFoundField: ['input', 'id'], field: groupField, empty: { group: null } }, async (okta) => {
      if (input.name === undefined && input.description === undefined) return [userError('REQUIRED', 'Give a name or a description to change', ['input'])];
      if (input.name !== undefined && input.name !== null && !input.name.trim()) return [userError('INVALID', 'The name must not be empty', ['input', 'name'])];
      const group = await changeableGroup(okta, input.id, ['input', 'id'], 'changing');
      if (Array.isArray(group)) return group;
      // Okta replaces the whole profile: send the current one with the changes, so custom attributes survive.
      const profile = {
        ...group.profile,
        ...(input.name ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description || null } : {}),
      };
      return { group: remember(ctx, await okta.send<OktaGroup>(writes.replaceGroup(group.id, profile))) };
    }),

  deleteGroup: (_p, { input }, ctx) =>
    runMutation(ctx, { name: 'deleteGroup', targets: { groupId: input.id }, notFoundField: ['input', 'id'], empty: { deletedGroupId: null } }, async (okta) => {
      // Okta deletes app groups (their source may re-import them); only the built-in group stays.
      const group = await changeableGroup(okta, input.id, ['input', 'id'], 'deleting', true);
      if (Array.isArray(group)) return group;
      await okta.send(writes.deleteGroup(group.id));
      ctx.loaders.group.clear(group.id);
      return { deletedGroupId: group.id };
    }),

  addUserToGroup: (_p, { input }, ctx) => membership(ctx, 'addUserToGroup', input.groupId, input.userId),
  removeUserFromGroup: (_p, { input }, ctx) => membership(ctx, 'removeUserFromGroup', input.groupId, input.userId),
};
