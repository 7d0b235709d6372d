import {
  ALERT_TYPES,
  CASE_EVENTS,
  CASE_PRIORITIES,
  CASE_STATUSES,
  DEADLINE_EVENT_KINDS,
  DEADLINE_STATES,
  INQUIRY_REASONS,
  INQUIRY_TYPES,
  LANGUAGE_SOURCES,
  MESSAGE_KINDS,
  NON_DELIVERY_ACTIONS,
  NON_DELIVERY_REASONS,
  PARTY_SIDES,
  PAUSE_REASONS,
  PRODUCT_FAMILIES,
  REFUSAL_REASONS,
  REPLY_OUTCOMES,
  REQUESTED_ACTIONS,
  RESOLUTION_CODES,
  TARGET_UNITS,
  TRACKING_EVENT_CODES,
  TRACKING_LEGS,
  WORK_QUEUES,
} from '@postbridge/domain';

/**
 * Every code system a case carries, keyed by the name the catalogue (and later the API) uses.
 * The code lists are the domain's own arrays, never copies: a code added in libs/domain without
 * labels here fails the type check of every language pack and the completeness test.
 */
export const CODE_SYSTEMS = {
  inquiryType: INQUIRY_TYPES,
  inquiryReason: INQUIRY_REASONS,
  requestedAction: REQUESTED_ACTIONS,
  replyOutcome: REPLY_OUTCOMES,
  resolutionCode: RESOLUTION_CODES,
  caseStatus: CASE_STATUSES,
  caseEvent: CASE_EVENTS,
  messageKind: MESSAGE_KINDS,
  languageSource: LANGUAGE_SOURCES,
  refusalReason: REFUSAL_REASONS,
  casePriority: CASE_PRIORITIES,
  productFamily: PRODUCT_FAMILIES,
  partySide: PARTY_SIDES,
  trackingEvent: TRACKING_EVENT_CODES,
  trackingLeg: TRACKING_LEGS,
  nonDeliveryReason: NON_DELIVERY_REASONS,
  nonDeliveryAction: NON_DELIVERY_ACTIONS,
  deadlineState: DEADLINE_STATES,
  deadlineEventKind: DEADLINE_EVENT_KINDS,
  pauseReason: PAUSE_REASONS,
  targetUnit: TARGET_UNITS,
  workQueue: WORK_QUEUES,
  alertType: ALERT_TYPES,
} as const satisfies Record<string, readonly string[]>;

export type CodeSystem = keyof typeof CODE_SYSTEMS;
export type CodeOf<S extends CodeSystem> = (typeof CODE_SYSTEMS)[S][number];

export const CODE_SYSTEM_NAMES = Object.keys(CODE_SYSTEMS) as readonly CodeSystem[];

const SYSTEM_SET: ReadonlySet<string> = new Set(CODE_SYSTEM_NAMES);
const CODE_SETS = new Map<CodeSystem, ReadonlySet<string>>(
  CODE_SYSTEM_NAMES.map((s) => [s, new Set<string>(CODE_SYSTEMS[s])]),
);

// A Set, not `in`: `in` would accept inherited keys such as "toString".
export function isCodeSystem(x: unknown): x is CodeSystem {
  return typeof x === 'string' && SYSTEM_SET.has(x);
}

export function isCode<S extends CodeSystem>(system: S, x: unknown): x is CodeOf<S> {
  return typeof x === 'string' && (CODE_SETS.get(system)?.has(x) ?? false);
}

export function codesOf<S extends CodeSystem>(system: S): readonly CodeOf<S>[] {
  return CODE_SYSTEMS[system];
}
