import { BaseRpcContext } from '@nestjs/microservices';
import { IHeaders } from 'kafkajs';
import { EntityManager } from 'typeorm';
import { OutboxEntry, OutboxWriter } from '../outbox/outbox.writer';

type Args = [topic: string, partition: number, offset: string, headers: IHeaders, manager: EntityManager, outbox: OutboxWriter, signedValue: Uint8Array | null];

/**
 * What a message handler gets besides the envelope: where the message came from, and the
 * transaction in which the inbox claim was made. Everything the handler writes must use
 * `manager`, and everything it sends must go through `enqueue`, so that effect, dedupe record and
 * outgoing messages commit together.
 */
export class EnvelopeContext extends BaseRpcContext<Args> {
  get topic(): string { return this.args[0]; }
  get partition(): number { return this.args[1]; }
  get offset(): string { return this.args[2]; }
  get headers(): IHeaders { return this.args[3]; }
  get manager(): EntityManager { return this.args[4]; }
  /** The message as received and verified (its SignedMessage), to forward it unchanged; null on the unsigned feed. */
  get signedValue(): Uint8Array | null { return this.args[6]; }
  enqueue(...entries: OutboxEntry[]): Promise<void> {
    return this.args[5].enqueue(this.args[4], ...entries);
  }
}
