import type { UserStore } from './store/users.js';

/** The base attributes Okta's default user schema requires. */
export const REQUIRED_ATTRIBUTES = ['login', 'email', 'firstName', 'lastName'] as const;

/** Okta's own (loose) email pattern: something@something.tld, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Validates a user profile the way Okta's default user schema does, and returns the
 * `errorCauses` of Okta's 400 E0000001 (`attribute: message`), empty when the profile is valid.
 * @param full the profile replaces the whole profile (create, PUT); otherwise it is merged (POST)
 *   and only the attributes it carries are checked.
 * @param selfId the user being updated, whose own login does not count as taken.
 */
export function profileErrors(profile: Record<string, unknown>, users: UserStore, full: boolean, selfId?: string): string[] {
  const causes: string[] = [];
  for (const attr of REQUIRED_ATTRIBUTES) {
    if ((full || attr in profile) && blank(profile[attr])) causes.push(`${attr}: The field cannot be left blank`);
  }
  for (const [attr, value] of Object.entries(profile)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) causes.push(`${attr}: Property is not a valid primitive or array of primitives`);
  }
  const login = profile.login;
  if (!blank(login)) {
    if (typeof login !== 'string' || !EMAIL.test(login)) causes.push('login: Username must be in the form of an email address');
    else if (login.length > 100) causes.push('login: The field is too long');
    else {
      const holder = users.idOfLogin(login);
      if (holder !== undefined && holder !== selfId) causes.push('login: An object with this field already exists in the current organization');
    }
  }
  for (const attr of ['email', 'secondEmail']) {
    const value = profile[attr];
    if (!blank(value) && (typeof value !== 'string' || !EMAIL.test(value))) causes.push(`${attr}: Does not match required pattern`);
  }
  return causes;
}

/**
 * Checks a password against the default Okta password policy (8 characters, a lowercase and an
 * uppercase letter, a number, no part of the username); returns Okta's cause when it fails.
 */
export function passwordErrors(password: unknown, login: string): string[] {
  const requirements =
    'password: Password requirements were not met. Password requirements: at least 8 characters, a lowercase letter, an uppercase letter, a number, no parts of your username.';
  if (typeof password !== 'string') return [requirements];
  const local = login.split('@')[0]!.toLowerCase();
  const parts = local.split(/[._-]/).filter((p) => p.length >= 3);
  const ok =
    password.length >= 8 &&
    /[a-z]/.test(password) &&
    /[A-Z]/.test(password) &&
    /\d/.test(password) &&
    !parts.some((p) => password.toLowerCase().includes(p));
  return ok ? [] : [requirements];
}
