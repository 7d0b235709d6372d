/**
 * The OpenAPI documents the operator node and the broker serve at /docs-json, built without
 * PostgreSQL or Kafka: each app's module graph is scanned in Nest's preview mode (no provider is
 * instantiated, so nothing connects) and handed to the same setupSwagger as at boot.
 *
 * `npm run build && node dist/scripts/openapi-documents.js DIR` writes node.json and broker.json
 * to DIR; scripts/openapi-documents.spec.ts lints them on every `npm test`.
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createFastifyAdapter, HttpAppOptions, ManualClock, setupSwagger, validateEnv } from '@postbridge/platform';
import { BROKER_SENDER_CODE } from '@postbridge/contracts';
import { DevSigningKeys } from '@postbridge/dev-infra';
import { APP_VERSION, BrokerModule } from '../apps/broker/src/broker.module';
import { loadBrokerConfig } from '../apps/broker/src/config/broker.config';
import { loadOperatorRegistry } from '../apps/broker/src/registry/network-file.loader';
import { OperatorNodeConfig } from '../apps/operator-node/src/config/operator-node.config';
import { OperatorNodeModule } from '../apps/operator-node/src/operator-node.module';

export interface OpenApiDocuments {
  node: OpenAPIObject;
  broker: OpenAPIObject;
}

// Never dialled: preview mode creates no connection; the values only have to pass validation.
const OFFLINE_ENV = { DATABASE_URL: 'postgres://openapi@127.0.0.1:1/openapi', KAFKA_BROKERS: '127.0.0.1:1', LOG_LEVEL: 'silent', OIDC_ISSUER: 'http://127.0.0.1:1/realms/openapi', OIDC_AUDIENCE: 'openapi', NETWORK_FILE: networkFile(), SIGNING_KEY_ID: 'dev-1' };

/** deploy/network.json, from scripts/ (ts) or dist/scripts/ (built). */
function networkFile(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'deploy', 'network.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`deploy/network.json not found above ${__dirname}`);
  }
}

async function documentOf(module: DynamicModule, opts: HttpAppOptions): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestFastifyApplication>(module, createFastifyAdapter(), { preview: true, abortOnError: false, logger: false });
  try {
    return setupSwagger(app, opts);
  } finally {
    await app.close();
  }
}

export async function buildOpenApiDocuments(): Promise<OpenApiDocuments> {
  // Nothing is sent: any keys do.
  const keys = DevSigningKeys.generate(['CH']);
  const trustOf = (code: string) => ({ signer: keys.signer(code), keys: keys.ring({ operators: [{ code: 'CH' }] }), encryptionKeys: keys.encryptionDirectory() });
  const nodeConfig = validateEnv(OperatorNodeConfig, { ...OFFLINE_ENV, OPERATOR_CODE: 'CH', OPERATOR_COUNTRY: 'CH' });
  const node = await documentOf(OperatorNodeModule.forConfig(nodeConfig, trustOf('CH')), {
    title: `PostBridge operator node ${nodeConfig.OPERATOR_CODE}`,
    description: 'REST API for call-centre agents and CRMs of one postal operator.',
    oidcIssuer: OFFLINE_ENV.OIDC_ISSUER,
  });
  const brokerConfig = loadBrokerConfig({ ...OFFLINE_ENV, NETWORK_FILE: networkFile() });
  const broker = await documentOf(BrokerModule.forConfig(brokerConfig, loadOperatorRegistry(brokerConfig.NETWORK_FILE), new ManualClock(new Date(0)), trustOf(BROKER_SENDER_CODE)), {
    title: 'PostBridge broker',
    description: 'Central hub of the PostBridge network.',
    oidcIssuer: OFFLINE_ENV.OIDC_ISSUER,
    version: APP_VERSION,
  });
  return { node, broker };
}

/** Writes node.json and broker.json to `dir` (built unless given); returns their paths. */
export async function writeOpenApiDocuments(dir: string, given?: OpenApiDocuments): Promise<{ node: string; broker: string }> {
  const docs = given ?? (await buildOpenApiDocuments());
  mkdirSync(dir, { recursive: true });
  const paths = { node: join(dir, 'node.json'), broker: join(dir, 'broker.json') };
  writeFileSync(paths.node, JSON.stringify(docs.node, null, 2));
  writeFileSync(paths.broker, JSON.stringify(docs.broker, null, 2));
  return paths;
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node dist/scripts/openapi-documents.js DIR');
    process.exit(2);
  }
  writeOpenApiDocuments(dir).then(
    (p) => console.log(`${p.node}\n${p.broker}`),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
