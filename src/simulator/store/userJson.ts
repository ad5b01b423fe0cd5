import type { SimUser } from './users.js';

/** `First Last`, as Okta shows a user in System Log targets and actors. */
export function userDisplayName(user: SimUser): string {
  return `${String(user.profile.firstName ?? '')} ${String(user.profile.lastName ?? '')}`.trim();
}

/** The lifecycle operations Okta links from a single user in each status. */
const LIFECYCLE_LINKS: Record<SimUser['status'], Array<[string, string]>> = {
  STAGED: [['activate', 'activate'], ['deactivate', 'deactivate']],
  PROVISIONED: [['reactivate', 'reactivate'], ['resetPassword', 'reset_password'], ['deactivate', 'deactivate']],
  ACTIVE: [['suspend', 'suspend'], ['resetPassword', 'reset_password'], ['expirePassword', 'expire_password'], ['deactivate', 'deactivate']],
  PASSWORD_EXPIRED: [['resetPassword', 'reset_password'], ['expirePassword', 'expire_password'], ['deactivate', 'deactivate']],
  RECOVERY: [['reactivate', 'reactivate'], ['resetPassword', 'reset_password'], ['expirePassword', 'expire_password'], ['deactivate', 'deactivate']],
  LOCKED_OUT: [['unlock', 'unlock'], ['resetPassword', 'reset_password'], ['expirePassword', 'expire_password'], ['deactivate', 'deactivate']],
  SUSPENDED: [['unsuspend', 'unsuspend'], ['deactivate', 'deactivate']],
  DEPROVISIONED: [['activate', 'activate']],
};

/**
 * The `User` JSON of Okta's spec. Collections carry only the `self` link; a single user carries
 * the lifecycle and credential links its status allows, as Okta's do.
 */
export function userJson(user: SimUser, baseUrl: string, single: boolean): Record<string, unknown> {
  const self = `${baseUrl}/api/v1/users/${user.id}`;
  const links: Record<string, unknown> = { self: { href: self } };
  if (single) {
    for (const [name, op] of LIFECYCLE_LINKS[user.status]) links[name] = { href: `${self}/lifecycle/${op}`, method: 'POST' };
    if (user.hasPassword && ['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY', 'STAGED'].includes(user.status)) {
      links.changePassword = { href: `${self}/credentials/change_password`, method: 'POST' };
      links.changeRecoveryQuestion = { href: `${self}/credentials/change_recovery_question`, method: 'POST' };
    }
    if (user.status === 'ACTIVE' && user.recoveryQuestion) {
      links.forgotPassword = { href: `${self}/credentials/forgot_password`, method: 'POST' };
    }
    links.type = { href: `${baseUrl}/api/v1/meta/types/user/${user.typeId}` };
    links.schema = { href: `${baseUrl}/api/v1/meta/schemas/user/${user.typeId}` };
  }
  return {
    id: user.id,
    status: user.status,
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: user.lastLogin,
    lastUpdated: user.lastUpdated,
    passwordChanged: user.passwordChanged,
    type: { id: user.typeId },
    profile: { ...user.profile },
    credentials: {
      ...(user.hasPassword ? { password: {} } : {}),
      ...(user.recoveryQuestion ? { recovery_question: { question: user.recoveryQuestion } } : {}),
      provider: { type: 'OKTA', name: 'OKTA' },
    },
    _links: links,
  };
}
