import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { randomUUID } from 'node:crypto';
import { Envelope, EnvelopeSchema } from './gen/postbridge/v1/envelope_pb';
import { plausibleInstant } from './body-rules';
import { ContractViolation } from './contract-violation';
import { checkSize, refuseUnknownFields } from './signing/signed-message';
import { isOperatorCode } from './topics';
export { BROKER_SENDER_CODE } from './topics';

export const CURRENT_SCHEMA_VERSION = 1;

/** Envelope `type` → name of the oneof body case it must carry. */
export const MessageTypes = {
  'case.opened': 'caseOpened',
  'case.accepted': 'caseAccepted',
  'case.message_added': 'caseMessageAdded',
  'case.resolved': 'caseResolved',
  'case.refused': 'caseRefused',
  'case.deadline': 'caseDeadline',
  'case.erased': 'caseErased',
  'case.erasure_confirmed': 'caseErasureConfirmed',
} as const;
export type MessageType = keyof typeof MessageTypes;
type BodyCase = (typeof MessageTypes)[MessageType];
type BodyOf<C extends BodyCase> = Extract<Envelope['body'], { case: C }>['value'];
export type BodyFor<T extends MessageType> = BodyOf<(typeof MessageTypes)[T]>;

export { ContractViolation } from './contract-violation';
export type { ContractViolationCode } from './contract-violation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isMessageType(t: string): t is MessageType {
  return Object.prototype.hasOwnProperty.call(MessageTypes, t);
}

export function buildEnvelope<T extends MessageType>(init: {
  type: T;
  sender: string;
  recipient: string;
  caseId: string;
  body: BodyFor<T>;
  messageId?: string;
  occurredAt?: Date;
}): Envelope {
  return create(EnvelopeSchema, {
    messageId: init.messageId ?? randomUUID(),
    type: init.type,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    occurredAt: timestampFromDate(init.occurredAt ?? new Date()),
    senderOperator: init.sender,
    recipientOperator: init.recipient,
    caseId: init.caseId,
    body: { case: MessageTypes[init.type], value: init.body } as Envelope['body'],
  });
}

export function encodeEnvelope(envelope: Envelope): Buffer {
  return Buffer.from(toBinary(EnvelopeSchema, envelope));
}

/** Decodes and checks the envelope; throws ContractViolation for anything a consumer cannot use. */
export function decodeEnvelope(bytes: Uint8Array | null | undefined): Envelope {
  checkSize('Envelope', bytes);
  let envelope: Envelope;
  try {
    envelope = fromBinary(EnvelopeSchema, bytes!);
  } catch (e) {
    throw new ContractViolation('UNDECODABLE', `not a postbridge.v1.Envelope: ${(e as Error).message}`);
  }
  refuseUnknownFields(envelope);
  validateEnvelope(envelope);
  return envelope;
}

export function validateEnvelope(e: Envelope): void {
  if (!UUID.test(e.messageId)) throw new ContractViolation('INVALID_FIELD', 'message_id must be a UUID');
  if (!isMessageType(e.type)) throw new ContractViolation('UNKNOWN_TYPE', `unknown message type "${e.type}"`);
  if (e.schemaVersion !== CURRENT_SCHEMA_VERSION) {
    throw new ContractViolation('UNSUPPORTED_SCHEMA_VERSION', `schema_version ${e.schemaVersion} is not supported (supported: ${CURRENT_SCHEMA_VERSION})`);
  }
  if (e.body.case !== MessageTypes[e.type]) {
    throw new ContractViolation('TYPE_BODY_MISMATCH', `type "${e.type}" carries body "${e.body.case ?? 'none'}"`);
  }
  if (!e.occurredAt) throw new ContractViolation('MISSING_FIELD', 'occurred_at is required');
  if (!plausibleInstant(e.occurredAt)) throw new ContractViolation('INVALID_FIELD', 'occurred_at is not a date between the years 1900 and 9999');
  if (!isOperatorCode(e.senderOperator)) throw new ContractViolation('INVALID_FIELD', 'sender_operator is not an operator code');
  if (!isOperatorCode(e.recipientOperator)) throw new ContractViolation('INVALID_FIELD', 'recipient_operator is not an operator code');
  if (!UUID.test(e.caseId)) throw new ContractViolation('INVALID_FIELD', 'case_id must be a UUID');
}

export function occurredAt(e: Envelope): Date {
  return e.occurredAt ? timestampDate(e.occurredAt) : new Date(0);
}

/** Narrowed body accessor; throws when the envelope carries another type. */
export function bodyOf<T extends MessageType>(e: Envelope, type: T): BodyFor<T> {
  if (e.type !== type || e.body.case !== MessageTypes[type]) {
    throw new ContractViolation('TYPE_BODY_MISMATCH', `expected ${type}, got ${e.type}`);
  }
  return e.body.value as BodyFor<T>;
}

