import { BROKER_SENDER_CODE, TopicNames } from '@postbridge/contracts';
import type { MessagingOptions, SenderCheckFailure } from '@postbridge/messaging';

type Verifier = NonNullable<MessagingOptions['verifySender']>;

/**
 * Trust check of every message this node consumes. Identity comes from the topic: the broker alone
 * writes `case.in`/`tracking.in` (addressed to this node); the post's own systems alone write
 * `tracking.feed`, as this operator and addressed to nobody (the node decides where events go).
 * Signatures (verified by the transport) must be the right party's: a case message the origin's,
 * end to end, so a compromised hub cannot forge a partner; what the broker says itself (refusals,
 * deadlines) and the tracking it regroups per recipient, the broker's.
 */
export function nodeSenderVerifier(topics: TopicNames, me: string): Verifier {
  const routed = new Set([topics.caseIn(me), topics.trackingIn(me)]);
  const feed = topics.trackingFeed(me);
  const tracking = topics.trackingIn(me);
  return (topic, message): SenderCheckFailure | null => {
    if (routed.has(topic)) {
      if (message.recipientOperator !== me) return { code: 'MISDIRECTED', message: `addressed to ${message.recipientOperator || '(nobody)'}, read by ${me} on ${topic}` };
      // The hub regroups partners' scans and signs them itself: they are never this post's own, nor the hub's.
      if (topic === tracking && (message.senderOperator === me || message.senderOperator === BROKER_SENDER_CODE)) {
        return { code: 'SPOOFED_SENDER', message: `tracking.in carries partners' scans, not ${message.senderOperator}'s` };
      }
      return signerProblem(topic, message, tracking);
    }
    if (topic === feed) {
      if (message.senderOperator !== me) return { code: 'SPOOFED_SENDER', message: `${topic} carries ${me}'s own tracking, not ${message.senderOperator}'s` };
      if (message.recipientOperator !== '') return { code: 'MISDIRECTED', message: `feed batches are addressed to nobody, got ${message.recipientOperator}` };
      return null;
    }
    return { code: 'UNEXPECTED_TOPIC', message: `${topic} is not one of ${me}'s inbound topics` };
  };
}

/** What only the broker says, and an operator never. */
const HUB_TYPES = new Set(['case.refused', 'case.deadline']);

function signerProblem(topic: string, m: { senderOperator: string; signer: string | null; pattern: string }, trackingIn: string): SenderCheckFailure | null {
  if (topic !== trackingIn && HUB_TYPES.has(m.pattern) !== (m.senderOperator === BROKER_SENDER_CODE)) {
    return { code: 'SPOOFED_SENDER', message: `${m.pattern} cannot come from ${m.senderOperator}` };
  }
  const expected = topic === trackingIn ? BROKER_SENDER_CODE : m.senderOperator;
  if (m.signer === expected) return null;
  return { code: 'BAD_SIGNATURE', message: `${m.pattern} from ${m.senderOperator} on ${topic} must be signed by ${expected}, was signed by ${m.signer ?? 'nobody'}` };
}
