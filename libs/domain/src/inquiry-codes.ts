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
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
export const isRefusalReason = oneOf(REFUSAL_REASONS);
