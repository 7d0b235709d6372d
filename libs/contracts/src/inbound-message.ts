import { decodeEnvelope } from './envelope';
import { Envelope } from './gen/postbridge/v1/envelope_pb';
import { TrackingBatch } from './gen/postbridge/v1/tracking_pb';
import { decodeTrackingBatch, TRACKING_BATCH_PATTERN } from './tracking-batch';

/** What a consumer needs of any PostBridge message: dedupe id, handler pattern, parties, payload. */
export interface InboundMessage {
  id: string;
  pattern: string;
  senderOperator: string;
  recipientOperator: string;
  payload: Envelope | TrackingBatch;
}

const TRACKING_TOPIC = /\.tracking\.(in|out|feed)$/;

/** Tracking topics carry TrackingBatch, every other topic Envelope; throws ContractViolation. */
export function decodeInbound(topic: string, bytes: Uint8Array | null | undefined): InboundMessage {
  if (TRACKING_TOPIC.test(topic)) {
    const b = decodeTrackingBatch(bytes);
    return { id: b.batchId, pattern: TRACKING_BATCH_PATTERN, senderOperator: b.senderOperator, recipientOperator: b.recipientOperator, payload: b };
  }
  const e = decodeEnvelope(bytes);
  return { id: e.messageId, pattern: e.type, senderOperator: e.senderOperator, recipientOperator: e.recipientOperator, payload: e };
}
