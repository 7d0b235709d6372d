/**
 * globalSetup of the integration and e2e projects: starts the infra once per
 * jest run, builds template databases, and hands everything to test workers
 * through PB_TEST_* env vars (workers are forked after this runs).
 */
import './postbridge-paths';
import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { DevKafkaBroker } from '../../libs/dev-infra/src/kafka-dev-broker';
import { startTestInfra } from '../../libs/dev-infra/src/infra-selection';
import { createTemplateDatabase } from './database';
import { getHarnessState, harnessLog, HARNESS_ENV, setHarnessState } from './global-state';
import { templates } from './templates';

/** Loopback endpoint so test workers can drive the dev broker child owned by this process. */
function startControlServer(devKafka: DevKafkaBroker): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405).end('POST one command line');
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      devKafka.command(body.trim()).then(
        (ok) => res.writeHead(200, { 'content-type': 'text/plain' }).end(ok),
        (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message),
      );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      // Must not keep jest alive if teardown never runs.
      server.unref();
      resolve(server);
    });
  });
}

export default async function globalSetup(): Promise<void> {
  const existing = getHarnessState();
  if (existing) {
    existing.refs += 1;
    return;
  }
  const t0 = Date.now();
  const infra = await startTestInfra({ log: harnessLog });
  const runId = randomBytes(3).toString('hex');
  let control: Server | undefined;
  const built: string[] = [];
  try {
    for (const k of HARNESS_ENV) delete process.env[k];
    process.env.PB_TEST_INFRA_KIND = infra.kind;
    process.env.PB_TEST_DATABASE_SERVER_URL = infra.databaseServerUrl;
    process.env.PB_TEST_KAFKA_BROKERS = infra.kafkaBrokers.join(',');
    process.env.PB_TEST_RUN_ID = runId;
    if (infra.devKafka) {
      control = await startControlServer(infra.devKafka);
      process.env.PB_TEST_KAFKA_CONTROL_URL = `http://127.0.0.1:${(control.address() as AddressInfo).port}/command`;
    }
    for (const t of templates) {
      const t1 = Date.now();
      await createTemplateDatabase(t.name, (url) => t.migrate(url), infra.databaseServerUrl);
      built.push(t.name);
      harnessLog(`template pbtpl_${t.name} migrated in ${Date.now() - t1} ms`);
    }
  } catch (err) {
    // jest skips globalTeardown when globalSetup throws: do not leave servers behind.
    control?.close();
    for (const k of HARNESS_ENV) delete process.env[k];
    await infra.stop().catch(() => undefined);
    throw err;
  }
  setHarnessState({ infra, control, runId, templates: built, refs: 1 });
  harnessLog(`${infra.kind} infra + ${built.length} template(s) ready in ${Date.now() - t0} ms`);
}
