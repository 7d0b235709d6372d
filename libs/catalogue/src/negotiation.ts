import { canonicalTag, FALLBACK_LANGUAGE, resolveLanguage, ShippedLanguage } from './languages';

export interface AcceptLanguageEntry {
  /** A language range as sent (`de-CH`, `fr`, `*`), in canonical case when it is a tag. */
  readonly range: string;
  /** Weight 0..1; 0 means "not acceptable". */
  readonly q: number;
}

// Bounds against abusive headers; real browsers send a handful of ranges.
const MAX_HEADER_LENGTH = 4096;
const MAX_ENTRIES = 32;
const RANGE = /^(?:\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$/;
// RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * Parse an `Accept-Language` header (RFC 9110 §12.5.4) into ranges by descending weight; equal
 * weights keep the sender's order. Malformed entries (bad range, bad q) are skipped, not fatal.
 */
export function parseAcceptLanguage(header: string | readonly string[] | null | undefined): AcceptLanguageEntry[] {
  if (header === null || header === undefined) return [];
  const joined = typeof header === 'string' ? header : header.join(',');
  // Cut an oversized header at the last complete entry rather than inside a tag.
  const text = joined.length > MAX_HEADER_LENGTH ? joined.slice(0, Math.max(0, joined.lastIndexOf(',', MAX_HEADER_LENGTH))) : joined;
  const entries: AcceptLanguageEntry[] = [];
  for (const raw of text.split(',').slice(0, MAX_ENTRIES)) {
    const [rangePart, ...params] = raw.split(';');
    const range = rangePart.trim();
    if (!RANGE.test(range)) continue;
    let q = 1;
    let valid = true;
    for (const param of params) {
      // Trimmed first: `\s*(\S*)\s*$` let the two `\s*` share the blanks after an empty value (quadratic).
      const match = /^q\s*=\s*(\S*)$/i.exec(param.trim());
      if (match === null) continue; // other parameters are not ours to judge
      if (!QVALUE.test(match[1])) {
        valid = false;
        break;
      }
      q = Number(match[1]);
    }
    if (!valid) continue;
    entries.push({ range: range === '*' ? '*' : (canonicalTag(range) ?? range), q });
  }
  // Array.prototype.sort is stable: equal weights keep their order.
  return entries.sort((a, b) => b.q - a.q);
}

export type LanguageChoiceSource = 'profile' | 'accept-language' | 'node-default' | 'fallback';

export interface LanguageNegotiationInput {
  /** The agent's profile language (a BCP 47 tag), when the agent set one. */
  readonly profile?: string | null;
  /** The request's `Accept-Language` header. */
  readonly acceptLanguage?: string | readonly string[] | null;
  /** The node's languages, preferred first (OPERATOR_LANGUAGES: a list or a comma-separated string). */
  readonly nodeDefault?: string | readonly string[] | null;
}

export interface LanguageCandidate {
  readonly source: Exclude<LanguageChoiceSource, 'fallback'>;
  /** The tag as asked for (canonical case). */
  readonly tag: string;
  /** What it resolved to, or undefined when no shipped language matches it. */
  readonly language: ShippedLanguage | undefined;
}

export interface NegotiatedLanguage {
  /** The language to render labels in: `chain[0]`. */
  readonly language: ShippedLanguage;
  /** Which input decided it; `fallback` when none named a shipped language. */
  readonly source: LanguageChoiceSource;
  /**
   * Locale for dates and numbers: the reader's own tag when it resolved to `language` (`de-CH`
   * renders labels in `de` and dates the Swiss way), else the language itself.
   */
  readonly locale: string;
  /** Label fallback order, without duplicates; always ends with English (complete, so the last resort). */
  readonly chain: readonly ShippedLanguage[];
  /** Every tag considered, in order of preference, with what it resolved to. */
  readonly considered: readonly LanguageCandidate[];
}

/**
 * Pick the reader's language: the profile, else `Accept-Language` (by weight), else the node's
 * default, else English. Never fails and never returns an empty choice. Ranges sent with `q=0`
 * are "not acceptable" and are skipped among the header's and the node's candidates (the
 * profile, chosen by the agent, still wins; English stays the last resort).
 */
export function negotiateLanguage(input: LanguageNegotiationInput = {}): NegotiatedLanguage {
  const considered: LanguageCandidate[] = [];
  const add = (source: LanguageCandidate['source'], raw: string): void => {
    const tag = canonicalTag(raw);
    if (tag !== undefined) considered.push({ source, tag, language: resolveLanguage(tag) });
  };

  if (typeof input.profile === 'string') add('profile', input.profile);

  const accepted = parseAcceptLanguage(input.acceptLanguage);
  const refused = new Set(
    accepted.filter((e) => e.q === 0).flatMap((e) => (e.range === '*' ? [] : [resolveLanguage(e.range)])),
  );
  for (const entry of accepted) if (entry.q > 0 && entry.range !== '*') add('accept-language', entry.range);

  const node = input.nodeDefault;
  const nodeTags = typeof node === 'string' ? node.split(',') : (node ?? []);
  for (const tag of nodeTags) add('node-default', tag);

  const usable = considered.filter(
    (c): c is LanguageCandidate & { language: ShippedLanguage } =>
      c.language !== undefined && (c.source === 'profile' || !refused.has(c.language)),
  );
  // English is complete, so the chain stops there: nothing after it would ever be reached.
  const preferred = [...new Set<ShippedLanguage>([...usable.map((c) => c.language), FALLBACK_LANGUAGE])];
  const chain = preferred.slice(0, preferred.indexOf(FALLBACK_LANGUAGE) + 1);
  const language = chain[0];
  const first = usable[0];
  if (first === undefined) return { language, source: 'fallback', locale: language, chain, considered };

  // The most specific tag the reader gave for the chosen language: `de` from the profile and
  // `de-CH` from the header render Swiss dates.
  const sameLanguage = usable.filter((c) => c.language === language);
  const regional = sameLanguage.find((c) => new Intl.Locale(c.tag).region !== undefined);
  return { language, source: first.source, locale: (regional ?? first).tag, chain, considered };
}
