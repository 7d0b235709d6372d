import { EntityManager } from 'typeorm';
import { Envelope, encodeEnvelope, Headers } from '@postbridge/contracts';
import { childTraceparent, TraceContext } from '../trace-context';

export interface OutboxEntry {
  topic: string;
  key: string;
  envelope: Envelope;
}

/**
 * Writes messages to the outbox inside the caller's transaction, so a state change and the
 * message announcing it commit or roll back together. The relay publishes them afterwards.
 */
export class OutboxWriter {
  async enqueue(manager: EntityManager, ...entries: OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const params: unknown[] = [];
    const values = entries.map((e, i) => {
      const headers = {
        [Headers.traceparent]: childTraceparent(TraceContext.current()),
        [Headers.messageId]: e.envelope.messageId,
        [Headers.messageType]: e.envelope.type,
        [Headers.schemaVersion]: String(e.envelope.schemaVersion),
        [Headers.sender]: e.envelope.senderOperator,
      };
      params.push(e.envelope.messageId, e.topic, e.key, encodeEnvelope(e.envelope), JSON.stringify(headers));
      const b = i * 5;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}::jsonb)`;
    });
    await manager.query(
      `INSERT INTO outbox_messages (message_id, topic, message_key, payload, headers) VALUES ${values.join(', ')}`,
      params,
    );
  }
}
