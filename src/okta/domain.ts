import { isIP } from 'node:net';

/** Why an Okta domain was refused; the message is safe to show to the person who typed it. */
export class OktaDomainError extends Error {
  override name = 'OktaDomainError';
}

/** Options for {@link parseOktaOrigin}. */
export interface OktaDomainOptions {
  /**
   * Accept `http://` for loopback hosts (the local simulator). Never for anything else: a plain-HTTP
   * Okta org would send bearer tokens in the clear.
   */
  allowInsecureHttp?: boolean;
  /**
   * Hostnames accepted besides Okta's own (custom Okta domains such as `login.acme.com`). When
   * undefined, any https host is accepted (single-org deployments configured by the operator).
   */
  allowedHosts?: readonly string[];
}

/** The hostname suffixes Okta serves orgs from. */
export const OKTA_HOST_SUFFIXES = [
  '.okta.com',
  '.oktapreview.com',
  '.okta-emea.com',
  '.okta-gov.com',
  '.okta.mil',
] as const;

/** True for `localhost`, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * Turns what an admin typed as their Okta domain (`acme.okta.com`, `https://acme.okta.com/`) into
 * the org's origin URL, or throws {@link OktaDomainError} saying why not.
 *
 * Only an origin is accepted (no path, query, fragment or credentials): every Management API path is
 * appended by the client, and a path here would silently be dropped or, worse, misroute tokens.
 */
export function parseOktaOrigin(input: string, options: OktaDomainOptions = {}): URL {
  const raw = input.trim();
  if (raw === '') throw new OktaDomainError('the Okta domain is empty');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new OktaDomainError(`"${raw}" is not a hostname or URL`);
  }
  if (url.username || url.password) throw new OktaDomainError('the Okta domain must not contain credentials');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new OktaDomainError('the Okta domain must be a hostname or an origin, without a path or query');
  }
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol === 'http:') {
    if (!loopback) throw new OktaDomainError('plain http:// is only accepted for loopback hosts');
    if (!options.allowInsecureHttp) {
      throw new OktaDomainError('plain http:// needs OKTA_ALLOW_INSECURE_HTTP=true (local simulator only)');
    }
  } else if (url.protocol !== 'https:') {
    throw new OktaDomainError(`unsupported scheme ${url.protocol}`);
  } else if (url.port !== '') {
    // Okta orgs, custom domains included, answer on 443 only; another port is not an Okta org.
    throw new OktaDomainError('an Okta domain takes no port');
  }
  if (options.allowedHosts && !(loopback && url.protocol === 'http:')) {
    const host = url.hostname.toLowerCase();
    const known = OKTA_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix) && host.length > suffix.length);
    const allowed = options.allowedHosts.some((h) => h.toLowerCase() === host);
    if (!known && !allowed) {
      throw new OktaDomainError(
        `${host} is not an Okta domain (*.okta.com, *.oktapreview.com, *.okta-emea.com, *.okta-gov.com, *.okta.mil) nor in OKTA_ALLOWED_DOMAINS`,
      );
    }
  }
  return new URL(url.origin);
}
