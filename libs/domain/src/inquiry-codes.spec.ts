import {
  CASE_STATUSES,
  INQUIRY_TYPES,
  isCaseStatus,
  isInquiryType,
  isMessageKind,
  isPartySide,
  isRefusalReason,
  isResolutionCode,
  MESSAGE_KINDS,
  PARTY_SIDES,
  REFUSAL_REASONS,
  RESOLUTION_CODES,
} from './inquiry-codes';

describe('inquiry codes', () => {
  it.each([
    ['InquiryType', INQUIRY_TYPES, isInquiryType],
    ['CaseStatus', CASE_STATUSES, isCaseStatus],
    ['PartySide', PARTY_SIDES, isPartySide],
    ['MessageKind', MESSAGE_KINDS, isMessageKind],
    ['ResolutionCode', RESOLUTION_CODES, isResolutionCode],
    ['RefusalReason', REFUSAL_REASONS, isRefusalReason],
  ] as Array<[string, readonly string[], (x: unknown) => boolean]>)('%s guard', (_name, values, guard) => {
    for (const v of values) expect(guard(v)).toBe(true);
    for (const v of [undefined, null, 1, {}, '', values[0].toLowerCase(), ` ${values[0]}`, 'toString', '__proto__']) {
      expect(guard(v)).toBe(false);
    }
  });
});
