import { toBinary } from '@bufbuild/protobuf';
import { ContractViolation } from './contract-violation';
import { decodeEnvelope } from './envelope';
import { Envelope, EnvelopeSchema } from './gen/postbridge/v1/envelope_pb';
import { TrackingBatch, TrackingBatchSchema } from './gen/postbridge/v1/tracking_pb';
import type { KeyRing } from './signing/key-ring';
import { openSigned } from './signing/signed-message';
import { decodeTrackingBatch, TRACKING_BATCH_PATTERN } from './tracking-batch';

/** What a consumer needs of any PostBridge message: dedupe id, handler pattern, parties, payload, signer. */
export interface InboundMessage {
  id: string;
  pattern: string;
  senderOperator: string;
  recipientOperator: string;
  payload: Envelope | TrackingBatch;
  /** Whose signature verified; null on the tracking feed, which is not signed. */
  signer: string | null;
  /** The message value as received (a SignedMessage), for forwarding it unchanged; null on the feed. */
  signedValue: Uint8Array | null;
}

const TRACKING_TOPIC = /\.tracking\.(in|out|feed)$/;
const FEED_TOPIC = /\.tracking\.feed$/;

/**
 * Tracking topics carry TrackingBatch, every other topic Envelope, each inside a SignedMessage
 * whose signature is checked first (the feed carries a bare TrackingBatch). Who may sign what is
 * the consumer's check (verifySender), on `signer`. Throws ContractViolation.
 */
export function decodeInbound(topic: string, bytes: Uint8Array | null | undefined, keys: KeyRing, now = Date.now()): InboundMessage {
  if (FEED_TOPIC.test(topic)) {
    const b = decodeTrackingBatch(bytes);
    return { id: b.batchId, pattern: TRACKING_BATCH_PATTERN, senderOperator: b.senderOperator, recipientOperator: b.recipientOperator, payload: b, signer: null, signedValue: null };
  }
  if (TRACKING_TOPIC.test(topic)) {
    const opened = openSigned('TrackingBatch', bytes, keys, now);
    const b = decodeTrackingBatch(opened.payload);
    canonical(toBinary(TrackingBatchSchema, b), opened.payload);
    return { id: b.batchId, pattern: TRACKING_BATCH_PATTERN, senderOperator: b.senderOperator, recipientOperator: b.recipientOperator, payload: b, signer: opened.signer, signedValue: bytes! };
  }
  const opened = openSigned('Envelope', bytes, keys, now);
  const e = decodeEnvelope(opened.payload);
  canonical(toBinary(EnvelopeSchema, e), opened.payload);
  return { id: e.messageId, pattern: e.type, senderOperator: e.senderOperator, recipientOperator: e.recipientOperator, payload: e, signer: opened.signer, signedValue: bytes! };
}

/**
 * A signed payload has one encoding: every reader (the broker, partners on other releases or other
 * protobuf libraries) sees the same fields in the bytes that are forwarded.
 */
function canonical(reencoded: Uint8Array, payload: Uint8Array): void {
  if (!Buffer.from(reencoded).equals(Buffer.from(payload))) throw new ContractViolation('UNDECODABLE', 'a signed payload must be encoded canonically (each field once, in field-number order, no default values)');
}
