import { Module } from '@nestjs/common';
import { MetricsRegistry } from '@postbridge/platform';
import { GetResponseTimeReportHttpController } from './get-response-time-report/get-response-time-report.http.controller';
import { ResponseTimeReportService } from './get-response-time-report/response-time-report.service';
import { ListDeadlinesHttpController } from './list-deadlines/list-deadlines.http.controller';
import { DeadlineMetrics } from './shared/deadline.metrics';
import { DeadlineRepository } from './shared/deadline.repository.port';
import { TypeOrmDeadlineRepository } from './shared/deadline.repository.typeorm';
import { DeadlineService } from './shared/deadline.service';
import { DeadlineWatcher } from './watch-deadlines/deadline.watcher';

/** Deadline clocks of cases: started and moved by routing (DeadlineService), watched by DeadlineWatcher, reported over REST. */
@Module({
  controllers: [ListDeadlinesHttpController, GetResponseTimeReportHttpController],
  providers: [
    { provide: DeadlineRepository, useClass: TypeOrmDeadlineRepository },
    { provide: DeadlineMetrics, inject: [MetricsRegistry], useFactory: (r: MetricsRegistry) => new DeadlineMetrics(r) },
    DeadlineService,
    DeadlineWatcher,
    ResponseTimeReportService,
  ],
  exports: [DeadlineService, DeadlineWatcher],
})
export class DeadlinesModule {}
