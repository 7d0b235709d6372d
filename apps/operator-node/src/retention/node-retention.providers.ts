import { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, MetricsRegistry, PruneInboxJob, PruneOutboxJob, RetentionJob, RetentionMetrics, RetentionRunner } from '@postbridge/platform';
import { OperatorNodeConfig } from '../config/operator-node.config';
import { CaseAnonymiser } from '../privacy/shared/case-anonymiser';
import { AnonymiseClosedCasesJob } from './anonymise-closed-cases.job';
import { ClearIdempotencyKeysJob } from './clear-idempotency-keys.job';
import { PruneAlertsJob } from './prune-alerts.job';
import { PruneCasePresenceJob } from './prune-case-presence.job';
import { PruneTrackingEventsJob } from './prune-tracking-events.job';
import { PruneTranslationsJob } from './prune-translations.job';

/** Every retention job of a node, in the order a pass runs them (docs/operations.md, "Retention"). */
export function nodeRetentionJobs(config: OperatorNodeConfig, anonymiser: CaseAnonymiser): RetentionJob[] {
  return [
    // First: anonymising also deletes the case's sent outbox rows and cached translations.
    new AnonymiseClosedCasesJob(config.RETENTION_RESOLVED_CASE_DAYS, anonymiser),
    new PruneTrackingEventsJob(config.RETENTION_TRACKING_EVENT_DAYS),
    new PruneAlertsJob(config.RETENTION_ALERT_DAYS),
    new PruneTranslationsJob(config.RETENTION_TRANSLATION_DAYS),
    new ClearIdempotencyKeysJob(),
    new PruneCasePresenceJob(),
    new PruneOutboxJob(config.RETENTION_OUTBOX_DAYS),
    new PruneInboxJob(config.RETENTION_INBOX_DAYS),
  ];
}

/** The node's retention runner and its metrics; `clock`: the jobs' time (tests move it past a period). */
export function nodeRetentionProviders(config: OperatorNodeConfig, clock: Clock): Provider[] {
  return [
    { provide: RetentionMetrics, inject: [MetricsRegistry], useFactory: (registry: MetricsRegistry) => new RetentionMetrics(registry) },
    {
      provide: RetentionRunner,
      // The privacy feature's anonymiser when the module provides one (it has no dependencies).
      inject: [getDataSourceToken(), RetentionMetrics, { token: CaseAnonymiser, optional: true }],
      useFactory: (ds: DataSource, metrics: RetentionMetrics, anonymiser: CaseAnonymiser | undefined) =>
        new RetentionRunner(ds, clock, metrics, nodeRetentionJobs(config, anonymiser ?? new CaseAnonymiser()), { intervalMs: config.RETENTION_INTERVAL_MINUTES * 60_000, batchSize: config.RETENTION_BATCH_SIZE }),
    },
  ];
}
