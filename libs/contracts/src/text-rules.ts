// Text rules every party applies the same way: the node's REST API, the broker's body rules and
// the tracking validation. No imports, so libs/domain may use this file too.

/** Caps of every free-text field, in Unicode code points (what PostgreSQL's varchar(n) counts). */
export const TextLimits = {
  /** A description, a message body, a resolution note. */
  text: 4000,
  /** A customer's name, `signed_by`, `office`. */
  name: 200,
  email: 254,
  phone: 40,
  agentId: 100,
  languageTag: 35,
  /** A refusal's detail. */
  detail: 2000,
  /** A tracking event's location or non-delivery code. */
  trackingText: 200,
  /** A template's title. */
  title: 200,
  /** A template's text (ICU MessageFormat). */
  template: 4000,
  /** Any identifier-like string in a query or body (ids, codes, cursors) before its own pattern runs. */
  token: 100,
  /** An ISO-8601 date-time string. */
  instant: 64,
} as const;

export interface TextRule {
  readonly max: number;
  /** Default 0. A required field says 1. */
  readonly min?: number;
  /** Tab, line feed and carriage return are allowed (descriptions, bodies); elsewhere no control character is. */
  readonly multiline?: boolean;
}

export type TextViolationCode = 'INVALID_TEXT_LENGTH' | 'INVALID_CHARACTER';

export interface TextViolation {
  readonly code: TextViolationCode;
  readonly message: string;
}

const describeChar = (c: number): string => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * LRE, RLE, PDF, LRO, RLO (U+202A..U+202E) and LRI, RLI, FSI, PDI (U+2066..U+2069): they reorder
 * what follows them until a terminator, so a partner's agent would read something other than the
 * stored text, and an unterminated one spills into the text displayed after the field (the
 * "Trojan Source" attack, CVE-2021-42574). Plain text never needs them: the Unicode bidi
 * algorithm orders Arabic and Hebrew on its own.
 * The marks LRM, RLM (U+200E, U+200F) and ALM (U+061C) stay allowed: they are invisible strong
 * characters that only settle the direction of neutral ones next to them (a phone number or
 * punctuation inside Arabic or Hebrew text), keyboards and CRMs insert them in ordinary text, and
 * they cannot reorder anything beyond their neighbours.
 */
export function isBidiControl(c: number): boolean {
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/**
 * The first way `value` breaks `rule`, or null. One linear pass, and none at all over a string
 * that is too long by its UTF-16 length alone, so any pattern run after this sees bounded input.
 *
 * Refused: a length outside [min, max] code points; C0 controls (NUL included: PostgreSQL cannot
 * store it), DEL and C1 controls, except tab/LF/CR in multi-line text; lone surrogates (protobuf
 * and PostgreSQL would store U+FFFD instead, so what was accepted would not be what is kept); the
 * bidirectional embeddings, overrides and isolates U+202A..U+202E and U+2066..U+2069 (see
 * `isBidiControl`).
 */
export function textViolation(value: string, rule: TextRule): TextViolation | null {
  const min = rule.min ?? 0;
  const tooLong = (): TextViolation => ({ code: 'INVALID_TEXT_LENGTH', message: `is longer than ${rule.max} characters` });
  // A code point is one or two UTF-16 units.
  if (value.length > rule.max * 2) return tooLong();
  let points = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    points++;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < value.length ? value.charCodeAt(i + 1) : 0;
      if (next < 0xdc00 || next > 0xdfff) return { code: 'INVALID_CHARACTER', message: `has a lone surrogate (${describeChar(c)}) at position ${i}` };
      i++;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return { code: 'INVALID_CHARACTER', message: `has a lone surrogate (${describeChar(c)}) at position ${i}` };
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      if (rule.multiline && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
      return { code: 'INVALID_CHARACTER', message: `has a control character (${describeChar(c)}) at position ${i}` };
    }
    if (isBidiControl(c)) return { code: 'INVALID_CHARACTER', message: `has a bidirectional control character (${describeChar(c)}) at position ${i}` };
  }
  if (points > rule.max) return tooLong();
  if (points < min) return { code: 'INVALID_TEXT_LENGTH', message: min === 1 ? 'must not be empty' : `is shorter than ${min} characters` };
  return null;
}

/** Length in Unicode code points, the unit of every limit above. */
export function textLength(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Nesting of objects and arrays a JSON request body may have; the deepest DTO needs 4. */
export const MAX_BODY_DEPTH = 32;

/**
 * How deep JSON text nests, counted without parsing (strings skipped), stopping as soon as it
 * passes `limit`. Linear, constant memory, no recursion: safe on any input.
 */
export function jsonDepthExceeds(json: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
