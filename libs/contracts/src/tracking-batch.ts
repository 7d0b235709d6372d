import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { randomUUID } from 'node:crypto';
import { ContractViolation, CURRENT_SCHEMA_VERSION } from './envelope';
import { TrackingBatch, TrackingBatchSchema, TrackingEvent } from './gen/postbridge/v1/tracking_pb';
import { plausibleInstant } from './body-rules';
import { checkSize, refuseUnknownFields } from './signing/signed-message';
import { isOperatorCode } from './topics';

/** Pattern under which tracking batches reach message handlers (`@EventPattern(TRACKING_BATCH_PATTERN)`). */
export const TRACKING_BATCH_PATTERN = 'tracking.batch';
/** Keeps one Kafka message well under the 1 MB default limit (an event is ~60-100 bytes). */
export const MAX_TRACKING_BATCH_EVENTS = 5000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function buildTrackingBatch(init: { sender: string; recipient?: string; events: TrackingEvent[]; batchId?: string; sentAt?: Date }): TrackingBatch {
  return create(TrackingBatchSchema, {
    batchId: init.batchId ?? randomUUID(),
    schemaVersion: CURRENT_SCHEMA_VERSION,
    sentAt: timestampFromDate(init.sentAt ?? new Date()),
    senderOperator: init.sender,
    recipientOperator: init.recipient ?? '',
    events: init.events,
  });
}

export function encodeTrackingBatch(batch: TrackingBatch): Buffer {
  return Buffer.from(toBinary(TrackingBatchSchema, batch));
}

/** Decodes and checks the batch envelope; the events themselves are validated by their consumer, one by one. */
export function decodeTrackingBatch(bytes: Uint8Array | null | undefined): TrackingBatch {
  checkSize('TrackingBatch', bytes);
  let batch: TrackingBatch;
  try {
    batch = fromBinary(TrackingBatchSchema, bytes!);
  } catch (e) {
    throw new ContractViolation('UNDECODABLE', `not a postbridge.v1.TrackingBatch: ${(e as Error).message}`);
  }
  refuseUnknownFields(batch);
  if (!UUID.test(batch.batchId)) throw new ContractViolation('INVALID_FIELD', 'batch_id must be a UUID');
  if (batch.schemaVersion !== CURRENT_SCHEMA_VERSION) {
    throw new ContractViolation('UNSUPPORTED_SCHEMA_VERSION', `schema_version ${batch.schemaVersion} is not supported (supported: ${CURRENT_SCHEMA_VERSION})`);
  }
  if (batch.sentAt && !plausibleInstant(batch.sentAt)) throw new ContractViolation('INVALID_FIELD', 'sent_at is not a date between the years 1900 and 9999');
  if (!isOperatorCode(batch.senderOperator)) throw new ContractViolation('INVALID_FIELD', 'sender_operator is not an operator code');
  if (batch.recipientOperator !== '' && !isOperatorCode(batch.recipientOperator)) throw new ContractViolation('INVALID_FIELD', 'recipient_operator is not an operator code');
  if (batch.events.length === 0) throw new ContractViolation('MISSING_FIELD', 'a batch carries at least one event');
  if (batch.events.length > MAX_TRACKING_BATCH_EVENTS) throw new ContractViolation('INVALID_FIELD', `a batch carries at most ${MAX_TRACKING_BATCH_EVENTS} events`);
  return batch;
}
