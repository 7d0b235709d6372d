import { DynamicModule, Injectable, Module, ModuleMetadata, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { DeadLetterPublisher } from './dead-letter/dead-letter.publisher';
import { InboxStore } from './inbox/inbox.store';
import { KafkaProducerService } from './kafka/kafka-producer.service';
import { MessagingMetrics } from './messaging.metrics';
import { KAFKA_CLIENT, MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { OutboxRelay } from './outbox/outbox.relay';
import { OutboxWriter } from './outbox/outbox.writer';
import { KafkaEnvelopeTransport } from './transport/kafka-envelope.transport';
import { UnitOfWork } from './unit-of-work';

// kafkajs logs go through Nest's logger (pino in the apps), not straight to the console.
const kafkaLogger = new Logger('kafkajs');
function kafkaLogCreator() {
  return ({ namespace, level, log }: LogEntry) => {
    const { message, ...extra } = log;
    const line = `[${namespace}] ${message}${Object.keys(extra).length ? ` ${JSON.stringify({ ...extra, timestamp: undefined, logger: undefined })}` : ''}`;
    // kafkajs logs every error answer of a request at ERROR, also those it retries by itself (a
    // coordinator still loading, a leader that moved). What is final reaches our own code, which
    // logs it with a code (KAFKA_*): these are warnings.
    if (level <= logLevel.ERROR && namespace !== 'Connection') kafkaLogger.error(line);
    else if (level <= logLevel.ERROR) kafkaLogger.warn(line);
    else if (level === logLevel.WARN) kafkaLogger.warn(line);
    else if (level === logLevel.INFO) kafkaLogger.log(line);
    else kafkaLogger.debug(line);
  };
}

export interface MessagingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: any[];
  useFactory: (...args: any[]) => MessagingOptions | Promise<MessagingOptions>;
}

/** Owns the process's Kafka clients: starts the relay at boot, stops consumer, relay and producer at shutdown. */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly producer: KafkaProducerService,
    private readonly transport: KafkaEnvelopeTransport,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
    await this.relay.stop();
    await this.producer.disconnect();
  }
}

@Module({})
export class MessagingModule {
  static forRootAsync(opts: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: opts.imports ?? [],
      providers: [
        { provide: MESSAGING_OPTIONS, inject: opts.inject ?? [], useFactory: opts.useFactory },
        {
          provide: KAFKA_CLIENT,
          inject: [MESSAGING_OPTIONS],
          useFactory: (o: MessagingOptions) =>
            new Kafka({
              clientId: o.clientId,
              brokers: o.brokers,
              ssl: o.ssl,
              sasl: o.sasl,
              logLevel: logLevel[o.kafkaLogLevel ?? 'WARN'],
              logCreator: kafkaLogCreator,
              connectionTimeout: 3_000,
              requestTimeout: 15_000,
              retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5_000 },
            }),
        },
        { provide: MessagingMetrics, inject: [MESSAGING_OPTIONS], useFactory: (o: MessagingOptions) => new MessagingMetrics(o.metricsRegistry ?? new Registry()) },
        { provide: KafkaProducerService, inject: [KAFKA_CLIENT], useFactory: (k: Kafka) => new KafkaProducerService(k) },
        { provide: InboxStore, useFactory: () => new InboxStore() },
        { provide: OutboxWriter, inject: [MESSAGING_OPTIONS], useFactory: (o: MessagingOptions) => new OutboxWriter(o.signer, o.sealer) },
        {
          provide: OutboxRelay,
          inject: [DataSource, KafkaProducerService, MessagingMetrics, MESSAGING_OPTIONS],
          useFactory: (ds: DataSource, p: KafkaProducerService, m: MessagingMetrics, o: MessagingOptions) =>
            new OutboxRelay(ds, p, m, { batchSize: o.outboxBatchSize ?? 100, pollIntervalMs: o.outboxPollIntervalMs ?? 250, retentionDays: o.outboxRetentionDays ?? 7, inboxRetentionDays: o.inboxRetentionDays ?? 30, prune: o.pruneInRelay ?? true }),
        },
        {
          provide: DeadLetterPublisher,
          inject: [KafkaProducerService, MESSAGING_OPTIONS, MessagingMetrics],
          useFactory: (p: KafkaProducerService, o: MessagingOptions, m: MessagingMetrics) => new DeadLetterPublisher(p, o.deadLetterTopic, o.consumerName, m),
        },
        {
          provide: KafkaEnvelopeTransport,
          inject: [KAFKA_CLIENT, MESSAGING_OPTIONS, DataSource, InboxStore, OutboxWriter, OutboxRelay, DeadLetterPublisher, MessagingMetrics],
          useFactory: (...args: ConstructorParameters<typeof KafkaEnvelopeTransport>) => new KafkaEnvelopeTransport(...args),
        },
        UnitOfWork,
        MessagingLifecycle,
      ],
      exports: [MESSAGING_OPTIONS, KAFKA_CLIENT, KafkaProducerService, OutboxWriter, OutboxRelay, InboxStore, DeadLetterPublisher, KafkaEnvelopeTransport, MessagingMetrics, UnitOfWork],
    };
  }
}
