import fc from 'fast-check';
import { allowedActions, CaseAction, isTerminal, transition } from './case-state-machine';
import { DomainError, DomainErrorCode } from './domain-error';
import { CASE_STATUSES, CaseStatus, PARTY_SIDES, PartySide } from './inquiry-codes';

const CLOSED = 'CASE_CLOSED';
const PARTY = 'ACTION_NOT_ALLOWED_FOR_PARTY';
const KIND = 'MESSAGE_KIND_NOT_ALLOWED';
const INVALID = 'INVALID_TRANSITION';

type ActionName = 'OPEN' | 'ACCEPT' | 'REFUSE' | 'MESSAGE:INFO' | 'MESSAGE:REPLY' | 'MESSAGE:INFO_REQUEST' | 'RESOLVE';
type Outcome = CaseStatus | typeof CLOSED | typeof PARTY | typeof KIND | typeof INVALID;
/** Outcome per actor, in PARTY_SIDES order: [ORIGIN, DESTINATION, NETWORK]. */
type Row = readonly [Outcome, Outcome, Outcome];

const ACTIONS: Record<ActionName, CaseAction> = {
  OPEN: { type: 'OPEN' },
  ACCEPT: { type: 'ACCEPT' },
  REFUSE: { type: 'REFUSE' },
  'MESSAGE:INFO': { type: 'MESSAGE', kind: 'INFO' },
  'MESSAGE:REPLY': { type: 'MESSAGE', kind: 'REPLY' },
  'MESSAGE:INFO_REQUEST': { type: 'MESSAGE', kind: 'INFO_REQUEST' },
  RESOLVE: { type: 'RESOLVE' },
};

const closedRow: Row = [CLOSED, CLOSED, CLOSED];
const closed: Record<ActionName, Row> = {
  OPEN: closedRow, ACCEPT: closedRow, REFUSE: closedRow, 'MESSAGE:INFO': closedRow,
  'MESSAGE:REPLY': closedRow, 'MESSAGE:INFO_REQUEST': closedRow, RESOLVE: closedRow,
};

// The full expected table: (status | null) x action x actor.
const EXPECTED: Record<CaseStatus | 'null', Record<ActionName, Row>> = {
  null: {
    OPEN: ['SUBMITTED', PARTY, PARTY],
    ACCEPT: [PARTY, INVALID, PARTY],
    REFUSE: [PARTY, PARTY, INVALID],
    'MESSAGE:INFO': [INVALID, KIND, PARTY],
    'MESSAGE:REPLY': [KIND, INVALID, PARTY],
    'MESSAGE:INFO_REQUEST': [KIND, INVALID, PARTY],
    RESOLVE: [INVALID, PARTY, PARTY],
  },
  SUBMITTED: {
    OPEN: [INVALID, PARTY, PARTY],
    ACCEPT: [PARTY, 'OPEN', PARTY],
    REFUSE: [PARTY, PARTY, 'REFUSED'],
    'MESSAGE:INFO': ['SUBMITTED', KIND, PARTY],
    'MESSAGE:REPLY': [KIND, 'ANSWERED', PARTY],
    'MESSAGE:INFO_REQUEST': [KIND, 'AWAITING_INFO', PARTY],
    RESOLVE: ['RESOLVED', PARTY, PARTY],
  },
  OPEN: {
    OPEN: [INVALID, PARTY, PARTY],
    ACCEPT: [PARTY, 'OPEN', PARTY],
    REFUSE: [PARTY, PARTY, INVALID],
    'MESSAGE:INFO': ['OPEN', KIND, PARTY],
    'MESSAGE:REPLY': [KIND, 'ANSWERED', PARTY],
    'MESSAGE:INFO_REQUEST': [KIND, 'AWAITING_INFO', PARTY],
    RESOLVE: ['RESOLVED', PARTY, PARTY],
  },
  AWAITING_INFO: {
    OPEN: [INVALID, PARTY, PARTY],
    ACCEPT: [PARTY, 'AWAITING_INFO', PARTY],
    REFUSE: [PARTY, PARTY, INVALID],
    'MESSAGE:INFO': ['OPEN', KIND, PARTY],
    'MESSAGE:REPLY': [KIND, 'ANSWERED', PARTY],
    'MESSAGE:INFO_REQUEST': [KIND, 'AWAITING_INFO', PARTY],
    RESOLVE: ['RESOLVED', PARTY, PARTY],
  },
  ANSWERED: {
    OPEN: [INVALID, PARTY, PARTY],
    ACCEPT: [PARTY, 'ANSWERED', PARTY],
    REFUSE: [PARTY, PARTY, INVALID],
    'MESSAGE:INFO': ['OPEN', KIND, PARTY],
    'MESSAGE:REPLY': [KIND, 'ANSWERED', PARTY],
    'MESSAGE:INFO_REQUEST': [KIND, 'AWAITING_INFO', PARTY],
    RESOLVE: ['RESOLVED', PARTY, PARTY],
  },
  RESOLVED: closed,
  REFUSED: closed,
};

const ERROR_CODES: ReadonlySet<string> = new Set(Object.values(DomainErrorCode));

function outcome(from: CaseStatus | null, action: CaseAction, actor: PartySide): string {
  try {
    return transition(from, action, actor);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const e = error as DomainError;
    expect(e.details).toMatchObject({ from, actor });
    return e.code;
  }
}

describe('case state machine', () => {
  const cases: Array<[string, ActionName, PartySide, Outcome]> = [];
  for (const [from, row] of Object.entries(EXPECTED)) {
    for (const [action, outcomes] of Object.entries(row) as Array<[ActionName, Row]>) {
      PARTY_SIDES.forEach((actor, i) => cases.push([from, action, actor, outcomes[i]]));
    }
  }

  it('table covers every (status|null) x action x actor', () => {
    expect(cases).toHaveLength((CASE_STATUSES.length + 1) * Object.keys(ACTIONS).length * PARTY_SIDES.length);
  });

  it.each(cases)('from %s: %s by %s -> %s', (from, action, actor, expected) => {
    const status = from === 'null' ? null : (from as CaseStatus);
    expect(outcome(status, ACTIONS[action], actor)).toBe(expected);
  });

  it('isTerminal is true only for RESOLVED and REFUSED', () => {
    expect(CASE_STATUSES.filter(isTerminal)).toEqual(['RESOLVED', 'REFUSED']);
  });

  describe('allowedActions', () => {
    it.each([
      ['SUBMITTED', 'ORIGIN', ['MESSAGE:INFO', 'RESOLVE']],
      ['OPEN', 'ORIGIN', ['MESSAGE:INFO', 'RESOLVE']],
      ['OPEN', 'DESTINATION', ['MESSAGE:REPLY', 'MESSAGE:INFO_REQUEST']],
      ['AWAITING_INFO', 'DESTINATION', ['MESSAGE:REPLY', 'MESSAGE:INFO_REQUEST']],
      ['ANSWERED', 'NETWORK', []],
      ['RESOLVED', 'ORIGIN', []],
      ['REFUSED', 'DESTINATION', []],
      [null, 'ORIGIN', []],
    ] as Array<[CaseStatus | null, PartySide, string[]]>)('%s / %s -> %j', (status, side, expected) => {
      expect(allowedActions(status, side)).toEqual(expected);
    });

    it('agrees with the expected table for every status and side', () => {
      for (const status of CASE_STATUSES) {
        PARTY_SIDES.forEach((side, i) => {
          const fromTable = (['MESSAGE:INFO', 'MESSAGE:REPLY', 'MESSAGE:INFO_REQUEST', 'RESOLVE'] as const).filter(
            (a) => !ERROR_CODES.has(EXPECTED[status][a][i]),
          );
          expect(allowedActions(status, side)).toEqual(fromTable);
        });
      }
    });
  });

  describe('properties', () => {
    const step = fc.record({
      action: fc.constantFrom(...Object.values(ACTIONS)),
      actor: fc.constantFrom(...PARTY_SIDES),
    });

    it('random action sequences stay inside CaseStatus and never leave a terminal state', () => {
      fc.assert(
        fc.property(fc.array(step, { maxLength: 40 }), fc.boolean(), (steps, opened) => {
          let status: CaseStatus | null = opened ? 'SUBMITTED' : null;
          for (const { action, actor } of steps) {
            const before = status;
            try {
              status = transition(before, action, actor);
            } catch (error) {
              expect(error).toBeInstanceOf(DomainError);
              expect(ERROR_CODES.has((error as DomainError).code)).toBe(true);
              if (before !== null && isTerminal(before)) expect((error as DomainError).code).toBe(CLOSED);
              continue;
            }
            expect(CASE_STATUSES).toContain(status);
            // A successful transition out of a terminal state would be a bug.
            expect(before !== null && isTerminal(before)).toBe(false);
          }
        }),
        { numRuns: 500 },
      );
    });

    it('ACCEPT overtaken by messages does not change the status', () => {
      const message = fc.constantFrom<[CaseAction, PartySide]>(
        [ACTIONS['MESSAGE:INFO'], 'ORIGIN'],
        [ACTIONS['MESSAGE:REPLY'], 'DESTINATION'],
        [ACTIONS['MESSAGE:INFO_REQUEST'], 'DESTINATION'],
      );
      fc.assert(
        fc.property(fc.array(message, { minLength: 1, maxLength: 10 }), (messages) => {
          // Destination's copy: ack first. Origin's copy: ack arrives after the messages.
          let dest: CaseStatus = transition(transition(null, ACTIONS.OPEN, 'ORIGIN'), ACTIONS.ACCEPT, 'DESTINATION');
          let origin: CaseStatus = transition(null, ACTIONS.OPEN, 'ORIGIN');
          for (const [a, by] of messages) {
            dest = transition(dest, a, by);
            origin = transition(origin, a, by);
          }
          origin = transition(origin, ACTIONS.ACCEPT, 'DESTINATION');
          // The copies may differ (SUBMITTED vs OPEN) until the late ack lands; after it they must converge.
          expect(origin).toBe(dest);
        }),
      );
    });
  });
});
