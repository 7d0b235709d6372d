/**
 * globalSetup of the integration and e2e projects: starts the infra once per
 * jest run, builds template databases, and hands everything to test workers
 * through PB_TEST_* env vars (workers are forked after this runs).
 */
import './postbridge-paths';
import { randomBytes } from 'node:crypto';
import { startTestInfra } from '../../libs/dev-infra/src/infra-selection';
import { startTestKeycloak } from './keycloak';
import { createTemplateDatabase } from './database';
import { getHarnessState, harnessLog, HARNESS_ENV, setHarnessState } from './global-state';
import { TEST_KAFKA_USERS } from './kafka';
import { templates } from './templates';

export default async function globalSetup(): Promise<void> {
  const existing = getHarnessState();
  if (existing) {
    existing.refs += 1;
    return;
  }
  const t0 = Date.now();
  // Keycloak starts beside PostgreSQL and Kafka (about 8 s from its seed database).
  const [started, kc] = await Promise.allSettled([startTestInfra({ log: harnessLog, kafkaUsers: TEST_KAFKA_USERS }), startTestKeycloak(harnessLog)]);
  if (started.status === 'rejected' || kc.status === 'rejected') {
    await Promise.all([started, kc].map((r) => (r.status === 'fulfilled' ? r.value.stop().catch(() => undefined) : undefined)));
    throw (started.status === 'rejected' ? started.reason : (kc as PromiseRejectedResult).reason) as Error;
  }
  const infra = started.value;
  const keycloak = kc.value;
  const runId = randomBytes(3).toString('hex');
  const built: string[] = [];
  try {
    for (const k of HARNESS_ENV) delete process.env[k];
    process.env.PB_TEST_INFRA_KIND = infra.kind;
    process.env.PB_TEST_DATABASE_SERVER_URL = infra.databaseServerUrl;
    process.env.PB_TEST_KAFKA_BROKERS = infra.kafkaBrokers.join(',');
    process.env.PB_TEST_RUN_ID = runId;
    process.env.PB_TEST_KAFKA_USERS = JSON.stringify(infra.kafkaUsers);
    process.env.PB_TEST_KAFKA_ADMIN = infra.kafkaAdmin;
    process.env.PB_TEST_KEYCLOAK_URL = keycloak.server.url;
    process.env.PB_TEST_KEYCLOAK_ADMIN = `${keycloak.server.adminUser}:${keycloak.server.adminPassword}`;
    for (const t of templates) {
      const t1 = Date.now();
      await createTemplateDatabase(t.name, (url) => t.migrate(url), infra.databaseServerUrl);
      built.push(t.name);
      harnessLog(`template pbtpl_${t.name} migrated in ${Date.now() - t1} ms`);
    }
  } catch (err) {
    // jest skips globalTeardown when globalSetup throws: do not leave servers behind.
    for (const k of HARNESS_ENV) delete process.env[k];
    await Promise.all([infra.stop().catch(() => undefined), keycloak.stop().catch(() => undefined)]);
    throw err;
  }
  setHarnessState({ infra, keycloak: { server: keycloak.server, root: keycloak.root }, runId, templates: built, refs: 1 });
  harnessLog(`${infra.kind} infra + ${built.length} template(s) ready in ${Date.now() - t0} ms`);
}
