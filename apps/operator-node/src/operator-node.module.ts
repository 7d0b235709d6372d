import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EncryptionKeyDirectory, TopicNames } from '@postbridge/contracts';
import { DomainError } from '@postbridge/domain';
import { MessagingModule } from '@postbridge/messaging';
import { AuthModule, Clock, databaseSsl, HealthModule, MessageTrust, kafkaSecurity, NODE_ROLE_PERMISSIONS, oidcSettings, LoggingModule, MetricsModule, MetricsRegistry, ReaderInterceptor, ReaderSource, SystemClock } from '@postbridge/platform';
import type { DestinationStream } from 'pino';
import { GetAgentProfileHttpController } from './agents/get-agent-profile/get-agent-profile.http.controller';
import { PutAgentProfileHttpController } from './agents/put-agent-profile/put-agent-profile.http.controller';
import { AgentProfileRepository } from './agents/shared/agent-profile.repository.port';
import { TypeOrmAgentProfileRepository } from './agents/shared/agent-profile.repository.typeorm';
import { GetCatalogueHttpController } from './catalogue/get-catalogue/get-catalogue.http.controller';
import { GetConsoleMessagesHttpController } from './catalogue/get-console-messages/get-console-messages.http.controller';
import { CasePresenter } from './cases/shared/case.presenter';
import { ReaderResolver } from './i18n/reader.resolver';
import { DeleteTemplateHttpController } from './templates/delete-template/delete-template.http.controller';
import { GetTemplateHttpController } from './templates/get-template/get-template.http.controller';
import { ListTemplatesHttpController } from './templates/list-templates/list-templates.http.controller';
import { PutTemplateHttpController } from './templates/put-template/put-template.http.controller';
import { NodeTemplateRepository } from './templates/shared/node-template.repository.port';
import { TypeOrmNodeTemplateRepository } from './templates/shared/node-template.repository.typeorm';
import { TemplateLibrary } from './templates/shared/template-library';
import { TranslationModule } from './translation/translation.module';
import { AlertListener, AlertListenerOptions } from './alerts/shared/alert-listener';
import { AlertWriter } from './alerts/shared/alert-writer';
import { AlertRepository } from './alerts/shared/alert.repository.port';
import { TypeOrmAlertRepository } from './alerts/shared/alert.repository.typeorm';
import { ListAlertsHttpController } from './alerts/list-alerts/list-alerts.http.controller';
import { AlertStreamOptions, AlertStreams } from './alerts/stream-alerts/alert-streams';
import { StreamAlertsHttpController } from './alerts/stream-alerts/stream-alerts.http.controller';
import { AssignCaseHttpController } from './cases/assign-case/assign-case.http.controller';
import { AssignCaseService } from './cases/assign-case/assign-case.service';
import { ApplyCaseDeadlineHandler } from './cases/inbound/apply-case-deadline.handler';
import { ListQueueHttpController } from './cases/list-queue/list-queue.http.controller';
import { AddCaseMessageHttpController } from './cases/add-case-message/add-case-message.http.controller';
import { AddCaseMessageService } from './cases/add-case-message/add-case-message.service';
import { PreviewCaseMessageHttpController } from './cases/preview-case-message/preview-case-message.http.controller';
import { PreviewCaseMessageService } from './cases/preview-case-message/preview-case-message.service';
import { GetCaseHttpController } from './cases/get-case/get-case.http.controller';
import { GetCaseHistoryHttpController } from './cases/get-case-history/get-case-history.http.controller';
import { ApplyInboundCaseHandler } from './cases/inbound/apply-inbound-case.handler';
import { InboundCaseQuota } from './cases/inbound/inbound-case-quota';
import { CaseInboundMessageController } from './cases/inbound/case-inbound.message.controller';
import { ListCasesHttpController } from './cases/list-cases/list-cases.http.controller';
import { OpenCaseHttpController } from './cases/open-case/open-case.http.controller';
import { OpenCaseService } from './cases/open-case/open-case.service';
import { CaseAutoPopulation } from './cases/open-case/case-auto-population';
import { PreviewCaseHttpController } from './cases/preview-case/preview-case.http.controller';
import { PreviewCaseService } from './cases/preview-case/preview-case.service';
import { ResolveCaseHttpController } from './cases/resolve-case/resolve-case.http.controller';
import { ResolveCaseService } from './cases/resolve-case/resolve-case.service';
import { CaseRepository } from './cases/shared/case.repository.port';
import { TrackingEventRepository } from './tracking/shared/tracking-event.repository.port';
import { TypeOrmTrackingEventRepository } from './tracking/shared/tracking-event.repository.typeorm';
import { GetItemTimelineHttpController } from './tracking/get-item-timeline/get-item-timeline.http.controller';
import { ApplyPartnerTrackingHandler } from './tracking/inbound/apply-partner-tracking.handler';
import { TrackingBatchMessageController } from './tracking/inbound/tracking-batch.message.controller';
import { IngestTrackingEventsHttpController } from './tracking/ingest-tracking-events/ingest-tracking-events.http.controller';
import { IngestTrackingEventsService } from './tracking/ingest-tracking-events/ingest-tracking-events.service';
import { CaseTrackingUpdater } from './tracking/shared/case-tracking-updater';
import { TrackedCaseRepository } from './tracking/shared/tracked-case.repository.port';
import { TypeOrmTrackedCaseRepository } from './tracking/shared/tracked-case.repository.typeorm';
import { TrackingEventRecorder } from './tracking/shared/tracking-event-recorder';
import { TrackingMetrics } from './tracking/shared/tracking.metrics';
import { TypeOrmCaseRepository } from './cases/shared/case.repository.typeorm';
import { OperatorNodeConfig } from './config/operator-node.config';
import { buildOperatorNodeDataSourceOptions } from './database/operator-node-data-source';
import { NodeContext } from './node-context';
import { nodeSenderVerifier } from './node-sender-verifier';
import { OperatorProfileHttpController } from './operator-profile/operator-profile.http.controller';
import { ListAuditHttpController } from './audit/list-audit/list-audit.http.controller';
import { AuditInterceptor } from './audit/shared/audit.interceptor';
import { AuditLogRepository } from './audit/shared/audit-log.repository.port';
import { TypeOrmAuditLogRepository } from './audit/shared/audit-log.repository.typeorm';
import { ConsoleLoginHttpController } from './auth/console-login/console-login.http.controller';
import { ConsoleSessions } from './auth/shared/console-sessions';
import { SessionRepository } from './auth/shared/session.repository.port';
import { TypeOrmSessionRepository } from './auth/shared/session.repository.typeorm';
import { SessionSettings } from './auth/shared/session-settings';
import { ListAgentsHttpController } from './agents/list-agents/list-agents.http.controller';
import { TeamRepository } from './agents/list-agents/team.repository.port';
import { TypeOrmTeamRepository } from './agents/list-agents/team.repository.typeorm';
import { DeleteCasePresenceHttpController } from './presence/delete-case-presence/delete-case-presence.http.controller';
import { PutCasePresenceHttpController } from './presence/put-case-presence/put-case-presence.http.controller';
import { CasePresenceRepository } from './presence/shared/case-presence.repository.port';
import { TypeOrmCasePresenceRepository } from './presence/shared/case-presence.repository.typeorm';
import { PresenceListener, PresenceListenerOptions } from './presence/shared/presence-listener';
import { PresenceStreams } from './presence/stream-case-presence/presence-streams';
import { StreamCasePresenceHttpController } from './presence/stream-case-presence/stream-case-presence.http.controller';
import { nodeRetentionProviders } from './retention/node-retention.providers';
import { privacyControllers, privacyProviders } from './privacy/privacy.providers';

function sessionSettings(c: OperatorNodeConfig): SessionSettings {
  return new SessionSettings(c.OIDC_CLIENT_ID ?? null, c.OIDC_CLIENT_SECRET ?? null, c.PUBLIC_URL ?? null, c.SESSION_IDLE_MINUTES * 60_000, c.SESSION_ABSOLUTE_HOURS * 3600_000, c.SESSION_COOKIE_SECURE);
}

export const APP_VERSION = process.env.npm_package_version ?? '0.1.0';

/** What a caller (a test) may choose besides the environment. */
export interface OperatorNodeModuleOptions {
  /** Time of the retention jobs; default the system clock (tests move a ManualClock past a period). */
  retentionClock?: Clock;
  /** Where the JSON log lines go instead of stdout. */
  logDestination?: DestinationStream;
}

@Module({})
export class OperatorNodeModule {
  static forConfig(config: OperatorNodeConfig, trust: MessageTrust, opts: OperatorNodeModuleOptions = {}): DynamicModule {
    const topics = new TopicNames(config.TOPIC_PREFIX);
    const code = config.OPERATOR_CODE;
    const node = new NodeContext(code, config.OPERATOR_NAME ?? code, config.OPERATOR_COUNTRY, config.OPERATOR_TIME_ZONE, config.OPERATOR_LANGUAGES, topics);
    return {
      module: OperatorNodeModule,
      imports: [
        LoggingModule.forRoot({ level: config.LOG_LEVEL, role: 'operator-node', operatorCode: code, pretty: config.LOG_PRETTY, destination: opts.logDestination }),
        MetricsModule,
        TypeOrmModule.forRoot(buildOperatorNodeDataSourceOptions(config.DATABASE_URL, { size: config.DATABASE_POOL_SIZE, timeoutMs: config.DATABASE_POOL_TIMEOUT_MS }, databaseSsl(config))),
        MessagingModule.forRootAsync({
          inject: [MetricsRegistry],
          useFactory: (registry: MetricsRegistry) => ({
            clientId: `postbridge-node-${code}`,
            brokers: config.KAFKA_BROKERS,
            ...kafkaSecurity(config),
            groupId: `${config.TOPIC_PREFIX}.node.${code}`,
            consumerName: `node-${code}`,
            subscribeTopics: [topics.caseIn(code), topics.trackingIn(code), topics.trackingFeed(code)],
            // Cases and bulk tracking in separate consumer groups: a tracking backlog never delays a case.
            lanes: [
              { name: 'case', topics: [topics.caseIn(code)] },
              { name: 'tracking', topics: [topics.trackingIn(code), topics.trackingFeed(code)] },
            ],
            deadLetterTopic: topics.operatorDlq(code),
            maxWaitTimeInMs: config.KAFKA_MAX_WAIT_MS,
            metricsRegistry: registry,
            isPermanentError: (e) => e instanceof DomainError,
            verifySender: nodeSenderVerifier(topics, code),
            signer: trust.signer,
            keys: trust.keys,
            sealer: trust.sealing?.sealer,
            opener: trust.sealing?.opener,
            // The retention jobs prune the outbox and inbox (apps/operator-node/src/retention).
            pruneInRelay: false,
          }),
        }),
        AuthModule.forRoot({
          oidc: oidcSettings(config),
          roles: NODE_ROLE_PERMISSIONS,
          callerLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
          sessions: ConsoleSessions,
          providers: [
            { provide: SessionRepository, useClass: TypeOrmSessionRepository },
            { provide: SessionSettings, useValue: sessionSettings(config) },
          ],
        }),
        HealthModule.forRoot({ role: 'operator-node', operatorCode: code, version: APP_VERSION }),
        TranslationModule.register({ url: config.TRANSLATION_URL, apiKey: config.TRANSLATION_API_KEY, timeoutMs: config.TRANSLATION_TIMEOUT_MS }),
      ],
      controllers: [
        ConsoleLoginHttpController,
        ListAuditHttpController,
        OpenCaseHttpController,
        PreviewCaseHttpController,
        GetCaseHttpController,
        ListCasesHttpController,
        AddCaseMessageHttpController,
        PreviewCaseMessageHttpController,
        ResolveCaseHttpController,
        GetCaseHistoryHttpController,
        OperatorProfileHttpController,
        CaseInboundMessageController,
        IngestTrackingEventsHttpController,
        GetItemTimelineHttpController,
        TrackingBatchMessageController,
        ListQueueHttpController,
        AssignCaseHttpController,
        StreamAlertsHttpController,
        ListAlertsHttpController,
        GetAgentProfileHttpController,
        PutAgentProfileHttpController,
        GetConsoleMessagesHttpController,
        GetCatalogueHttpController,
        ListTemplatesHttpController,
        GetTemplateHttpController,
        PutTemplateHttpController,
        DeleteTemplateHttpController,
        PutCasePresenceHttpController,
        DeleteCasePresenceHttpController,
        StreamCasePresenceHttpController,
        ListAgentsHttpController,
        ...privacyControllers,
      ],
      providers: [
        { provide: NodeContext, useValue: node },
        { provide: EncryptionKeyDirectory, useValue: trust.encryptionKeys },
        { provide: CaseRepository, useClass: TypeOrmCaseRepository },
        { provide: TrackingEventRepository, useClass: TypeOrmTrackingEventRepository },
        { provide: TrackedCaseRepository, useClass: TypeOrmTrackedCaseRepository },
        { provide: TrackingMetrics, inject: [MetricsRegistry], useFactory: (registry: MetricsRegistry) => new TrackingMetrics(registry) },
        TrackingEventRecorder,
        CaseTrackingUpdater,
        IngestTrackingEventsService,
        ApplyPartnerTrackingHandler,
        OpenCaseService,
        CaseAutoPopulation,
        PreviewCaseService,
        AddCaseMessageService,
        PreviewCaseMessageService,
        ResolveCaseService,
        ApplyInboundCaseHandler,
        { provide: InboundCaseQuota, inject: [MetricsRegistry], useFactory: (registry: MetricsRegistry) => new InboundCaseQuota(config.INBOUND_CASES_PER_PARTNER_PER_HOUR, registry) },
        ApplyCaseDeadlineHandler,
        AssignCaseService,
        AlertWriter,
        { provide: AlertRepository, useClass: TypeOrmAlertRepository },
        { provide: AlertListenerOptions, useValue: new AlertListenerOptions(config.DATABASE_URL, `postbridge-alerts-${code}`, undefined, undefined, databaseSsl(config)) },
        AlertListener,
        { provide: AlertStreamOptions, useValue: new AlertStreamOptions(config.ALERT_STREAM_HEARTBEAT_MS, undefined, config.ALERT_STREAMS_PER_CALLER, config.ALERT_STREAMS_MAX) },
        AlertStreams,
        { provide: AgentProfileRepository, useClass: TypeOrmAgentProfileRepository },
        ReaderResolver,
        { provide: ReaderSource, useExisting: ReaderResolver },
        { provide: APP_INTERCEPTOR, useClass: ReaderInterceptor },
        { provide: AuditLogRepository, useClass: TypeOrmAuditLogRepository },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        CasePresenter,
        { provide: NodeTemplateRepository, useClass: TypeOrmNodeTemplateRepository },
        TemplateLibrary,
        { provide: CasePresenceRepository, useClass: TypeOrmCasePresenceRepository },
        { provide: PresenceListenerOptions, useValue: new PresenceListenerOptions(config.DATABASE_URL, `postbridge-presence-${code}`, databaseSsl(config)) },
        PresenceListener,
        PresenceStreams,
        { provide: TeamRepository, useClass: TypeOrmTeamRepository },
        ...nodeRetentionProviders(config, opts.retentionClock ?? new SystemClock()),
        ...privacyProviders,
      ],
    };
  }
}
