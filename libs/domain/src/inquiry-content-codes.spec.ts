import {
  INQUIRY_REASONS,
  isInquiryReason,
  isNonDeliveryAction,
  isNonDeliveryReason,
  isReplyOutcome,
  isRequestedAction,
  NON_DELIVERY_ACTIONS,
  NON_DELIVERY_REASONS,
  nonDeliveryActionMeaning,
  nonDeliveryReasonMeaning,
  REPLY_OUTCOMES,
  REQUESTED_ACTIONS,
} from './inquiry-content-codes';
import * as domain from './index';

describe('inquiry content codes', () => {
  it.each([
    ['InquiryReason', INQUIRY_REASONS, isInquiryReason],
    ['RequestedAction', REQUESTED_ACTIONS, isRequestedAction],
    ['ReplyOutcome', REPLY_OUTCOMES, isReplyOutcome],
    ['NonDeliveryReason', NON_DELIVERY_REASONS, isNonDeliveryReason],
    ['NonDeliveryAction', NON_DELIVERY_ACTIONS, isNonDeliveryAction],
  ] as Array<[string, readonly string[], (x: unknown) => boolean]>)('%s guard', (_name, values, guard) => {
    expect(values.length).toBeGreaterThan(1);
    expect(new Set(values).size).toBe(values.length);
    for (const v of values) expect(guard(v)).toBe(true);
    const lower = values.map((v) => v.toLowerCase()).filter((v) => !values.includes(v));
    for (const v of [undefined, null, 1, 10, {}, '', ...lower, ` ${values[0]}`, `${values[0]} `, 'toString', '__proto__']) {
      expect(guard(v)).toBe(false);
    }
  });

  it('covers what the issue names for reasons and outcomes', () => {
    expect(INQUIRY_REASONS).toEqual(
      expect.arrayContaining(['NOT_ARRIVED', 'DAMAGED', 'CONTENTS_MISSING', 'WRONG_ADDRESS', 'DELIVERED_BUT_DISPUTED']),
    );
    expect(REPLY_OUTCOMES).toEqual(
      expect.arrayContaining([
        'DELIVERED_WITH_SIGNATURE',
        'RETURNED_TO_SENDER',
        'HELD_IN_CUSTOMS_AWAITING_DOCUMENTS',
        'FORWARDED',
        'NOT_FOUND_INVESTIGATION_STARTED',
      ]),
    );
  });

  it('non-delivery codes are UPU-shaped: two-digit reasons in ascending order, one-letter actions', () => {
    for (const r of NON_DELIVERY_REASONS) expect(r).toMatch(/^\d{2}$/);
    expect([...NON_DELIVERY_REASONS].sort()).toEqual(NON_DELIVERY_REASONS);
    for (const a of NON_DELIVERY_ACTIONS) expect(a).toMatch(/^[A-Z]$/);
    // The codes already used by tracking fixtures (EMH with reason 10/11, action A) are known.
    expect(isNonDeliveryReason('10') && isNonDeliveryReason('11') && isNonDeliveryAction('A')).toBe(true);
  });

  it('every non-delivery code has an English reference meaning', () => {
    for (const r of NON_DELIVERY_REASONS) expect(nonDeliveryReasonMeaning(r).trim()).not.toBe('');
    for (const a of NON_DELIVERY_ACTIONS) expect(nonDeliveryActionMeaning(a).trim()).not.toBe('');
    expect(nonDeliveryReasonMeaning('13')).toMatch(/refused/i);
    expect(nonDeliveryActionMeaning('C')).toMatch(/returned to sender/i);
  });

  it('is exported from the domain barrel', () => {
    expect(domain.REPLY_OUTCOMES).toBe(REPLY_OUTCOMES);
    expect(domain.isNonDeliveryReason('99')).toBe(true);
  });
});
