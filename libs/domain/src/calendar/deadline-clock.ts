import { PAUSE_REASONS, PauseReason, TargetUnit } from '../inquiry-codes';
import { CUSTOMS_HOLD_EVENT, CUSTOMS_RELEASE_EVENTS } from '../tracking-event-codes';
import { WorkingCalendar } from './working-calendar';

/** A span during which the clock stands still; `to` null while it lasts. */
export interface ClockPause {
  readonly reason: PauseReason;
  readonly from: number;
  readonly to: number | null;
}

/**
 * A response clock: working time of the responder's calendar counted from `startedAt`, minus
 * pauses. Plain data (stored as is); the functions below never mutate it.
 */
export interface DeadlineClock {
  readonly startedAt: number;
  readonly targetMs: number;
  readonly pauses: readonly ClockPause[];
}

export interface HoldPeriod {
  readonly from: number;
  readonly to: number | null;
}

const HOUR = 3_600_000;
export const CUSTOMS_HOLD: PauseReason = 'CUSTOMS_HOLD';

export function startClock(startedAt: number, targetMs: number): DeadlineClock {
  assertMs(startedAt, 'startedAt');
  if (!Number.isSafeInteger(targetMs) || targetMs < 0) throw new RangeError(`targetMs must be a whole number >= 0, got ${targetMs}`);
  return { startedAt, targetMs, pauses: [] };
}

/** Opens a pause for `reason` at `at` (not before the start); no-op while one is open for it. */
export function pauseClock(c: DeadlineClock, reason: PauseReason, at: number): DeadlineClock {
  assertMs(at, 'at');
  if (c.pauses.some((p) => p.reason === reason && p.to === null)) return c;
  return { ...c, pauses: [...c.pauses, { reason, from: Math.max(at, c.startedAt), to: null }] };
}

/** Closes the open pause for `reason` at `at`; no-op when there is none. */
export function resumeClock(c: DeadlineClock, reason: PauseReason, at: number): DeadlineClock {
  assertMs(at, 'at');
  const i = c.pauses.findIndex((p) => p.reason === reason && p.to === null);
  if (i < 0) return c;
  const pauses = [...c.pauses];
  pauses[i] = { ...pauses[i], to: Math.max(at, pauses[i].from) };
  return { ...c, pauses };
}

/**
 * Replaces the CUSTOMS_HOLD pauses by `holds` (recomputed from all the item's customs events),
 * clipped to the start: a hold that began before the clock counts from the start, one that
 * ended by then is dropped.
 */
export function withCustomsHolds(c: DeadlineClock, holds: ReadonlyArray<HoldPeriod>): DeadlineClock {
  const customs: ClockPause[] = [];
  for (const h of holds) {
    assertMs(h.from, 'hold.from');
    if (h.to !== null) assertMs(h.to, 'hold.to');
    const from = Math.max(h.from, c.startedAt);
    if (h.to !== null && h.to <= from) continue;
    customs.push({ reason: CUSTOMS_HOLD, from, to: h.to });
  }
  const pauses = [...c.pauses.filter((p) => p.reason !== CUSTOMS_HOLD), ...customs].sort((a, b) => a.from - b.from);
  return { ...c, pauses };
}

/** Same pauses, whatever their order (withCustomsHolds sorts, pauseClock appends). */
export function pausesEqual(a: readonly ClockPause[], b: readonly ClockPause[]): boolean {
  if (a.length !== b.length) return false;
  const key = (ps: readonly ClockPause[]) => ps.map((p) => `${p.reason}:${p.from}:${p.to}`).sort().join('|');
  return key(a) === key(b);
}

/** Reasons with a pause covering `at` (from <= at < to), in PAUSE_REASONS order. */
export function activePauseReasons(c: DeadlineClock, at: number): PauseReason[] {
  return PAUSE_REASONS.filter((reason) => c.pauses.some((p) => p.reason === reason && p.from <= at && (p.to === null || at < p.to)));
}

/** Working time counted by the clock up to `at`: overlapping pauses stop it once. */
export function elapsedWorkingMs(cal: WorkingCalendar, c: DeadlineClock, at: number): number {
  assertMs(at, 'at');
  let total = 0;
  for (const [from, to] of runningSpans(c)) {
    if (from >= at) break;
    total += cal.workingMsBetween(from, Math.min(to, at));
  }
  return total;
}

/**
 * The first instant at which the clock shows `elapsedMs`, given the pauses known so far; null
 * when a pause that has not ended starts before then (the instant is unknown until it ends).
 */
export function instantAtElapsed(cal: WorkingCalendar, c: DeadlineClock, elapsedMs: number): number | null {
  if (!Number.isSafeInteger(elapsedMs) || elapsedMs < 0) throw new RangeError(`elapsedMs must be a whole number >= 0, got ${elapsedMs}`);
  if (elapsedMs === 0) return c.startedAt;
  let remaining = elapsedMs;
  for (const [from, to] of runningSpans(c)) {
    if (to === Infinity) return cal.addWorkingMs(from, remaining);
    const available = cal.workingMsBetween(from, to);
    if (available >= remaining) return cal.addWorkingMs(from, remaining);
    remaining -= available;
  }
  return null;
}

/** When the clock reaches its target; null while an open-ended pause holds it before that. */
export function dueAtOf(cal: WorkingCalendar, c: DeadlineClock): number | null {
  return instantAtElapsed(cal, c, c.targetMs);
}

/**
 * A response target as working ms counted from `startedAt`: hours are fixed; days depend on the
 * length of the days they cover (see WorkingCalendar.addWorkingDays).
 */
export function targetWorkingMs(
  cal: WorkingCalendar,
  target: { readonly value: number; readonly unit: TargetUnit },
  startedAt: number,
): number {
  if (!Number.isFinite(target.value) || target.value < 0) throw new RangeError(`target value must be a number >= 0, got ${target.value}`);
  if (target.unit === 'WORKING_HOURS') return Math.round(target.value * HOUR);
  if (target.unit === 'WORKING_DAYS') return cal.workingMsBetween(startedAt, cal.addWorkingDays(startedAt, target.value));
  throw new RangeError(`Unknown target unit: ${String(target.unit)}`);
}

/**
 * Customs holds from an item's tracking events, whatever order they arrived in: EME opens a hold
 * (unless one is open), EDC or EMF closes it. At equal times the hold opens first, so a hold and
 * release stamped alike leave no hold rather than one that never ends. Empty holds are dropped.
 */
export function customsHoldPeriods(
  events: ReadonlyArray<{ readonly code: string; readonly occurredAt: number }>,
): Array<{ from: number; to: number | null }> {
  const rank = (code: string): number => (code === CUSTOMS_HOLD_EVENT ? 0 : 1);
  const relevant = events
    .filter((e) => e.code === CUSTOMS_HOLD_EVENT || (CUSTOMS_RELEASE_EVENTS as readonly string[]).includes(e.code))
    .sort((a, b) => a.occurredAt - b.occurredAt || rank(a.code) - rank(b.code));
  const holds: Array<{ from: number; to: number | null }> = [];
  let open: number | null = null;
  for (const e of relevant) {
    if (e.code === CUSTOMS_HOLD_EVENT) {
      if (open === null) open = e.occurredAt;
    } else if (open !== null) {
      if (e.occurredAt > open) holds.push({ from: open, to: e.occurredAt });
      open = null;
    }
  }
  if (open !== null) holds.push({ from: open, to: null });
  return holds;
}

/** Spans [from, to) from the start on during which no pause holds the clock; the last may be open (Infinity). */
function runningSpans(c: DeadlineClock): Array<readonly [number, number]> {
  const paused = c.pauses
    .map((p) => [Math.max(p.from, c.startedAt), p.to ?? Infinity] as const)
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  const spans: Array<readonly [number, number]> = [];
  let cursor = c.startedAt;
  for (const [from, to] of paused) {
    if (from > cursor) spans.push([cursor, from]);
    cursor = Math.max(cursor, to);
    if (cursor === Infinity) return spans;
  }
  spans.push([cursor, Infinity]);
  return spans;
}

function assertMs(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an instant in whole epoch milliseconds, got ${value}`);
}
