/**
 * Closed vocabularies shared by both nodes and the broker. Arrays are the source of truth
 * so validators, Swagger enums and DB checks can be built from the same list.
 */

function oneOf<T extends string>(values: readonly T[]): (x: unknown) => x is T {
  const set: ReadonlySet<string> = new Set(values);
  return (x: unknown): x is T => typeof x === 'string' && set.has(x);
}

export const INQUIRY_TYPES = ['FULL_INVESTIGATION', 'PROOF_OF_DELIVERY', 'GENERIC'] as const;
export type InquiryType = (typeof INQUIRY_TYPES)[number];
export const isInquiryType = oneOf(INQUIRY_TYPES);

export const CASE_STATUSES = ['SUBMITTED', 'OPEN', 'AWAITING_INFO', 'ANSWERED', 'RESOLVED', 'REFUSED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const isCaseStatus = oneOf(CASE_STATUSES);

export const PARTY_SIDES = ['ORIGIN', 'DESTINATION', 'NETWORK'] as const;
export type PartySide = (typeof PARTY_SIDES)[number];
export const isPartySide = oneOf(PARTY_SIDES);

export const MESSAGE_KINDS = ['INFO', 'REPLY', 'INFO_REQUEST'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const isMessageKind = oneOf(MESSAGE_KINDS);

export const RESOLUTION_CODES = [
  'DELIVERED',
  'RETURNED_TO_SENDER',
  'FOUND_AND_FORWARDED',
  'LOST_COMPENSATED',
  'DAMAGED_COMPENSATED',
  'NO_IRREGULARITY_FOUND',
  'WITHDRAWN_BY_CUSTOMER',
  'OTHER',
] as const;
export type ResolutionCode = (typeof RESOLUTION_CODES)[number];
export const isResolutionCode = oneOf(RESOLUTION_CODES);

export const REFUSAL_REASONS = [
  'UNKNOWN_DESTINATION',
  'INACTIVE_DESTINATION',
  'SELF_ADDRESSED',
  'NOT_A_PARTY',
  'UNKNOWN_CASE',
  'INVALID_MESSAGE',
  'NO_SHARED_NETWORK',
  'INQUIRY_TYPE_NOT_ALLOWED',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
export const isRefusalReason = oneOf(REFUSAL_REASONS);

export const CASE_PRIORITIES = ['NORMAL', 'URGENT'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];
export const isCasePriority = oneOf(CASE_PRIORITIES);

/** Why the network turned an opening away for want of an agreement (see network agreements). */
export const AGREEMENT_REFUSALS = ['NO_SHARED_NETWORK', 'INQUIRY_TYPE_NOT_ALLOWED'] as const;
export type AgreementRefusal = (typeof AGREEMENT_REFUSALS)[number];

export const TARGET_UNITS = ['WORKING_HOURS', 'WORKING_DAYS'] as const;
export type TargetUnit = (typeof TARGET_UNITS)[number];
export const isTargetUnit = oneOf(TARGET_UNITS);

export const PAUSE_REASONS = ['AWAITING_INFO', 'CUSTOMS_HOLD'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];
export const isPauseReason = oneOf(PAUSE_REASONS);

export const DEADLINE_STATES = ['RUNNING', 'DUE_SOON', 'OVERDUE', 'ESCALATED', 'PAUSED', 'MET', 'MISSED', 'STOPPED'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];
export const isDeadlineState = oneOf(DEADLINE_STATES);

export const DEADLINE_EVENT_KINDS = ['STARTED', 'PAUSED', 'RESUMED', 'RECALCULATED', 'DUE_SOON', 'OVERDUE', 'REMINDER', 'ESCALATED', 'ANSWERED', 'STOPPED'] as const;
export type DeadlineEventKind = (typeof DEADLINE_EVENT_KINDS)[number];
export const isDeadlineEventKind = oneOf(DEADLINE_EVENT_KINDS);

/** A node's folders: every case is in exactly one (see work-queue.ts). */
export const WORK_QUEUES = ['NEW', 'IN_PROGRESS', 'AWAITING_PARTNER', 'AWAITING_OUR_REPLY', 'DUE_SOON', 'OVERDUE', 'RESOLVED'] as const;
export type WorkQueue = (typeof WORK_QUEUES)[number];
export const isWorkQueue = oneOf(WORK_QUEUES);

/** What a case history entry records (besides the DEADLINE_<kind> entries of the broker's clock). */
export const CASE_EVENTS = ['OPENED', 'DELIVERED', 'MESSAGE_ADDED', 'RESOLVED', 'REFUSED', 'MESSAGE_REFUSED', 'TRACKING_UPDATED', 'ASSIGNED', 'UNASSIGNED'] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];
export const isCaseEvent = oneOf(CASE_EVENTS);

export const ALERT_TYPES = [
  'NEW_INQUIRY',
  'URGENT_INQUIRY',
  'TRACKING_UPDATED',
  'REPLY_RECEIVED',
  'DEADLINE_APPROACHING',
  'OVERDUE',
  'REMINDER',
  'ESCALATED',
  'CASE_REFUSED',
  /** A partner sent more cases this hour than INBOUND_CASES_PER_PARTNER_PER_HOUR (once per partner and hour). */
  'INBOUND_QUOTA_EXCEEDED',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];
export const isAlertType = oneOf(ALERT_TYPES);
