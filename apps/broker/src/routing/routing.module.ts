import { Module } from '@nestjs/common';
import { CaseIndexModule } from '../case-index/case-index.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { TrackingRoutesModule } from '../tracking-routes/tracking-routes.module';
import { CaseRoutingMessageController } from './case-routing.message.controller';
import { RouteCaseMessageHandler } from './route-case-message.handler';
import { RouteTrackingBatchHandler } from './route-tracking-batch.handler';
import { TrackingRoutingMessageController } from './tracking-routing.message.controller';

@Module({
  imports: [CaseIndexModule, TrackingRoutesModule, DeadlinesModule],
  controllers: [CaseRoutingMessageController, TrackingRoutingMessageController],
  providers: [RouteCaseMessageHandler, RouteTrackingBatchHandler],
})
export class RoutingModule {}
