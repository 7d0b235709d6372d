import { create } from '@bufbuild/protobuf';
import { CASE_PRIORITIES, CASE_STATUSES, INQUIRY_REASONS, INQUIRY_TYPES, LANGUAGE_SOURCES, MESSAGE_KINDS, REFUSAL_REASONS, REPLY_OUTCOMES, REQUESTED_ACTIONS, RESOLUTION_CODES } from '@postbridge/domain';
import fc from 'fast-check';
import { buildEnvelope, ContractViolation, decodeEnvelope, encodeEnvelope, bodyOf } from './envelope';
import { CaseAcceptedSchema, CaseOpenedSchema, CasePriority, InquiryReason, InquiryType, MessageKind, RefusalReason, ReplyOutcome, RequestedAction, ResolutionCode } from './gen/postbridge/v1/case_pb';
import { LanguageSource } from './gen/postbridge/v1/common_pb';
import { EnvelopeSchema } from './gen/postbridge/v1/envelope_pb';
import { enumCodes, fromCode, toCode } from './proto-enums';
import { toBinary } from '@bufbuild/protobuf';

const CASE_ID = '0b6f3c1e-8a43-4c8e-9d4a-3c2b1a0f9e8d';

describe('proto enums and domain codes', () => {
  it.each([
    ['InquiryType', InquiryType, INQUIRY_TYPES],
    ['MessageKind', MessageKind, MESSAGE_KINDS],
    ['ResolutionCode', ResolutionCode, RESOLUTION_CODES],
    ['RefusalReason', RefusalReason, REFUSAL_REASONS],
    ['CasePriority', CasePriority, CASE_PRIORITIES],
    ['InquiryReason', InquiryReason, INQUIRY_REASONS],
    ['RequestedAction', RequestedAction, REQUESTED_ACTIONS],
    ['ReplyOutcome', ReplyOutcome, REPLY_OUTCOMES],
    ['LanguageSource', LanguageSource, LANGUAGE_SOURCES],
  ])('%s has exactly the domain codes', (_name, e, domain) => {
    expect([...enumCodes(e as never)].sort()).toEqual([...domain].sort());
    for (const c of domain) expect(toCode(e as never, fromCode(e as never, c))).toBe(c);
  });

  it('maps UNSPECIFIED and unknown numbers to null, and refuses unknown codes', () => {
    expect(toCode(InquiryType as never, 0)).toBeNull();
    expect(toCode(InquiryType as never, 99)).toBeNull();
    expect(() => fromCode(InquiryType as never, 'NOPE')).toThrow(/Unknown code/);
    expect(CASE_STATUSES.length).toBeGreaterThan(0);
  });
});

describe('envelope codec', () => {
  const opened = () =>
    buildEnvelope({ type: 'case.opened', sender: 'CH', recipient: 'US', caseId: CASE_ID, body: create(CaseOpenedSchema, { itemId: 'RB123456785GB', originOperator: 'CH', destinationOperator: 'US' }) });

  it('round-trips through bytes', () => {
    const e = opened();
    const back = decodeEnvelope(encodeEnvelope(e));
    expect(back.messageId).toBe(e.messageId);
    expect(back.type).toBe('case.opened');
    expect(bodyOf(back, 'case.opened').itemId).toBe('RB123456785GB');
    expect(back.senderOperator).toBe('CH');
  });

  const violation = (bytes: Uint8Array | null) => {
    try {
      decodeEnvelope(bytes);
    } catch (e) {
      expect(e).toBeInstanceOf(ContractViolation);
      return (e as ContractViolation).code;
    }
    throw new Error('expected a contract violation');
  };

  it('refuses empty, garbage, unknown types, mismatched bodies and future schema versions', () => {
    expect(violation(null)).toBe('UNDECODABLE');
    expect(violation(Buffer.from('{"json":"no"}'))).toBe('UNDECODABLE');
    const e = opened();
    expect(violation(toBinary(EnvelopeSchema, { ...e, type: 'case.deleted' }))).toBe('UNKNOWN_TYPE');
    expect(violation(toBinary(EnvelopeSchema, { ...e, type: 'case.accepted' }))).toBe('TYPE_BODY_MISMATCH');
    expect(violation(toBinary(EnvelopeSchema, { ...e, schemaVersion: 2 }))).toBe('UNSUPPORTED_SCHEMA_VERSION');
    expect(violation(toBinary(EnvelopeSchema, { ...e, senderOperator: 'ch!' }))).toBe('INVALID_FIELD');
    expect(violation(toBinary(EnvelopeSchema, { ...e, caseId: 'x' }))).toBe('INVALID_FIELD');
    expect(violation(toBinary(EnvelopeSchema, { ...e, occurredAt: undefined }))).toBe('MISSING_FIELD');
    // An instant no JS date or timestamptz can hold is refused here, not by the database after retries.
    expect(violation(toBinary(EnvelopeSchema, { ...e, occurredAt: { ...e.occurredAt!, seconds: 2n ** 53n - 1n, nanos: -5 } }))).toBe('INVALID_FIELD');
    expect(violation(toBinary(EnvelopeSchema, { ...e, occurredAt: { ...e.occurredAt!, seconds: 6_250_000_000_000n } }))).toBe('INVALID_FIELD');
    expect(() => bodyOf(e, 'case.accepted')).toThrow(ContractViolation);
    expect(create(CaseAcceptedSchema, {})).toBeDefined();
  });

  it('never throws anything but ContractViolation on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decodeEnvelope(bytes);
        } catch (e) {
          return e instanceof ContractViolation;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});

describe('tracking batches and inbound decoding', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildTrackingBatch, encodeTrackingBatch, decodeInbound, TRACKING_BATCH_PATTERN, MAX_TRACKING_BATCH_EVENTS } = require('./index');
  const { TrackingEventSchema } = require('./gen/postbridge/v1/tracking_pb');
  const event = () => create(TrackingEventSchema, { itemId: 'RB123456785GB', code: 'EMA', office: 'GBLONA' });

  it('decodes by topic: signed batches on tracking topics, signed envelopes elsewhere, bare batches on the feed', () => {
    const { generateKeyPairSync } = require('node:crypto');
    const { KeyRing, MessageSigner, sealPayload } = require('./index');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const keys = new KeyRing([{ signer: 'GB', key: { id: 'gb-1', key: publicKey, notBefore: null, notAfter: null } }]);
    const batch = buildTrackingBatch({ sender: 'GB', events: [event(), event()] });
    const signed = sealPayload('TrackingBatch', encodeTrackingBatch(batch), new MessageSigner('GB', 'gb-1', privateKey));
    const m = decodeInbound('p.op.GB.tracking.out', signed, keys);
    expect(m).toMatchObject({ id: batch.batchId, pattern: TRACKING_BATCH_PATTERN, senderOperator: 'GB', recipientOperator: '', signer: 'GB' });
    expect(Buffer.from(m.signedValue).equals(signed)).toBe(true);
    expect(m.payload.events).toHaveLength(2);
    expect(() => decodeInbound('p.op.GB.case.out', signed, keys)).toThrow(ContractViolation);
    expect(() => decodeInbound('p.op.GB.tracking.out', encodeTrackingBatch(batch), keys)).toThrow(ContractViolation);
    expect(decodeInbound('p.op.GB.tracking.feed', encodeTrackingBatch(batch), keys)).toMatchObject({ signer: null, signedValue: null });
  });

  it('refuses empty and oversized batches', () => {
    const code = (events: unknown[]) => {
      try {
        decodeInbound('p.op.GB.tracking.feed', encodeTrackingBatch(buildTrackingBatch({ sender: 'GB', events })), null);
        return 'ok';
      } catch (e) {
        return (e as ContractViolation).code;
      }
    };
    expect(code([])).toBe('MISSING_FIELD');
    expect(code(Array.from({ length: MAX_TRACKING_BATCH_EVENTS + 1 }, event))).toBe('INVALID_FIELD');
    expect(code([event()])).toBe('ok');
  });
});
