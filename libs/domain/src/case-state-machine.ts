import { DomainError, DomainErrorCode } from './domain-error';
import { CaseStatus, MessageKind, PartySide } from './inquiry-codes';

export type CaseAction =
  | { readonly type: 'OPEN' }
  | { readonly type: 'ACCEPT' }
  | { readonly type: 'REFUSE' }
  | { readonly type: 'MESSAGE'; readonly kind: MessageKind }
  | { readonly type: 'RESOLVE' };

export type CaseActionType = CaseAction['type'];

/** Actions an agent can take on an existing case (UI hints). */
export type AllowedAction = 'MESSAGE:INFO' | 'MESSAGE:REPLY' | 'MESSAGE:INFO_REQUEST' | 'RESOLVE';

export const TERMINAL_STATUSES: readonly CaseStatus[] = ['RESOLVED', 'REFUSED'];

const LIVE: ReadonlySet<CaseStatus> = new Set<CaseStatus>(['SUBMITTED', 'OPEN', 'AWAITING_INFO', 'ANSWERED']);

const KINDS_BY_SIDE: Readonly<Record<PartySide, readonly MessageKind[]>> = {
  ORIGIN: ['INFO'],
  DESTINATION: ['REPLY', 'INFO_REQUEST'],
  NETWORK: [],
};

export function isTerminal(status: CaseStatus): boolean {
  return status === 'RESOLVED' || status === 'REFUSED';
}

/**
 * Next status of a case. Both nodes run this on their own copy, so it must be deterministic
 * and depend only on its arguments. Checks run in a fixed order so the error code is stable:
 * closed case > party/kind permission > status.
 */
export function transition(from: CaseStatus | null, action: CaseAction, actor: PartySide): CaseStatus {
  if (from !== null && isTerminal(from)) {
    throw fail(DomainErrorCode.CASE_CLOSED, `Case is ${from}; no further actions are accepted`, from, action, actor);
  }
  assertPartyMayAct(from, action, actor);

  switch (action.type) {
    case 'OPEN':
      if (from === null) return 'SUBMITTED';
      break;
    case 'ACCEPT':
      if (from === 'SUBMITTED') return 'OPEN';
      // Idempotent: a reply may overtake the destination's ack and must not be rolled back.
      if (from === 'OPEN' || from === 'AWAITING_INFO' || from === 'ANSWERED') return from;
      break;
    case 'REFUSE':
      // The network refuses only while routing, i.e. before the destination has the case.
      if (from === 'SUBMITTED') return 'REFUSED';
      break;
    case 'MESSAGE':
      if (from !== null && LIVE.has(from)) {
        if (action.kind === 'INFO') return from === 'SUBMITTED' ? 'SUBMITTED' : 'OPEN';
        if (action.kind === 'REPLY') return 'ANSWERED';
        return 'AWAITING_INFO';
      }
      break;
    case 'RESOLVE':
      if (from !== null && LIVE.has(from)) return 'RESOLVED';
      break;
  }
  throw fail(
    DomainErrorCode.INVALID_TRANSITION,
    `${describe(action)} is not allowed from ${from ?? 'no case'}`,
    from,
    action,
    actor,
  );
}

/** UI hints: derived by probing `transition`, so it can never disagree with it. */
const CANDIDATES: ReadonlyArray<[AllowedAction, CaseAction]> = [
  ['MESSAGE:INFO', { type: 'MESSAGE', kind: 'INFO' }],
  ['MESSAGE:REPLY', { type: 'MESSAGE', kind: 'REPLY' }],
  ['MESSAGE:INFO_REQUEST', { type: 'MESSAGE', kind: 'INFO_REQUEST' }],
  ['RESOLVE', { type: 'RESOLVE' }],
];

// A pure function of two small enums, asked for every case in every listing: each refused
// candidate builds a DomainError with its stack, so the answers are kept once computed.
const allowed = new Map<string, readonly AllowedAction[]>();

export function allowedActions(status: CaseStatus | null, side: PartySide): AllowedAction[] {
  const key = `${status}|${side}`;
  let names = allowed.get(key);
  if (names === undefined) {
    names = CANDIDATES.filter(([, action]) => canTransition(status, action, side)).map(([name]) => name);
    allowed.set(key, names);
  }
  return [...names];
}

export function canTransition(from: CaseStatus | null, action: CaseAction, actor: PartySide): boolean {
  try {
    transition(from, action, actor);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

function assertPartyMayAct(from: CaseStatus | null, action: CaseAction, actor: PartySide): void {
  const deny = (message: string): never => {
    throw fail(DomainErrorCode.ACTION_NOT_ALLOWED_FOR_PARTY, message, from, action, actor);
  };
  if (actor === 'NETWORK' && action.type !== 'REFUSE') deny('The network may only refuse a case');
  switch (action.type) {
    case 'OPEN':
      if (actor !== 'ORIGIN') deny('Only the originating post opens a case');
      return;
    case 'ACCEPT':
      if (actor !== 'DESTINATION') deny('Only the destination post accepts a case');
      return;
    case 'REFUSE':
      if (actor !== 'NETWORK') deny('Only the network refuses a case');
      return;
    case 'RESOLVE':
      if (actor !== 'ORIGIN') deny('Only the originating post closes a case');
      return;
    case 'MESSAGE':
      if (!KINDS_BY_SIDE[actor].includes(action.kind)) {
        throw fail(
          DomainErrorCode.MESSAGE_KIND_NOT_ALLOWED,
          `${actor} may not send ${action.kind} messages`,
          from,
          action,
          actor,
        );
      }
      return;
  }
}

function describe(action: CaseAction): string {
  return action.type === 'MESSAGE' ? `MESSAGE:${action.kind}` : action.type;
}

function fail(
  code: DomainErrorCode,
  message: string,
  from: CaseStatus | null,
  action: CaseAction,
  actor: PartySide,
): DomainError {
  return new DomainError(code, message, { from, action: describe(action), actor });
}
