import type { TopicNames } from '@postbridge/contracts';
import type { SenderCheckFailure } from '@postbridge/messaging';
import type { OperatorRegistry } from '../registry/operator-registry';

/**
 * The sender is whoever may write the topic the message was read from: only operator X writes
 * `<p>.op.X.case.out` and `<p>.op.X.tracking.out`. The message's own claim and the key that signed
 * it (verified by the transport) must agree, or it is dead-lettered.
 */
export function createSenderVerifier(topics: TopicNames, registry: OperatorRegistry): (topic: string, message: { senderOperator: string; signer: string | null }) => SenderCheckFailure | null {
  return (topic, message) => {
    const parsed = topics.parse(topic);
    if (!parsed || parsed.direction !== 'out' || !registry.find(parsed.operator)) {
      return { code: 'UNEXPECTED_TOPIC', message: `the broker does not read messages from ${topic}` };
    }
    if (message.senderOperator !== parsed.operator) {
      return { code: 'SPOOFED_SENDER', message: `claims ${message.senderOperator} but was read from ${parsed.operator}'s topic ${topic}` };
    }
    // Whoever holds X's Kafka credentials still cannot speak for X without X's key.
    if (message.signer !== parsed.operator) {
      return { code: 'BAD_SIGNATURE', message: `signed by ${message.signer ?? 'nobody'}, but ${topic} carries ${parsed.operator}'s own messages` };
    }
    return null;
  };
}
