import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, MetricsRegistry, PruneInboxJob, PruneOutboxJob, RetentionJob, RetentionMetrics, RetentionRunner } from '@postbridge/platform';
import { BrokerConfig } from '../config/broker.config';
import { PrunePendingTrackingEventsJob } from './prune-pending-tracking-events.job';
import { PruneTrackingRoutesJob } from './prune-tracking-routes.job';

/**
 * Every retention job of the broker (docs/operations.md, "Retention"). The case index, deadlines
 * and response facts hold codes, ids and timings only (no customer data) and are kept for reports.
 */
export function brokerRetentionJobs(config: BrokerConfig): RetentionJob[] {
  return [
    new PrunePendingTrackingEventsJob(config.RETENTION_PENDING_TRACKING_EVENT_DAYS),
    new PruneTrackingRoutesJob(config.RETENTION_TRACKING_ROUTE_DAYS),
    new PruneOutboxJob(config.RETENTION_OUTBOX_DAYS),
    new PruneInboxJob(config.RETENTION_INBOX_DAYS),
  ];
}

/**
 * The broker's retention runner. `clock`: its own, not the deadline clock: rows are stamped with the
 * database's real time, so a demo's CLOCK_RATE or a test's deadline clock must not age them.
 */
@Module({})
export class RetentionModule {
  static forClock(clock: Clock): DynamicModule {
    return {
      module: RetentionModule,
      providers: [
        { provide: RetentionMetrics, inject: [MetricsRegistry], useFactory: (registry: MetricsRegistry) => new RetentionMetrics(registry) },
        {
          provide: RetentionRunner,
          inject: [getDataSourceToken(), RetentionMetrics, BrokerConfig],
          useFactory: (ds: DataSource, metrics: RetentionMetrics, config: BrokerConfig) =>
            new RetentionRunner(ds, clock, metrics, brokerRetentionJobs(config), { intervalMs: config.RETENTION_INTERVAL_MINUTES * 60_000, batchSize: config.RETENTION_BATCH_SIZE }),
        },
      ],
      exports: [RetentionRunner],
    };
  }
}
