import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { errorMessage, UnitOfWork } from '@postbridge/messaging';
import { BrokerConfig } from '../../config/broker.config';
import { DeadlineMetrics } from '../shared/deadline.metrics';
import { DeadlineRepository } from '../shared/deadline.repository.port';
import { DeadlineService } from '../shared/deadline.service';

/** Longest wait between retries after failed runs (database down). */
const MAX_BACKOFF_MS = 30_000;

/**
 * Watches every deadline of the network: every DEADLINE_SCAN_INTERVAL_MS it takes up to
 * DEADLINE_SCAN_BATCH rows whose next check is due and sends their reminders, overdue notices and
 * escalations, each in one transaction with the outbox. A full batch is followed at once by the
 * next. Several brokers can run it: rows are taken with SKIP LOCKED.
 */
@Injectable()
export class DeadlineWatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeadlineWatcher.name);
  private readonly intervalMs: number;
  private readonly batch: number;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private inFlight: Promise<void> | null = null;
  private failures = 0;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly deadlines: DeadlineService,
    repo: DeadlineRepository,
    private readonly metrics: DeadlineMetrics,
    config: BrokerConfig,
  ) {
    this.intervalMs = config.DEADLINE_SCAN_INTERVAL_MS;
    this.batch = config.DEADLINE_SCAN_BATCH;
    metrics.lag = async () => {
      const now = deadlines.now();
      const oldest = await repo.oldestDueCheck(now);
      return oldest === null ? 0 : Math.max(0, now - oldest);
    };
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.schedule(this.intervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  /** One batch: sends what is due now (by the injected clock). Returns the milestones sent. Throws when the transaction fails. */
  async tick(): Promise<number> {
    const { fired } = await this.runBatch();
    return fired;
  }

  private async runBatch(): Promise<{ rows: number; fired: number }> {
    return this.uow.run((scope) => this.deadlines.fireDue(scope, this.batch));
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.loop();
    }, ms);
  }

  private async loop(): Promise<void> {
    let next = this.intervalMs;
    try {
      const { rows } = await this.runBatch();
      this.failures = 0;
      // More may be due: do not wait a whole interval behind a backlog.
      if (rows >= this.batch) next = 0;
    } catch (e) {
      this.failures++;
      this.metrics.tickFailures.inc();
      next = Math.min(MAX_BACKOFF_MS, this.intervalMs * 2 ** Math.min(this.failures, 10));
      if (this.failures === 1 || this.failures % 20 === 0) this.logger.warn(`deadline watcher: ${errorMessage(e)} (failure ${this.failures}, retrying in ${next} ms)`);
    }
    this.inFlight = null;
    this.schedule(next);
  }
}
