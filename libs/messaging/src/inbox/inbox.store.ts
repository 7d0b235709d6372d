import { EntityManager } from 'typeorm';

/** Deduplicates by message id inside the transaction that applies the message's effect. */
export class InboxStore {
  /** Returns false when this consumer has already applied the message. */
  async claim(manager: EntityManager, consumer: string, messageId: string, source: { topic: string; partition: number; offset: string }): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO inbox_messages (consumer, message_id, topic, kafka_partition, kafka_offset)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING message_id`,
      [consumer, messageId, source.topic, source.partition, source.offset],
    );
    return rows.length === 1;
  }
}
