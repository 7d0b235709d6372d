import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the retention jobs did, per job: rows by action, run time, last success, failures (docs/operations.md, Retention). */
export class RetentionMetrics {
  readonly rows: Counter<'job' | 'action'>;
  readonly runSeconds: Histogram<'job'>;
  readonly lastSuccess: Gauge<'job'>;
  readonly failures: Counter<'job'>;

  constructor(registry: Registry) {
    this.rows = new Counter({ name: 'postbridge_retention_rows_total', help: 'Rows the retention jobs deleted or anonymised, by job and action', labelNames: ['job', 'action'], registers: [registry] });
    // From milliseconds (an idle run) to minutes (a first run over a year of data).
    this.runSeconds = new Histogram({ name: 'postbridge_retention_run_seconds', help: 'Duration of retention job runs that finished without error (a run skipped because another replica held the job is not one)', labelNames: ['job'], buckets: [0.01, 0.05, 0.25, 1, 5, 30, 120, 600], registers: [registry] });
    this.lastSuccess = new Gauge({ name: 'postbridge_retention_last_success_timestamp_seconds', help: 'Unix time (the job clock) of the last run of the job that finished without error, at this process', labelNames: ['job'], registers: [registry] });
    this.failures = new Counter({ name: 'postbridge_retention_failures_total', help: 'Retention job runs that failed (retried at the next interval)', labelNames: ['job'], registers: [registry] });
  }

  /** Series at 0 from the start, so a dashboard shows every job before its first deletion. */
  declare(job: string, actions: readonly string[]): void {
    for (const action of actions) this.rows.inc({ job, action }, 0);
    this.failures.inc({ job }, 0);
  }
}
