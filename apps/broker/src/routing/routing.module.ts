import { Module } from '@nestjs/common';
import { CaseIndexModule } from '../case-index/case-index.module';
import { CaseRoutingMessageController } from './case-routing.message.controller';
import { RouteCaseMessageHandler } from './route-case-message.handler';

@Module({
  imports: [CaseIndexModule],
  controllers: [CaseRoutingMessageController],
  providers: [RouteCaseMessageHandler],
})
export class RoutingModule {}
