import { errors, type SimResponse } from '../http.js';
import type { StoredLogEvent } from '../store/logs.js';

const MAX_KEYWORD = 40;
const MAX_KEYWORDS = 10;
/** Where Okta's keyword index splits attribute values besides whitespace (URLs, paths, lists). */
const SEPARATORS = /[\s/:?=&,;()"'<>[\]{}]+/;

/**
 * Reads `q`: whitespace-separated keywords, at most 10 of at most 40 characters each (Okta's
 * limits, with its own error wording for the length).
 * @returns the lower-cased keywords, undefined when `q` is absent or blank, or a 400 answer.
 */
export function readKeywords(q: string | null): string[] | undefined | SimResponse {
  const words = (q ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  if (words.some((w) => w.length > MAX_KEYWORD)) {
    return errors.validation(
      ['q: Freeform search cannot contain items longer than 40 characters. Please shorten the items in your search or use an advanced filter to query by specific fields.'],
      "Api validation failed: 'q': Freeform search cannot contain items longer than 40 characters. Please shorten the items in your search or use an advanced filter to query by specific fields.",
    );
  }
  if (words.length > MAX_KEYWORDS) {
    return errors.validation([`q: Freeform search cannot contain more than ${MAX_KEYWORDS} items. Please use fewer keywords or an advanced filter to query by specific fields.`]);
  }
  return words.map((w) => w.toLowerCase());
}

const index = new WeakMap<StoredLogEvent, Set<string>>();

/**
 * The keywords an event answers to: every attribute value whole, its words, and — as Okta
 * documents — the parts of hyphenated words as well as the hyphenated word itself.
 */
function keywordsOf(event: StoredLogEvent): Set<string> {
  let set = index.get(event);
  if (set) return set;
  const out = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      const text = String(value).toLowerCase();
      out.add(text);
      for (const word of text.split(SEPARATORS)) {
        if (!word) continue;
        out.add(word);
        if (word.includes('-')) for (const part of word.split('-')) if (part) out.add(part);
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(event);
  set = out;
  index.set(event, set);
  return set;
}

/** True when every keyword matches one of the event's values exactly (case-insensitive). */
export function matchesKeywords(event: StoredLogEvent, keywords: readonly string[]): boolean {
  const set = keywordsOf(event);
  return keywords.every((k) => set.has(k));
}
