import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxRelay } from './outbox/outbox.relay';
import { OutboxEntry, OutboxWriter } from './outbox/outbox.writer';

export interface UnitOfWorkScope {
  manager: EntityManager;
  enqueue(...entries: OutboxEntry[]): Promise<void>;
}

/** One database transaction for a state change and the messages announcing it; wakes the relay after commit. */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  async run<T>(work: (scope: UnitOfWorkScope) => Promise<T>): Promise<T> {
    let enqueued = false;
    const result = await this.dataSource.transaction((manager) =>
      work({
        manager,
        enqueue: async (...entries) => {
          enqueued = enqueued || entries.length > 0;
          await this.outbox.enqueue(manager, ...entries);
        },
      }),
    );
    if (enqueued) this.relay.wake();
    return result;
  }
}
