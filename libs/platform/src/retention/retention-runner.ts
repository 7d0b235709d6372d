import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../clock';
import { RetentionJob, RetentionRun } from './retention-job';
import { RetentionMetrics } from './retention.metrics';

export interface RetentionSchedule {
  /** Pause between the end of one pass over every job and the start of the next; 0: never on its own (tests call runOnce). */
  intervalMs: number;
  /** Rows per statement. */
  batchSize: number;
  /** Wait after start before the first pass (default: the interval, at most a minute), so a booting app is not slowed. */
  firstRunDelayMs?: number;
}

export type RetentionOutcome = 'ran' | 'skipped' | 'failed';

// First key of every retention advisory lock ('PBRT'); the second is hashtext(job name).
const LOCK_NAMESPACE = 0x50425254;

/**
 * Runs the app's retention jobs one after the other, every `intervalMs` (a timer, never a busy
 * loop). Each job runs on a connection of its own holding pg_try_advisory_lock(namespace, job): a
 * replica that finds the lock taken skips the job for this pass, so replicas never work on the
 * same job at once and each row is counted once.
 */
export class RetentionRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Retention');
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly metrics: RetentionMetrics,
    readonly jobs: readonly RetentionJob[],
    private readonly schedule: RetentionSchedule,
  ) {
    for (const job of jobs) metrics.declare(job.name, job.actions);
  }

  onApplicationBootstrap(): void {
    if (this.schedule.intervalMs > 0) this.plan(this.schedule.firstRunDelayMs ?? Math.min(this.schedule.intervalMs, 60_000));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current?.catch(() => undefined);
  }

  private plan(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runOnce().finally(() => {
        if (!this.stopping) this.plan(this.schedule.intervalMs);
      });
    }, delayMs);
    // A pending pass never keeps the process alive.
    this.timer.unref();
  }

  /** One pass over every job; what happened to each. Passes never overlap within a process. */
  async runOnce(): Promise<Record<string, RetentionOutcome>> {
    while (this.current) await this.current.catch(() => undefined);
    const pass = (async () => {
      const outcomes: Record<string, RetentionOutcome> = {};
      for (const job of this.jobs) {
        if (this.stopping) break;
        outcomes[job.name] = await this.runJob(job);
      }
      return outcomes;
    })();
    this.current = pass;
    try {
      return await pass;
    } finally {
      this.current = null;
    }
  }

  private async runJob(job: RetentionJob): Promise<RetentionOutcome> {
    const runner = this.dataSource.createQueryRunner();
    let locked = false;
    try {
      await runner.connect();
      const [row]: Array<{ locked: boolean }> = await runner.query(`SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked`, [LOCK_NAMESPACE, job.name]);
      locked = row.locked;
      if (!locked) return 'skipped';
      const counts = new Map<string, number>();
      const self = this;
      const run: RetentionRun = {
        now: this.clock.now(),
        batchSize: this.schedule.batchSize,
        runner,
        count(action, rows) {
          if (rows <= 0) return;
          self.metrics.rows.inc({ job: job.name, action }, rows);
          counts.set(action, (counts.get(action) ?? 0) + rows);
        },
        get stopping() {
          return self.stopping;
        },
      };
      const end = this.metrics.runSeconds.startTimer({ job: job.name });
      await job.run(run);
      end();
      this.metrics.lastSuccess.set({ job: job.name }, run.now.getTime() / 1000);
      if (counts.size > 0) this.logger.log(`retention ${job.name}: ${[...counts].map(([action, n]) => `${n} ${action}`).join(', ')}`);
      return 'ran';
    } catch (e) {
      this.metrics.failures.inc({ job: job.name });
      // The message only: a driver error object carries the statement's parameters.
      this.logger.warn(`retention ${job.name} failed, retried at the next pass: ${(e as Error)?.message ?? String(e)}`);
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      return 'failed';
    } finally {
      if (locked) await runner.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [LOCK_NAMESPACE, job.name]).catch(() => undefined);
      await runner.release().catch(() => undefined);
    }
  }
}
