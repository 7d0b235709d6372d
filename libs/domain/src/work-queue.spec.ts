import fc from 'fast-check';
import { CASE_STATUSES, DEADLINE_STATES, WORK_QUEUES, WorkQueue } from './inquiry-codes';
import { workQueueOf, WorkQueueFacts } from './work-queue';

const workQueueFacts: fc.Arbitrary<WorkQueueFacts> = fc.record({
  side: fc.constantFrom('ORIGIN' as const, 'DESTINATION' as const),
  status: fc.constantFrom(...CASE_STATUSES),
  deadlineState: fc.option(fc.constantFrom(...DEADLINE_STATES), { nil: null }),
  assignee: fc.option(fc.constantFrom('anna.meier', 'bob'), { nil: null }),
  responded: fc.boolean(),
});

// Each queue written out as a stand-alone condition (no rule order to lean on), from the design:
// if these overlap or leave a gap, the test finds the case.
const closed = (f: WorkQueueFacts) => f.status === 'RESOLVED' || f.status === 'REFUSED';
const late = (f: WorkQueueFacts) => f.deadlineState === 'OVERDUE' || f.deadlineState === 'ESCALATED';
const dueSoon = (f: WorkQueueFacts) => f.deadlineState === 'DUE_SOON';
const live = (f: WorkQueueFacts) => !closed(f) && !late(f) && !dueSoon(f);
const destinationToAct = (f: WorkQueueFacts) => f.side === 'DESTINATION' && (f.status === 'SUBMITTED' || f.status === 'OPEN');
const ourMove = (f: WorkQueueFacts) => destinationToAct(f) || (f.side === 'ORIGIN' && (f.status === 'AWAITING_INFO' || f.status === 'ANSWERED'));
const untouched = (f: WorkQueueFacts) => destinationToAct(f) && f.assignee === null && !f.responded;

const MEMBERSHIP: Record<WorkQueue, (f: WorkQueueFacts) => boolean> = {
  RESOLVED: closed,
  OVERDUE: (f) => !closed(f) && late(f),
  DUE_SOON: (f) => !closed(f) && dueSoon(f),
  NEW: (f) => live(f) && untouched(f),
  IN_PROGRESS: (f) => live(f) && !untouched(f) && ourMove(f) && f.assignee !== null,
  AWAITING_OUR_REPLY: (f) => live(f) && !untouched(f) && ourMove(f) && f.assignee === null,
  AWAITING_PARTNER: (f) => live(f) && !ourMove(f),
};

describe('workQueueOf', () => {
  it('puts every case in exactly one queue, the one its stand-alone condition describes', () => {
    fc.assert(
      fc.property(workQueueFacts, (f) => {
        const holding = WORK_QUEUES.filter((q) => MEMBERSHIP[q](f));
        expect(holding).toHaveLength(1);
        expect(workQueueOf(f)).toBe(holding[0]);
      }),
      { numRuns: 2000 },
    );
  });

  // The facts are a finite set: checked whole rather than sampled (the sample reached NEW about 1 time in 100).
  const everyCombination: WorkQueueFacts[] = (['ORIGIN', 'DESTINATION'] as const).flatMap((side) =>
    CASE_STATUSES.flatMap((status) =>
      [null, ...DEADLINE_STATES].flatMap((deadlineState) =>
        [null, 'anna.meier', 'bob'].flatMap((assignee) => [false, true].map((responded) => ({ side, status, deadlineState, assignee, responded }))),
      ),
    ),
  );

  it('puts every combination of the facts in exactly one queue, and reaches every queue', () => {
    const seen = new Set<WorkQueue>();
    for (const f of everyCombination) {
      const holding = WORK_QUEUES.filter((q) => MEMBERSHIP[q](f));
      expect({ f, holding }).toEqual({ f, holding: [workQueueOf(f)] });
      seen.add(workQueueOf(f));
    }
    expect([...seen].sort()).toEqual([...WORK_QUEUES].sort());
  });

  const base: WorkQueueFacts = { side: 'DESTINATION', status: 'OPEN', deadlineState: 'RUNNING', assignee: null, responded: false };
  it.each<[string, Partial<WorkQueueFacts>, WorkQueue]>([
    ['a fresh incoming inquiry', {}, 'NEW'],
    ['one not yet accepted by the node (SUBMITTED) without a deadline', { status: 'SUBMITTED', deadlineState: null }, 'NEW'],
    ['an incoming inquiry an agent took', { assignee: 'bob' }, 'IN_PROGRESS'],
    ['an incoming inquiry the partner added information to after we asked', { responded: true }, 'AWAITING_OUR_REPLY'],
    ['an incoming inquiry we asked about (clock paused)', { status: 'AWAITING_INFO', deadlineState: 'PAUSED', responded: true }, 'AWAITING_PARTNER'],
    ['an incoming inquiry we answered', { status: 'ANSWERED', deadlineState: 'MET', responded: true, assignee: 'bob' }, 'AWAITING_PARTNER'],
    ['an overdue one, assigned or not', { deadlineState: 'OVERDUE', assignee: 'bob' }, 'OVERDUE'],
    ['an escalated one', { deadlineState: 'ESCALATED' }, 'OVERDUE'],
    ['one due soon', { deadlineState: 'DUE_SOON' }, 'DUE_SOON'],
    ['our own inquiry waiting for the partner', { side: 'ORIGIN', status: 'OPEN' }, 'AWAITING_PARTNER'],
    ['our own inquiry overdue at the partner', { side: 'ORIGIN', status: 'OPEN', deadlineState: 'OVERDUE' }, 'OVERDUE'],
    ['our own inquiry the partner answered', { side: 'ORIGIN', status: 'ANSWERED', deadlineState: 'MISSED' }, 'AWAITING_OUR_REPLY'],
    ['our own inquiry the partner asked about, assigned', { side: 'ORIGIN', status: 'AWAITING_INFO', assignee: 'anna' }, 'IN_PROGRESS'],
    ['a resolved case, even one that was overdue', { status: 'RESOLVED', deadlineState: 'OVERDUE' }, 'RESOLVED'],
    ['a refused case', { side: 'ORIGIN', status: 'REFUSED', deadlineState: null }, 'RESOLVED'],
  ])('%s', (_what, facts, queue) => {
    expect(workQueueOf({ ...base, ...facts })).toBe(queue);
  });
});
