import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EncryptionKeyDirectory, TopicNames } from '@postbridge/contracts';
import { DomainError } from '@postbridge/domain';
import { MessagingModule, MessagingOptions } from '@postbridge/messaging';
import { AuthModule, BROKER_ROLE_PERMISSIONS, Clock, MessageTrust, databaseSsl, HealthModule, oidcSettings, kafkaSecurity, LoggingModule, MetricsModule, MetricsRegistry, ReaderInterceptor, ReaderSource, SystemClock } from '@postbridge/platform';
import { CaseIndexModule } from './case-index/case-index.module';
import { BrokerConfig } from './config/broker.config';
import { buildBrokerDataSourceOptions } from './database/broker-data-source';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { BrokerReaderSource } from './i18n/reader';
import { OperatorRegistry } from './registry/operator-registry';
import { RegistryModule } from './registry/registry.module';
import { RetentionModule } from './retention/retention.module';
import { RoutingModule } from './routing/routing.module';
import type { DestinationStream } from 'pino';
import { createSenderVerifier } from './routing/verify-sender';

export const APP_VERSION = process.env.npm_package_version ?? '0.1.0';

/** What a caller (a test) may choose besides the environment and the deadline clock. */
export interface BrokerModuleOptions {
  /** Where the JSON log lines go instead of stdout. */
  logDestination?: DestinationStream;
  /** Time of the retention jobs; default the system clock (never the deadline clock: rows carry real time). */
  retentionClock?: Clock;
}

export function brokerMessagingOptions(config: BrokerConfig, registry: OperatorRegistry, topics: TopicNames, metrics: MetricsRegistry, trust: MessageTrust): MessagingOptions {
  return {
    clientId: 'postbridge-broker',
    brokers: config.KAFKA_BROKERS,
    ...kafkaSecurity(config),
    groupId: `${config.TOPIC_PREFIX}.broker`,
    consumerName: 'broker',
    // Inactive operators too: their cases in progress must still be routed (and their items tracked).
    subscribeTopics: registry.all().flatMap((o) => [topics.caseOut(o.code), topics.trackingOut(o.code)]),
    // Cases and bulk tracking in separate consumer groups: a tracking backlog never delays a case.
    lanes: [
      { name: 'case', topics: registry.all().map((o) => topics.caseOut(o.code)) },
      { name: 'tracking', topics: registry.all().map((o) => topics.trackingOut(o.code)) },
    ],
    // Fair sharing: each post writes its own topics, so a flooding post's partitions are worked on
    // beside the others' (3 per lane, within the default pool of 10), 25 messages at a time
    // (measured with the flood e2e: 100 at a time routed ~14% more but let CH's case wait ~5x longer).
    partitionsConsumedConcurrently: 3,
    maxMessagesPerBatch: 25,
    deadLetterTopic: topics.brokerDlq(),
    maxWaitTimeInMs: config.KAFKA_MAX_WAIT_MS,
    metricsRegistry: metrics,
    isPermanentError: (e) => e instanceof DomainError,
    verifySender: createSenderVerifier(topics, registry),
    signer: trust.signer,
    keys: trust.keys,
    // The retention jobs prune the outbox and inbox (apps/broker/src/retention).
    pruneInRelay: false,
  };
}

/**
 * Root module of one broker. Config and registry are loaded before Nest starts (they shape the
 * consumer); the clock is chosen by the caller (tests travel in time with a ManualClock).
 */
@Module({})
export class BrokerModule {
  static forConfig(config: BrokerConfig, registry: OperatorRegistry, clock: Clock, trust: MessageTrust, opts: BrokerModuleOptions = {}): DynamicModule {
    const topics = new TopicNames(config.TOPIC_PREFIX);
    return {
      module: BrokerModule,
      global: true,
      imports: [
        LoggingModule.forRoot({ level: config.LOG_LEVEL, role: 'broker', operatorCode: null, pretty: config.LOG_PRETTY, destination: opts.logDestination }),
        MetricsModule,
        TypeOrmModule.forRoot({ ...buildBrokerDataSourceOptions(config.DATABASE_URL, { size: config.DATABASE_POOL_SIZE, timeoutMs: config.DATABASE_POOL_TIMEOUT_MS }, databaseSsl(config)), retryAttempts: 5, retryDelay: 1000 }),
        MessagingModule.forRootAsync({
          inject: [MetricsRegistry],
          useFactory: (metrics: MetricsRegistry) => brokerMessagingOptions(config, registry, topics, metrics, trust),
        }),
        AuthModule.forRoot({ oidc: oidcSettings(config, { operatorClaim: config.OIDC_OPERATOR_CLAIM }), roles: BROKER_ROLE_PERMISSIONS, callerLimitPerMinute: config.RATE_LIMIT_PER_MINUTE }),
        HealthModule.forRoot({ role: 'broker', operatorCode: null, version: APP_VERSION }),
        RegistryModule.forRoot(registry),
        CaseIndexModule,
        DeadlinesModule,
        RoutingModule,
        RetentionModule.forClock(opts.retentionClock ?? new SystemClock()),
      ],
      // Global so feature modules get them without re-importing the root.
      providers: [
        { provide: BrokerConfig, useValue: config },
        { provide: TopicNames, useValue: topics },
        { provide: Clock, useValue: clock },
        { provide: EncryptionKeyDirectory, useValue: trust.encryptionKeys },
        // Renders routes marked @RendersForReader() for their reader (Accept-Language, ?tz=).
        { provide: ReaderSource, useClass: BrokerReaderSource },
        { provide: APP_INTERCEPTOR, useClass: ReaderInterceptor },
      ],
      exports: [BrokerConfig, TopicNames, Clock, EncryptionKeyDirectory],
    };
  }
}
