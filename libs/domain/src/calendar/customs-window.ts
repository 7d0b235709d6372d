import { ClockPause, CUSTOMS_HOLD as CUSTOMS, DeadlineClock } from './deadline-clock';

/**
 * The clock with customs pauses recomputed from all scans (`recomputed`), except that before
 * `cutoff` the customs pauses stay as they were (`before`): a back-dated scan changes the clock,
 * and so can withdraw announced milestones, only within the window the network file sets
 * (`tracking.backdatedScanWindowHours`). Pure.
 */
export function customsChangeWithinWindow(before: DeadlineClock, recomputed: DeadlineClock, cutoff: number): DeadlineClock {
  const pieces: ClockPause[] = [];
  for (const p of before.pauses) {
    if (p.reason === CUSTOMS && p.from < cutoff) pieces.push({ ...p, to: p.to === null || p.to > cutoff ? cutoff : p.to });
  }
  for (const p of recomputed.pauses) {
    if (p.reason === CUSTOMS && (p.to === null || p.to > cutoff)) pieces.push({ ...p, from: Math.max(p.from, cutoff) });
  }
  pieces.sort((a, b) => a.from - b.from);
  // A pause that went on across the cutoff is one pause again.
  const customs: ClockPause[] = [];
  for (const p of pieces) {
    const last = customs[customs.length - 1];
    if (last && last.to !== null && last.to === p.from) customs[customs.length - 1] = { ...last, to: p.to };
    else customs.push(p);
  }
  const pauses = [...recomputed.pauses.filter((p) => p.reason !== CUSTOMS), ...customs].sort((a, b) => a.from - b.from);
  return { ...recomputed, pauses };
}
