import { memoize } from './memo';

/**
 * Languages the catalogue ships, and how any BCP 47 tag maps onto them.
 * English is the last resort of every chain and always exists.
 */
export const SHIPPED_LANGUAGES = ['en', 'fr', 'de', 'es', 'ja', 'ar'] as const;
export type ShippedLanguage = (typeof SHIPPED_LANGUAGES)[number];
export const FALLBACK_LANGUAGE = 'en' satisfies ShippedLanguage;

const SHIPPED: ReadonlyMap<string, ShippedLanguage> = new Map(SHIPPED_LANGUAGES.map((l) => [l.toLowerCase(), l]));

export function isShippedLanguage(x: unknown): x is ShippedLanguage {
  return typeof x === 'string' && SHIPPED.get(x) === x;
}

/**
 * A well-formed tag in canonical case (`de-ch` → `de-CH`), or undefined. Wildcards, private-use
 * and grandfathered tags are not languages a reader can be served in.
 */
const canonicalTags = memoize<string | undefined>(1_000);

export function canonicalTag(tag: unknown): string | undefined {
  if (typeof tag !== 'string') return undefined;
  return canonicalTags(tag, () => canonicalize(tag));
}

function canonicalize(tag: string): string | undefined {
  const trimmed = tag.trim().replace(/_/g, '-');
  if (trimmed === '' || trimmed.length > 64 || !/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(trimmed)) return undefined;
  try {
    const [canonical] = Intl.getCanonicalLocales(trimmed);
    return canonical;
  } catch {
    return undefined;
  }
}

/**
 * The shipped language for a tag, by RFC 4647 lookup: the exact tag, then shorter and shorter
 * prefixes down to the base language (`de-Latn-CH` → `de-Latn` → `de`). Undefined if none is shipped.
 */
export function resolveLanguage(tag: unknown): ShippedLanguage | undefined {
  const canonical = canonicalTag(tag);
  if (canonical === undefined) return undefined;
  const parts = canonical.toLowerCase().split('-');
  for (let n = parts.length; n > 0; n--) {
    const hit = SHIPPED.get(parts.slice(0, n).join('-'));
    if (hit !== undefined) return hit;
  }
  return undefined;
}

// Scripts written right to left, and languages whose default script is (when the tag names no script).
const RTL_SCRIPTS: ReadonlySet<string> = new Set(['arab', 'hebr', 'syrc', 'thaa', 'nkoo', 'adlm', 'rohg', 'mand', 'samr']);
const RTL_LANGUAGES: ReadonlySet<string> = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb', 'syr']);

export type TextDirection = 'ltr' | 'rtl';

/** Writing direction of a tag: `ar`, `ar-EG`, `fa`, `he`, `az-Arab` → rtl; `en`, `ja`, `ku-Latn` → ltr. */
const directions = memoize<TextDirection>(1_000);

export function textDirection(tag: string): TextDirection {
  return directions(tag, () => directionOf(tag));
}

function directionOf(tag: string): TextDirection {
  const canonical = canonicalTag(tag);
  if (canonical === undefined) return 'ltr';
  const locale = new Intl.Locale(canonical);
  if (locale.script !== undefined) return RTL_SCRIPTS.has(locale.script.toLowerCase()) ? 'rtl' : 'ltr';
  return RTL_LANGUAGES.has(locale.language) ? 'rtl' : 'ltr';
}
