import { ClockPause, DeadlineClock } from './deadline-clock';
import { customsChangeWithinWindow } from './customs-window';

const H = 3_600_000;
const clock = (...pauses: ClockPause[]): DeadlineClock => ({ startedAt: 0, targetMs: 8 * H, pauses });
const hold = (from: number, to: number | null): ClockPause => ({ reason: 'CUSTOMS_HOLD', from: from * H, to: to === null ? null : to * H });
const info = (from: number, to: number | null): ClockPause => ({ reason: 'AWAITING_INFO', from: from * H, to: to === null ? null : to * H });

describe('customsChangeWithinWindow', () => {
  it('takes the recomputed customs pauses when the change is within the window', () => {
    expect(customsChangeWithinWindow(clock(), clock(hold(10, 12)), 5 * H).pauses).toEqual([hold(10, 12)]);
  });

  it('keeps customs pauses before the cutoff as they were: a back-dated hold cannot reach behind it', () => {
    // A hold from hour 2 reported at hour 100 with a 72 h window: it counts from hour 28 only.
    expect(customsChangeWithinWindow(clock(), clock(hold(2, null)), 28 * H).pauses).toEqual([hold(28, null)]);
    // Nor can a back-dated release shorten a hold before the cutoff.
    expect(customsChangeWithinWindow(clock(hold(2, null)), clock(hold(2, 3)), 28 * H).pauses).toEqual([hold(2, 28)]);
  });

  it('gives the same pauses when nothing changed, however the cutoff splits them', () => {
    for (const before of [clock(hold(2, null)), clock(hold(2, 40)), clock(hold(2, 5), hold(30, 50))]) {
      expect(customsChangeWithinWindow(before, before, 28 * H).pauses).toEqual(before.pauses);
    }
  });

  it('leaves pauses of other reasons as recomputed', () => {
    expect(customsChangeWithinWindow(clock(info(1, 3)), clock(info(1, 3), hold(2, null)), 28 * H).pauses).toEqual([info(1, 3), hold(28, null)]);
  });
});
