import { Module } from '@nestjs/common';
import { MetricsRegistry } from '@postbridge/platform';
import { CaseIndexModule } from '../case-index/case-index.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { TrackingRoutesModule } from '../tracking-routes/tracking-routes.module';
import { CaseRoutingMessageController } from './case-routing.message.controller';
import { RouteCaseMessageHandler } from './route-case-message.handler';
import { RouteTrackingBatchHandler } from './route-tracking-batch.handler';
import { TrackingAuthorityMetrics } from './tracking-authority.metrics';
import { TrackingRoutingMessageController } from './tracking-routing.message.controller';

@Module({
  imports: [CaseIndexModule, TrackingRoutesModule, DeadlinesModule],
  controllers: [CaseRoutingMessageController, TrackingRoutingMessageController],
  providers: [
    RouteCaseMessageHandler,
    RouteTrackingBatchHandler,
    { provide: TrackingAuthorityMetrics, inject: [MetricsRegistry], useFactory: (r: MetricsRegistry) => new TrackingAuthorityMetrics(r) },
  ],
})
export class RoutingModule {}
