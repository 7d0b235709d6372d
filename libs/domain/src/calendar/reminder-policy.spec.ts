import fc from 'fast-check';
import { DeadlineClock, pauseClock, resumeClock, startClock } from './deadline-clock';
import { DeadlineMilestone, evaluateDeadline, milestonesFor, ReminderPolicy } from './reminder-policy';
import { TimeRange, WorkingCalendar } from './working-calendar';

const t = (iso: string): number => Date.parse(iso);
const H = 3_600_000;
const DAY_HOURS: TimeRange[] = [
  ['08:00', '12:00'],
  ['13:00', '17:00'],
];
const cal = WorkingCalendar.from({
  timeZone: 'Europe/Zurich',
  weeklyHours: { mon: DAY_HOURS, tue: DAY_HOURS, wed: DAY_HOURS, thu: DAY_HOURS, fri: DAY_HOURS },
});
const MON_8 = t('2026-03-02T08:00+01:00');
const EMS: ReminderPolicy = { leadMs: 4 * H, intervalMs: 8 * H, remindersBeforeEscalation: 2 };

const brief = (ms: readonly DeadlineMilestone[]): string[] =>
  ms.map((m) => `${m.kind}${m.reminderNumber === null ? '' : `#${m.reminderNumber}`}@${m.atElapsedMs / H}h`);

describe('milestonesFor', () => {
  it('reminds before the target, marks it overdue, reminds again and escalates', () => {
    expect(brief(milestonesFor(8 * H, EMS))).toEqual(['DUE_SOON#1@4h', 'OVERDUE@8h', 'REMINDER#2@16h', 'ESCALATED@24h']);
    expect(brief(milestonesFor(8 * H, { ...EMS, remindersBeforeEscalation: 1 }))).toEqual(['DUE_SOON#1@4h', 'OVERDUE@8h', 'ESCALATED@16h']);
    expect(brief(milestonesFor(8 * H, { ...EMS, remindersBeforeEscalation: 3 }))).toEqual([
      'DUE_SOON#1@4h',
      'OVERDUE@8h',
      'REMINDER#2@16h',
      'REMINDER#3@24h',
      'ESCALATED@32h',
    ]);
  });

  it('puts DUE_SOON at the start when the lead exceeds the target, and orders ties by kind', () => {
    expect(brief(milestonesFor(2 * H, EMS))).toEqual(['DUE_SOON#1@0h', 'OVERDUE@2h', 'REMINDER#2@10h', 'ESCALATED@18h']);
    expect(brief(milestonesFor(8 * H, { leadMs: 0, intervalMs: 0, remindersBeforeEscalation: 3 }))).toEqual([
      'DUE_SOON#1@8h',
      'OVERDUE@8h',
      'REMINDER#2@8h',
      'REMINDER#3@8h',
      'ESCALATED@8h',
    ]);
  });

  it('refuses a policy without escalation point or with negative times', () => {
    expect(() => milestonesFor(8 * H, { ...EMS, remindersBeforeEscalation: 0 })).toThrow(RangeError);
    expect(() => milestonesFor(8 * H, { ...EMS, leadMs: -1 })).toThrow(RangeError);
    expect(() => milestonesFor(-1, EMS)).toThrow(RangeError);
  });

  it('always yields N + 2 milestones in due order with reminders numbered 1..N', () => {
    const policyArb = fc.record({
      leadMs: fc.integer({ min: 0, max: 50 * H }),
      intervalMs: fc.integer({ min: 0, max: 50 * H }),
      remindersBeforeEscalation: fc.integer({ min: 1, max: 6 }),
    });
    const rank = { DUE_SOON: 0, OVERDUE: 1, REMINDER: 2, ESCALATED: 3 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 * H }), policyArb, (target, p) => {
        const ms = milestonesFor(target, p);
        expect(ms).toHaveLength(p.remindersBeforeEscalation + 2);
        for (let i = 1; i < ms.length; i++) {
          const [a, b] = [ms[i - 1], ms[i]];
          expect(a.atElapsedMs < b.atElapsedMs || (a.atElapsedMs === b.atElapsedMs && rank[a.kind] <= rank[b.kind])).toBe(true);
        }
        const reminders = ms.filter((m) => m.reminderNumber !== null).map((m) => m.reminderNumber);
        expect(reminders).toEqual(Array.from({ length: p.remindersBeforeEscalation }, (_, i) => i + 1));
        expect(ms.find((m) => m.kind === 'OVERDUE')!.atElapsedMs).toBe(target);
        expect(ms[ms.length - 1]).toEqual({ kind: 'ESCALATED', atElapsedMs: target + p.remindersBeforeEscalation * p.intervalMs, reminderNumber: null });
      }),
      { numRuns: 300 },
    );
  });
});

describe('evaluateDeadline', () => {
  const clock = startClock(MON_8, 8 * H);

  it('fires nothing at the start and says when to look again', () => {
    const e = evaluateDeadline(cal, clock, EMS, 0, MON_8);
    expect(e).toEqual({
      fire: [],
      nextMilestoneAt: t('2026-03-02T12:00+01:00'), // 4 h of working time: DUE_SOON
      dueAt: t('2026-03-02T17:00+01:00'),
      elapsedMs: 0,
      remainingMs: 8 * H,
      pausedFor: [],
    });
  });

  it('fires what fell due, in order, and never a milestone already done', () => {
    const late = t('2026-03-03T17:30+01:00'); // 16 h elapsed
    const first = evaluateDeadline(cal, clock, EMS, 0, late);
    expect(brief(first.fire)).toEqual(['DUE_SOON#1@4h', 'OVERDUE@8h', 'REMINDER#2@16h']);
    expect(first.nextMilestoneAt).toBe(t('2026-03-04T17:00+01:00')); // ESCALATED at 24 h
    expect(first.remainingMs).toBe(-8 * H); // 8 h past the 8 h target
    expect(evaluateDeadline(cal, clock, EMS, 3, late).fire).toEqual([]);
    expect(brief(evaluateDeadline(cal, clock, EMS, 1, late).fire)).toEqual(['OVERDUE@8h', 'REMINDER#2@16h']);
    const end = evaluateDeadline(cal, clock, EMS, 3, t('2026-03-04T17:00+01:00'));
    expect(brief(end.fire)).toEqual(['ESCALATED@24h']);
    expect(evaluateDeadline(cal, clock, EMS, 4, t('2026-03-20T17:00+01:00'))).toMatchObject({ fire: [], nextMilestoneAt: null });
  });

  it('has no next milestone while paused, and picks up after the pause', () => {
    const paused = pauseClock(clock, 'AWAITING_INFO', t('2026-03-02T10:00+01:00'));
    const during = evaluateDeadline(cal, paused, EMS, 0, t('2026-03-03T10:00+01:00'));
    expect(during).toMatchObject({ fire: [], nextMilestoneAt: null, dueAt: null, elapsedMs: 2 * H, remainingMs: 6 * H, pausedFor: ['AWAITING_INFO'] });
    const resumed = resumeClock(paused, 'AWAITING_INFO', t('2026-03-03T10:00+01:00'));
    const after = evaluateDeadline(cal, resumed, EMS, 0, t('2026-03-03T10:00+01:00'));
    expect(after.nextMilestoneAt).toBe(t('2026-03-03T12:00+01:00')); // 2 h more to the 4 h mark
    expect(after.dueAt).toBe(t('2026-03-03T17:00+01:00'));
  });

  it('has no next milestone during a pause whose end is already known', () => {
    // Customs holds are rebuilt from events, so a hold may carry its end while it still covers now.
    const held = { ...clock, pauses: [{ reason: 'CUSTOMS_HOLD' as const, from: t('2026-03-02T10:00+01:00'), to: t('2026-03-02T14:00+01:00') }] };
    const e = evaluateDeadline(cal, held, EMS, 0, t('2026-03-02T11:00+01:00'));
    expect(e).toMatchObject({ fire: [], nextMilestoneAt: null, pausedFor: ['CUSTOMS_HOLD'], dueAt: t('2026-03-03T11:00+01:00') });
    expect(evaluateDeadline(cal, held, EMS, 0, t('2026-03-02T14:00+01:00')).nextMilestoneAt).toBe(t('2026-03-02T16:00+01:00'));
  });

  it('a watcher polling at any times fires every milestone exactly once, in order, never early', () => {
    const opArb = fc.record({
      at: fc.integer({ min: 0, max: 6 * 24 * H }),
      action: fc.constantFrom('evaluate', 'evaluate', 'pause', 'resume'),
      reason: fc.constantFrom('AWAITING_INFO' as const, 'CUSTOMS_HOLD' as const),
    });
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 25 }), fc.integer({ min: 1, max: 24 }), (rawOps, targetHours) => {
        const ops = [...rawOps].sort((a, b) => a.at - b.at);
        let c: DeadlineClock = startClock(MON_8, targetHours * H);
        const all = milestonesFor(c.targetMs, EMS);
        const fired: DeadlineMilestone[] = [];
        for (const op of ops) {
          const now = MON_8 + op.at;
          if (op.action === 'pause') c = pauseClock(c, op.reason, now);
          else if (op.action === 'resume') c = resumeClock(c, op.reason, now);
          else {
            const e = evaluateDeadline(cal, c, EMS, fired.length, now);
            fired.push(...e.fire);
            // Every milestone fired is due by now, and the next one is not.
            for (const m of e.fire) expect(m.atElapsedMs).toBeLessThanOrEqual(e.elapsedMs);
            if (fired.length < all.length) expect(all[fired.length].atElapsedMs).toBeGreaterThan(e.elapsedMs);
            if (e.pausedFor.length > 0) expect(e.nextMilestoneAt).toBeNull();
            if (e.nextMilestoneAt !== null) {
              expect(e.nextMilestoneAt).toBeGreaterThan(now);
              // Looking again then (nothing changed) fires the next milestone.
              const then = evaluateDeadline(cal, c, EMS, fired.length, e.nextMilestoneAt);
              expect(then.fire[0]).toEqual(all[fired.length]);
            }
          }
        }
        expect(fired).toEqual(all.slice(0, fired.length));
      }),
      { numRuns: 200 },
    );
  });
});
