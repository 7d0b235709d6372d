import { EntityManager } from 'typeorm';
import { Envelope, EnvelopeSealer, encodeEnvelope, encodeTrackingBatch, Headers, MessageSigner, sealPayload, TRACKING_BATCH_PATTERN, TrackingBatch } from '@postbridge/contracts';
import { childTraceparent, TraceContext } from '../trace-context';

/**
 * `headers` are added to the standard ones (e.g. a reason on a refusal or dead-letter copy).
 * `forward` is a message as another party signed it (the broker passing a case message on): it is
 * sent byte for byte, so its recipient verifies the origin's signature. Everything else is signed
 * here with this process's key.
 */
export type OutboxEntry = { topic: string; key: string; headers?: Record<string, string> } & (
  | { envelope: Envelope; batch?: never; forward?: Uint8Array }
  | { batch: TrackingBatch; envelope?: never; forward?: never }
);

/**
 * Writes messages to the outbox inside the caller's transaction, so a state change and the
 * message announcing it commit or roll back together. The relay publishes them afterwards.
 */
export class OutboxWriter {
  /** `sealer`: a node's, which encrypts customer data and free text for the recipient before signing. */
  constructor(
    private readonly signer: MessageSigner,
    private readonly sealer?: Pick<EnvelopeSealer, 'seal'>,
  ) {}

  private async sealed(e: OutboxEntry): Promise<OutboxEntry> {
    if (!e.envelope || e.forward || !this.sealer) return e;
    return { ...e, envelope: await this.sealer.seal(e.envelope) };
  }

  private describe(e: OutboxEntry): { id: string; type: string; version: number; sender: string; bytes: Buffer } {
    if (e.envelope) {
      const bytes = e.forward ? Buffer.from(e.forward) : sealPayload('Envelope', encodeEnvelope(e.envelope), this.signer);
      return { id: e.envelope.messageId, type: e.envelope.type, version: e.envelope.schemaVersion, sender: e.envelope.senderOperator, bytes };
    }
    const b = e.batch!;
    return { id: b.batchId, type: TRACKING_BATCH_PATTERN, version: b.schemaVersion, sender: b.senderOperator, bytes: sealPayload('TrackingBatch', encodeTrackingBatch(b), this.signer) };
  }

  async enqueue(manager: EntityManager, ...entries: OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const params: unknown[] = [];
    const ready = this.sealer ? await Promise.all(entries.map((e) => this.sealed(e))) : entries;
    const values = ready.map((e, i) => {
      const m = this.describe(e);
      const headers = {
        [Headers.traceparent]: childTraceparent(TraceContext.current()),
        [Headers.messageId]: m.id,
        [Headers.messageType]: m.type,
        [Headers.schemaVersion]: String(m.version),
        [Headers.sender]: m.sender,
        ...e.headers,
      };
      params.push(m.id, e.topic, e.key, m.bytes, JSON.stringify(headers));
      const b = i * 5;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}::jsonb)`;
    });
    await manager.query(
      `INSERT INTO outbox_messages (message_id, topic, message_key, payload, headers) VALUES ${values.join(', ')}`,
      params,
    );
  }
}
