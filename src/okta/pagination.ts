/**
 * Okta paginates with RFC 8288 `Link` headers: `<https://org/api/v1/users?after=…&limit=200>; rel="next"`.
 * The `after` value is opaque and may change format per endpoint, so we only ever follow the link
 * Okta gave us; we never compute a cursor of our own.
 */

/** Parses a `Link` header into a map from relation to URL (first occurrence wins). */
export function parseLinkHeader(header: string | null | undefined): Map<string, string> {
  const links = new Map<string, string>();
  if (!header) return links;
  // A URL inside <> may legally contain commas and semicolons, so tokenize on the brackets first.
  const re = /<([^>]*)>((?:\s*;\s*[a-zA-Z*]+\s*=\s*(?:"[^"]*"|[^;,]*))*)/g;
  for (const match of header.matchAll(re)) {
    const url = match[1]!;
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]*))/i.exec(params);
    const value = rel?.[1] ?? rel?.[2];
    if (!value) continue;
    for (const r of value.split(/\s+/)) {
      if (r && !links.has(r.toLowerCase())) links.set(r.toLowerCase(), url);
    }
  }
  return links;
}

/**
 * Reduces an absolute next link to the `path?query` we will request again, refusing any link that
 * leaves the org's origin: a link is replayed with the caller's bearer token, so a foreign host in
 * it would be a token leak.
 *
 * @returns the relative reference, or undefined when the link is not on `origin`.
 */
export function toOrgRelative(link: string, origin: URL): string | undefined {
  let url: URL;
  try {
    url = new URL(link, origin);
  } catch {
    return undefined;
  }
  if (url.origin !== origin.origin) return undefined;
  return `${url.pathname}${url.search}`;
}

/** A page of an Okta list endpoint. */
export interface OktaPage<T> {
  items: T[];
  /** `path?query` of this page, as requested. */
  self: string;
  /** `path?query` of the next page, when Okta gave a `rel="next"` link. */
  next: string | undefined;
}
