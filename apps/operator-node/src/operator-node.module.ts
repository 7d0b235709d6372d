import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TopicNames } from '@postbridge/contracts';
import { DomainError } from '@postbridge/domain';
import { MessagingModule } from '@postbridge/messaging';
import { HealthModule, kafkaSecurity, LoggingModule, MetricsModule, MetricsRegistry } from '@postbridge/platform';
import { AddCaseMessageHttpController } from './cases/add-case-message/add-case-message.http.controller';
import { AddCaseMessageService } from './cases/add-case-message/add-case-message.service';
import { GetCaseHttpController } from './cases/get-case/get-case.http.controller';
import { GetCaseHistoryHttpController } from './cases/get-case-history/get-case-history.http.controller';
import { ApplyInboundCaseHandler } from './cases/inbound/apply-inbound-case.handler';
import { CaseInboundMessageController } from './cases/inbound/case-inbound.message.controller';
import { ListCasesHttpController } from './cases/list-cases/list-cases.http.controller';
import { OpenCaseHttpController } from './cases/open-case/open-case.http.controller';
import { OpenCaseService } from './cases/open-case/open-case.service';
import { CaseAutoPopulation } from './cases/open-case/case-auto-population';
import { ResolveCaseHttpController } from './cases/resolve-case/resolve-case.http.controller';
import { ResolveCaseService } from './cases/resolve-case/resolve-case.service';
import { CaseRepository } from './cases/shared/case.repository.port';
import { TrackingEventRepository } from './tracking/shared/tracking-event.repository.port';
import { TypeOrmTrackingEventRepository } from './tracking/shared/tracking-event.repository.typeorm';
import { TypeOrmCaseRepository } from './cases/shared/case.repository.typeorm';
import { OperatorNodeConfig } from './config/operator-node.config';
import { buildOperatorNodeDataSourceOptions } from './database/operator-node-data-source';
import { NodeContext } from './node-context';
import { OperatorProfileHttpController } from './operator-profile/operator-profile.http.controller';

export const APP_VERSION = process.env.npm_package_version ?? '0.1.0';

@Module({})
export class OperatorNodeModule {
  static forConfig(config: OperatorNodeConfig): DynamicModule {
    const topics = new TopicNames(config.TOPIC_PREFIX);
    const code = config.OPERATOR_CODE;
    const node = new NodeContext(code, config.OPERATOR_NAME ?? code, config.OPERATOR_COUNTRY, config.OPERATOR_TIME_ZONE, config.OPERATOR_LANGUAGES, topics);
    return {
      module: OperatorNodeModule,
      imports: [
        LoggingModule.forRoot({ level: config.LOG_LEVEL, role: 'operator-node', operatorCode: code, pretty: config.LOG_PRETTY }),
        MetricsModule,
        TypeOrmModule.forRoot(buildOperatorNodeDataSourceOptions(config.DATABASE_URL)),
        MessagingModule.forRootAsync({
          inject: [MetricsRegistry],
          useFactory: (registry: MetricsRegistry) => ({
            clientId: `postbridge-node-${code}`,
            brokers: config.KAFKA_BROKERS,
            ...kafkaSecurity(config),
            groupId: `${config.TOPIC_PREFIX}.node.${code}`,
            consumerName: `node-${code}`,
            subscribeTopics: [topics.caseIn(code)],
            deadLetterTopic: topics.operatorDlq(code),
            maxWaitTimeInMs: config.KAFKA_MAX_WAIT_MS,
            metricsRegistry: registry,
            isPermanentError: (e) => e instanceof DomainError,
            // Only the broker writes this node's inbound topic; anything else addressed elsewhere is misrouted.
            verifySender: (topic, envelope) =>
              topic !== topics.caseIn(code)
                ? { code: 'UNEXPECTED_TOPIC', message: `${topic} is not ${code}'s inbound topic` }
                : envelope.recipientOperator !== code
                  ? { code: 'MISDIRECTED', message: `addressed to ${envelope.recipientOperator}, read by ${code}` }
                  : null,
          }),
        }),
        HealthModule.forRoot({ role: 'operator-node', operatorCode: code, version: APP_VERSION }),
      ],
      controllers: [
        OpenCaseHttpController,
        GetCaseHttpController,
        ListCasesHttpController,
        AddCaseMessageHttpController,
        ResolveCaseHttpController,
        GetCaseHistoryHttpController,
        OperatorProfileHttpController,
        CaseInboundMessageController,
      ],
      providers: [
        { provide: NodeContext, useValue: node },
        { provide: CaseRepository, useClass: TypeOrmCaseRepository },
        { provide: TrackingEventRepository, useClass: TypeOrmTrackingEventRepository },
        OpenCaseService,
        CaseAutoPopulation,
        AddCaseMessageService,
        ResolveCaseService,
        ApplyInboundCaseHandler,
      ],
    };
  }
}
