import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AddressInfo } from 'node:net';
import { createHybridApp } from '@postbridge/platform';
import { BrokerConfig, loadBrokerConfig } from './config/broker.config';
import { APP_VERSION, BrokerModule } from './broker.module';
import { loadOperatorRegistry } from './registry/network-file.loader';

export interface RunningBroker {
  app: NestFastifyApplication;
  config: BrokerConfig;
  /** Base URL of the HTTP API, with the port actually bound (HTTP_PORT=0 picks a free one). */
  url: string;
}

/**
 * Starts a broker: validates env (throws ConfigValidationError) and the network file (throws
 * NetworkFileError) before anything connects, migrates the database, then serves HTTP and Kafka.
 * `envOverrides` win over process.env, so tests can start brokers in-process.
 */
export async function bootstrapBroker(envOverrides: Record<string, string> = {}): Promise<RunningBroker> {
  const config = loadBrokerConfig({ ...process.env, ...envOverrides });
  const registry = loadOperatorRegistry(config.NETWORK_FILE);
  const app = await createHybridApp(BrokerModule.forConfig(config, registry), {
    title: 'PostBridge broker',
    description: 'Central hub of the PostBridge network: operator registry and the index of routed cases, for operations and partners.',
    version: APP_VERSION,
    bufferLogs: true,
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
  return { app, config, url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}` };
}
