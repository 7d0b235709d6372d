import { TopicNames } from '@postbridge/contracts';
import type { MessagingOptions, SenderCheckFailure } from '@postbridge/messaging';

type Verifier = NonNullable<MessagingOptions['verifySender']>;

/**
 * Trust check of every message this node consumes. Identity comes from the topic: the broker alone
 * writes `case.in`/`tracking.in` (addressed to this node); the post's own systems alone write
 * `tracking.feed`, as this operator and addressed to nobody (the node decides where events go).
 */
export function nodeSenderVerifier(topics: TopicNames, me: string): Verifier {
  const routed = new Set([topics.caseIn(me), topics.trackingIn(me)]);
  const feed = topics.trackingFeed(me);
  return (topic, message): SenderCheckFailure | null => {
    if (routed.has(topic)) {
      return message.recipientOperator === me ? null : { code: 'MISDIRECTED', message: `addressed to ${message.recipientOperator || '(nobody)'}, read by ${me} on ${topic}` };
    }
    if (topic === feed) {
      if (message.senderOperator !== me) return { code: 'SPOOFED_SENDER', message: `${topic} carries ${me}'s own tracking, not ${message.senderOperator}'s` };
      if (message.recipientOperator !== '') return { code: 'MISDIRECTED', message: `feed batches are addressed to nobody, got ${message.recipientOperator}` };
      return null;
    }
    return { code: 'UNEXPECTED_TOPIC', message: `${topic} is not one of ${me}'s inbound topics` };
  };
}
