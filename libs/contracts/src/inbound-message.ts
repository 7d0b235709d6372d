import { toBinary } from '@bufbuild/protobuf';
import { ContractViolation } from './contract-violation';
import { decodeEnvelope } from './envelope';
import { Envelope, EnvelopeSchema } from './gen/postbridge/v1/envelope_pb';
import { TrackingBatch, TrackingBatchSchema } from './gen/postbridge/v1/tracking_pb';
import type { KeyRing } from './signing/key-ring';
import { parseSigned, verifySigned } from './signing/signed-message';
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

/** Who may send what on a topic, judged on the claims (sender, recipient, type, signer) before any signature is checked; throws to refuse. */
export type InboundPrecheck = (topic: string, message: InboundMessage) => void;

/**
 * Tracking topics carry TrackingBatch, every other topic Envelope, each inside a SignedMessage
 * (the feed carries a bare TrackingBatch). Order: size, shape and canonical encoding, then the
 * consumer's `precheck` of who may send this here (cheap), and only then the signature, so a party
 * writing where it may not costs no verification. Throws ContractViolation (or what precheck throws).
 */
export function decodeInbound(topic: string, bytes: Uint8Array | null | undefined, keys: KeyRing, now = Date.now(), precheck?: InboundPrecheck): InboundMessage {
  if (FEED_TOPIC.test(topic)) {
    const b = decodeTrackingBatch(bytes);
    const inbound: InboundMessage = { id: b.batchId, pattern: TRACKING_BATCH_PATTERN, senderOperator: b.senderOperator, recipientOperator: b.recipientOperator, payload: b, signer: null, signedValue: null };
    precheck?.(topic, inbound);
    return inbound;
  }
  const kind = TRACKING_TOPIC.test(topic) ? 'TrackingBatch' : 'Envelope';
  const signed = parseSigned(kind, bytes);
  let inbound: InboundMessage;
  if (kind === 'TrackingBatch') {
    const b = decodeTrackingBatch(signed.payload);
    canonical(toBinary(TrackingBatchSchema, b), signed.payload);
    inbound = { id: b.batchId, pattern: TRACKING_BATCH_PATTERN, senderOperator: b.senderOperator, recipientOperator: b.recipientOperator, payload: b, signer: signed.signer, signedValue: bytes! };
  } else {
    const e = decodeEnvelope(signed.payload);
    canonical(toBinary(EnvelopeSchema, e), signed.payload);
    inbound = { id: e.messageId, pattern: e.type, senderOperator: e.senderOperator, recipientOperator: e.recipientOperator, payload: e, signer: signed.signer, signedValue: bytes! };
  }
  precheck?.(topic, inbound);
  verifySigned(kind, signed, keys, now);
  return inbound;
}

/**
 * A signed payload has one encoding: every reader (the broker, partners on other releases or other
 * protobuf libraries) sees the same fields in the bytes that are forwarded.
 */
function canonical(reencoded: Uint8Array, payload: Uint8Array): void {
  if (!Buffer.from(reencoded).equals(Buffer.from(payload))) throw new ContractViolation('UNDECODABLE', 'a signed payload must be encoded canonically (each field once, in field-number order, no default values)');
}
