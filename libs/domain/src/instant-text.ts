/**
 * Longest ISO-8601 date-time string accepted anywhere (`2024-03-01T09:30:00.123456789+01:00` is 35).
 * Same value as TextLimits.instant in libs/contracts, which libs/domain may not import.
 */
export const MAX_INSTANT_LENGTH = 64;

// The offset at the very end: `Z`, `±hh`, `±hhmm` or `±hh:mm`. Each start position tries at most
// 6 characters, so this is linear; and at most one start position can match (see the spec).
const OFFSET_AT_END = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
// What `.` does not match without the `s` flag.
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * Whether `value` has a time part (`T`) and ends with an explicit offset (`Z`, `±hh[[:]mm]`): luxon
 * alone would read a missing offset as UTC (or local time) and silently shift the instant.
 *
 * Same answer as `/T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i` for strings of at most MAX_INSTANT_LENGTH
 * characters, false for longer ones, and linear: that pattern retried `.*` from every `T`, which
 * is quadratic (40 kB of `T` held a node for seconds).
 */
export function hasTimeAndExplicitOffset(value: string): boolean {
  if (value.length > MAX_INSTANT_LENGTH) return false;
  const offset = OFFSET_AT_END.exec(value);
  if (offset === null) return false;
  const beforeOffset = value.slice(0, offset.index);
  // The last `T` is the best candidate: fewest characters between it and the offset.
  const t = Math.max(beforeOffset.lastIndexOf('T'), beforeOffset.lastIndexOf('t'));
  return t >= 0 && !LINE_TERMINATOR.test(beforeOffset.slice(t + 1));
}
