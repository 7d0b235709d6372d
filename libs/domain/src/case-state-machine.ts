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

type Decision = { readonly status: CaseStatus } | { readonly code: DomainErrorCode; readonly message: string };

/**
 * Next status of a case. Both nodes run this on their own copy, so it must be deterministic
 * and depend only on its arguments. Checks run in a fixed order so the error code is stable:
 * closed case > party/kind permission > status.
 */
export function transition(from: CaseStatus | null, action: CaseAction, actor: PartySide): CaseStatus {
  const d = decide(from, action, actor);
  if ('code' in d) throw new DomainError(d.code, d.message, { from, action: describe(action), actor });
  return d.status;
}

export function canTransition(from: CaseStatus | null, action: CaseAction, actor: PartySide): boolean {
  return 'status' in decide(from, action, actor);
}

/** UI hints: derived from the same decision as `transition`, so they can never disagree with it. */
export function allowedActions(status: CaseStatus | null, side: PartySide): AllowedAction[] {
  return CANDIDATES.filter(([, action]) => canTransition(status, action, side)).map(([name]) => name);
}

const CANDIDATES: ReadonlyArray<[AllowedAction, CaseAction]> = [
  ['MESSAGE:INFO', { type: 'MESSAGE', kind: 'INFO' }],
  ['MESSAGE:REPLY', { type: 'MESSAGE', kind: 'REPLY' }],
  ['MESSAGE:INFO_REQUEST', { type: 'MESSAGE', kind: 'INFO_REQUEST' }],
  ['RESOLVE', { type: 'RESOLVE' }],
];

// Decides without throwing: allowedActions asks for every listed case, and an Error per refused
// candidate (with its stack) cost more than the rest of rendering the case.
function decide(from: CaseStatus | null, action: CaseAction, actor: PartySide): Decision {
  if (from !== null && isTerminal(from)) return { code: DomainErrorCode.CASE_CLOSED, message: `Case is ${from}; no further actions are accepted` };
  const refused = partyRefusal(action, actor);
  if (refused) return refused;

  switch (action.type) {
    case 'OPEN':
      if (from === null) return { status: 'SUBMITTED' };
      break;
    case 'ACCEPT':
      if (from === 'SUBMITTED') return { status: 'OPEN' };
      // Idempotent: a reply may overtake the destination's ack and must not be rolled back.
      if (from === 'OPEN' || from === 'AWAITING_INFO' || from === 'ANSWERED') return { status: from };
      break;
    case 'REFUSE':
      // The network refuses only while routing, i.e. before the destination has the case.
      if (from === 'SUBMITTED') return { status: 'REFUSED' };
      break;
    case 'MESSAGE':
      if (from !== null && LIVE.has(from)) {
        if (action.kind === 'INFO') return { status: from === 'SUBMITTED' ? 'SUBMITTED' : 'OPEN' };
        if (action.kind === 'REPLY') return { status: 'ANSWERED' };
        return { status: 'AWAITING_INFO' };
      }
      break;
    case 'RESOLVE':
      if (from !== null && LIVE.has(from)) return { status: 'RESOLVED' };
      break;
  }
  return { code: DomainErrorCode.INVALID_TRANSITION, message: `${describe(action)} is not allowed from ${from ?? 'no case'}` };
}

function partyRefusal(action: CaseAction, actor: PartySide): Decision | null {
  const deny = (message: string): Decision => ({ code: DomainErrorCode.ACTION_NOT_ALLOWED_FOR_PARTY, message });
  if (actor === 'NETWORK' && action.type !== 'REFUSE') return deny('The network may only refuse a case');
  switch (action.type) {
    case 'OPEN':
      return actor !== 'ORIGIN' ? deny('Only the originating post opens a case') : null;
    case 'ACCEPT':
      return actor !== 'DESTINATION' ? deny('Only the destination post accepts a case') : null;
    case 'REFUSE':
      return actor !== 'NETWORK' ? deny('Only the network refuses a case') : null;
    case 'RESOLVE':
      return actor !== 'ORIGIN' ? deny('Only the originating post closes a case') : null;
    case 'MESSAGE':
      return KINDS_BY_SIDE[actor].includes(action.kind) ? null : { code: DomainErrorCode.MESSAGE_KIND_NOT_ALLOWED, message: `${actor} may not send ${action.kind} messages` };
  }
}

function describe(action: CaseAction): string {
  return action.type === 'MESSAGE' ? `MESSAGE:${action.kind}` : action.type;
}
