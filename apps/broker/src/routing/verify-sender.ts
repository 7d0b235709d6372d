import type { Envelope, TopicNames } from '@postbridge/contracts';
import type { SenderCheckFailure } from '@postbridge/messaging';
import type { OperatorRegistry } from '../registry/operator-registry';

/**
 * The sender is whoever may write the topic the message was read from: only operator X writes
 * `<p>.op.X.case.out`. The envelope's own claim must agree, or the message is dead-lettered.
 */
export function createSenderVerifier(topics: TopicNames, registry: OperatorRegistry): (topic: string, envelope: Envelope) => SenderCheckFailure | null {
  return (topic, envelope) => {
    const parsed = topics.parse(topic);
    if (!parsed || parsed.channel !== 'case' || parsed.direction !== 'out' || !registry.find(parsed.operator)) {
      return { code: 'UNEXPECTED_TOPIC', message: `the broker does not read case messages from ${topic}` };
    }
    if (envelope.senderOperator !== parsed.operator) {
      return { code: 'SPOOFED_SENDER', message: `claims ${envelope.senderOperator} but was read from ${parsed.operator}'s topic ${topic}` };
    }
    return null;
  };
}
