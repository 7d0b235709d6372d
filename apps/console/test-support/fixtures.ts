import type { CaseView, QueueList } from '../src/api/types';

/** A case as the node answers it, for component tests; fields a test cares about are overridden. */
export function aCase(over: Partial<CaseView> = {}): CaseView {
  return {
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    itemId: 'RB123456785GB',
    productFamily: 'REGISTERED',
    inquiryType: 'FULL_INVESTIGATION',
    reasons: ['NOT_ARRIVED'],
    requestedActions: [],
    priority: 'NORMAL',
    direction: 'INCOMING',
    originOperator: 'US',
    destinationOperator: 'CH',
    status: 'OPEN',
    queue: 'NEW',
    assignee: null,
    openedBy: 'bob',
    openedAt: '2026-12-07T09:00:00.000Z',
    resolvedAt: null,
    dueAt: '2026-12-09T09:00:00.000Z',
    deadline: { state: 'RUNNING', responderOperator: 'CH', dueAt: '2026-12-09T09:00:00.000Z', dueAtLocal: '9 Dec 2026, 10:00', dueAtResponderLocal: '9 Dec 2026, 10:00', responderTimeZone: 'Europe/Zurich', remainingWorkingMinutes: 605, pausedFor: [], asOf: '2026-12-07T10:00:00.000Z' },
    trackingSummary: null,
    lastActivityAt: '2026-12-07T09:00:00.000Z',
    version: 2,
    allowedActions: ['MESSAGE:REPLY', 'MESSAGE:INFO_REQUEST'],
    messages: [],
    display: { language: 'en', locale: 'en-GB', timeZone: 'Europe/Zurich', direction: 'ltr', inquiryType: 'Full investigation', reasons: ['Item not arrived'], requestedActions: [], priority: 'Normal', productFamily: 'Registered', status: 'Open', queue: 'New', deadlineState: 'Running', openedAt: '', lastActivityAt: '' },
    ...over,
  };
}

export function aQueue(items: CaseView[]): QueueList {
  return {
    counts: { NEW: items.length, IN_PROGRESS: 0, AWAITING_PARTNER: 0, AWAITING_OUR_REPLY: 0, DUE_SOON: 0, OVERDUE: 0, RESOLVED: 0 },
    items,
    page: 1,
    pageSize: 50,
    total: items.length,
    display: { language: 'en', locale: 'en-GB', timeZone: 'Europe/Zurich', direction: 'ltr', queues: { NEW: 'New', IN_PROGRESS: 'In progress', AWAITING_PARTNER: 'Awaiting partner', AWAITING_OUR_REPLY: 'Awaiting our reply', DUE_SOON: 'Due soon', OVERDUE: 'Overdue', RESOLVED: 'Resolved' } },
  };
}
