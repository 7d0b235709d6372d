import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { findSinglePageApp, insecureTransportWarnings, loadMessageTrust, serveSinglePageApp, trustProxyOf, validateEnv } from '@postbridge/platform';
import { createHybridApp } from '@postbridge/platform';
import { OperatorNodeConfig } from './config/operator-node.config';
import { OperatorNodeModule, OperatorNodeModuleOptions } from './operator-node.module';

export interface RunningOperatorNode {
  app: NestFastifyApplication;
  config: OperatorNodeConfig;
  url: string;
}

/** Starts one operator node; tests call it in-process with overrides, main.ts with the environment. */
export async function bootstrapOperatorNode(overrides: Record<string, string> = {}, opts: OperatorNodeModuleOptions = {}): Promise<RunningOperatorNode> {
  const config = validateEnv(OperatorNodeConfig, { ...process.env, ...overrides });
  const trust = loadMessageTrust(config, config.OPERATOR_CODE, Date.now(), { sealing: true });
  const app = await createHybridApp(OperatorNodeModule.forConfig(config, trust, opts), {
    title: `PostBridge operator node ${config.OPERATOR_CODE}`,
    description:
      'REST API for call-centre agents and CRMs of one postal operator: open inquiries about international items, ' +
      'follow them, answer partner posts. Errors are JSON with a machine-readable `code`.',
    bufferLogs: true,
    oidcIssuer: config.OIDC_ISSUER,
    docsClientId: config.OIDC_DOCS_CLIENT_ID,
    addressLimitPerMinute: config.RATE_LIMIT_PER_ADDRESS_PER_MINUTE,
    trustProxy: trustProxyOf(config),
    startupWarnings: insecureTransportWarnings(config),
  });
  const consoleDir = findSinglePageApp('console', __dirname, config.CONSOLE_DIR);
  if (consoleDir) await serveSinglePageApp(app, consoleDir);
  // The API works without it; agents then have only the REST API and Swagger UI.
  else new Logger('OperatorNode').warn(`the agent console is not built (${config.CONSOLE_DIR ?? 'no dist/console above this file'}): / answers 404; npm run build builds it`);
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.HTTP_PORT;
  const host = config.HTTP_HOST === '0.0.0.0' ? '127.0.0.1' : config.HTTP_HOST;
  return { app, config, url: `http://${host}:${port}` };
}
