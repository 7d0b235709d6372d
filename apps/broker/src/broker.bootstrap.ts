import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { Clock, createHybridApp, loadMessageTrust, ScaledClock, SystemClock, insecureTransportWarnings, trustProxyOf } from '@postbridge/platform';
import { BROKER_SENDER_CODE } from './broker.constants';
import { BrokerConfig, loadBrokerConfig } from './config/broker.config';
import { APP_VERSION, BrokerModule } from './broker.module';
import { loadOperatorRegistry } from './registry/network-file.loader';

export interface RunningBroker {
  app: NestFastifyApplication;
  config: BrokerConfig;
  /** Base URL of the HTTP API, with the port actually bound (HTTP_PORT=0 picks a free one). */
  url: string;
  /** The time source of every deadline decision. */
  clock: Clock;
}

export interface BrokerBootstrapOptions {
  /** Default: the system clock, or a ScaledClock when CLOCK_RATE > 1 (demo). */
  clock?: Clock;
  /** Where the JSON log lines go instead of stdout. */
  logDestination?: DestinationStream;
  /** Time of the retention jobs; default the system clock, whatever `clock` and CLOCK_RATE say. */
  retentionClock?: Clock;
}

/** Real time, unless CLOCK_RATE asks for a faster clock from now on (a demo shows reminders within minutes). */
export function clockFor(config: BrokerConfig): Clock {
  return config.CLOCK_RATE > 1 ? new ScaledClock(config.CLOCK_RATE) : new SystemClock();
}

/**
 * Starts a broker: validates env (throws ConfigValidationError) and the network file (throws
 * NetworkFileError) before anything connects, migrates the database, then serves HTTP and Kafka.
 * `envOverrides` win over process.env, so tests can start brokers in-process (with their own clock).
 */
export async function bootstrapBroker(envOverrides: Record<string, string> = {}, opts: BrokerBootstrapOptions = {}): Promise<RunningBroker> {
  const config = loadBrokerConfig({ ...process.env, ...envOverrides });
  const registry = loadOperatorRegistry(config.NETWORK_FILE);
  const trust = loadMessageTrust(config, BROKER_SENDER_CODE);
  const clock = opts.clock ?? clockFor(config);
  const app = await createHybridApp(BrokerModule.forConfig(config, registry, clock, trust, { logDestination: opts.logDestination, retentionClock: opts.retentionClock }), {
    title: 'PostBridge broker',
    description: 'Central hub of the PostBridge network: operator registry, the index of routed cases, deadlines and response-time reports, for operations and partners.',
    version: APP_VERSION,
    bufferLogs: true,
    oidcIssuer: config.OIDC_ISSUER,
    docsClientId: config.OIDC_DOCS_CLIENT_ID,
    addressLimitPerMinute: config.RATE_LIMIT_PER_ADDRESS_PER_MINUTE,
    trustProxy: trustProxyOf(config),
    startupWarnings: insecureTransportWarnings(config),
  });
  try {
    await app.startAllMicroservices();
    await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  } catch (e) {
    await app.close().catch(() => undefined);
    throw e;
  }
  const address = app.getHttpServer().address() as AddressInfo;
  // 0.0.0.0 / :: are not addresses a client can call.
  const host = config.HTTP_HOST === '0.0.0.0' || config.HTTP_HOST === '::' ? '127.0.0.1' : config.HTTP_HOST;
  return { app, config, clock, url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}` };
}
