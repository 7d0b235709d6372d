/**
 * What a case says, as codes: why the customer inquires, what the origin post asks the
 * destination to do, what the destination found, and why a delivery attempt failed.
 * Nodes exchange these codes only; every agent reads them in their own language through
 * the catalogue (`@postbridge/catalogue`). Arrays are the source of truth, as in inquiry-codes.ts.
 */

function oneOf<T extends string>(values: readonly T[]): (x: unknown) => x is T {
  const set: ReadonlySet<string> = new Set(values);
  return (x: unknown): x is T => typeof x === 'string' && set.has(x);
}

/** What the customer reports (GCSS "reason for inquiry"). */
export const INQUIRY_REASONS = [
  'NOT_ARRIVED',
  'DELAYED',
  'DAMAGED',
  'CONTENTS_MISSING',
  'WRONG_ADDRESS',
  'DELIVERED_BUT_DISPUTED',
  'PROOF_OF_DELIVERY_REQUESTED',
  'CUSTOMS_QUERY',
  'RETURN_NOT_RECEIVED',
  'OTHER',
] as const;
export type InquiryReason = (typeof INQUIRY_REASONS)[number];
export const isInquiryReason = oneOf(INQUIRY_REASONS);

/** What the origin post asks the destination post to do. */
export const REQUESTED_ACTIONS = [
  'INVESTIGATE',
  'PROVIDE_STATUS_UPDATE',
  'CONFIRM_DELIVERY',
  'PROVIDE_PROOF_OF_DELIVERY',
  'REDELIVER',
  'HOLD_FOR_COLLECTION',
  'CORRECT_ADDRESS',
  'RETURN_TO_SENDER',
  'RELEASE_FROM_CUSTOMS',
  'COMPENSATE',
  'OTHER',
] as const;
export type RequestedAction = (typeof REQUESTED_ACTIONS)[number];
export const isRequestedAction = oneOf(REQUESTED_ACTIONS);

/** What the destination post found, given with its reply (dates and names travel as fields, not text). */
export const REPLY_OUTCOMES = [
  'DELIVERED_WITH_SIGNATURE',
  'DELIVERED_WITHOUT_SIGNATURE',
  'DELIVERY_ATTEMPTED_NOTICE_LEFT',
  'AWAITING_COLLECTION',
  'IN_DELIVERY',
  'HELD_IN_CUSTOMS_AWAITING_DOCUMENTS',
  'RETURNED_TO_SENDER',
  'FORWARDED',
  'MISSENT_REROUTED',
  'NOT_RECEIVED_AT_DESTINATION',
  'NOT_FOUND_INVESTIGATION_STARTED',
  'DECLARED_LOST',
  'DAMAGED_REPORTED',
  'OTHER',
] as const;
export type ReplyOutcome = (typeof REPLY_OUTCOMES)[number];
export const isReplyOutcome = oneOf(REPLY_OUTCOMES);

/** Where the language tag of a free text came from. */
export const LANGUAGE_SOURCES = ['GIVEN', 'DETECTED', 'ASSUMED', 'TEMPLATE'] as const;
export type LanguageSource = (typeof LANGUAGE_SOURCES)[number];
export const isLanguageSource = oneOf(LANGUAGE_SOURCES);

/*
 * Non-delivery reason and action codes carried by an EMH (unsuccessful delivery attempt) event.
 * UPU-style: two-digit reasons grouped by tens (address, addressee, payment, item, routing),
 * one-letter actions. *Unconfirmed*: the exact UPU code list (numbering and wording) differs by
 * edition and by network, so treat these tables as the configurable default. Tracking ingest keeps
 * accepting any code a post sends (see tracking-event.ts); an unknown one is shown as such, never dropped.
 */
const NON_DELIVERY_REASON_TABLE = {
  '10': 'Incorrect or incomplete address',
  '11': 'Addressee unknown at the address',
  '12': 'Addressee has moved',
  '13': 'Refused by the addressee',
  '14': 'Addressee absent, delivery notice left',
  '15': 'Not collected within the retention period',
  '16': 'Premises closed',
  '17': 'Addressee deceased',
  '18': 'No access to the delivery address',
  '20': 'Customs duties or charges not paid',
  '21': 'Cash-on-delivery amount not paid',
  '22': 'Identity document or authorisation not presented',
  '30': 'Item damaged',
  '31': 'Prohibited or restricted contents',
  '40': 'Missent (wrong delivery office)',
  '41': 'Force majeure (weather, strike, disaster)',
  '99': 'Other reason',
} as const satisfies Record<string, string>;

const NON_DELIVERY_ACTION_TABLE = {
  A: 'New delivery attempt scheduled',
  B: 'Held at the delivery office, addressee notified',
  C: 'Returned to sender',
  D: 'Forwarded to the new address',
  E: 'Awaiting instructions from the sender or addressee',
  F: 'Address being verified',
  G: 'Rerouted to the correct delivery office',
  H: 'Held until charges are paid',
  Z: 'Other action',
} as const satisfies Record<string, string>;

export type NonDeliveryReason = keyof typeof NON_DELIVERY_REASON_TABLE;
export type NonDeliveryAction = keyof typeof NON_DELIVERY_ACTION_TABLE;

// Integer-like keys ('10') come first in Object.keys order; written in ascending order so the
// listed order and the enumeration order agree.
export const NON_DELIVERY_REASONS = Object.keys(NON_DELIVERY_REASON_TABLE) as readonly NonDeliveryReason[];
export const NON_DELIVERY_ACTIONS = Object.keys(NON_DELIVERY_ACTION_TABLE) as readonly NonDeliveryAction[];
export const isNonDeliveryReason = oneOf(NON_DELIVERY_REASONS);
export const isNonDeliveryAction = oneOf(NON_DELIVERY_ACTIONS);

/** English reference meaning (the catalogue holds the labels agents see). */
export function nonDeliveryReasonMeaning(code: NonDeliveryReason): string {
  return NON_DELIVERY_REASON_TABLE[code];
}

export function nonDeliveryActionMeaning(code: NonDeliveryAction): string {
  return NON_DELIVERY_ACTION_TABLE[code];
}

/** The English reference meanings by code, e.g. for the catalogue's English pack. */
export const NON_DELIVERY_REASON_MEANINGS: Readonly<Record<NonDeliveryReason, string>> = NON_DELIVERY_REASON_TABLE;
export const NON_DELIVERY_ACTION_MEANINGS: Readonly<Record<NonDeliveryAction, string>> = NON_DELIVERY_ACTION_TABLE;
