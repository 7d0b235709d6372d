import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BROKER_SENDER_CODE, TopicNames } from '@postbridge/contracts';
import type { Clock } from '@postbridge/platform';
import { bootstrapBroker } from '../apps/broker/src/broker.bootstrap';
import { migrateBrokerDatabase } from '../apps/broker/src/database/broker-data-source';
import { migrateOperatorNodeDatabase } from '../apps/operator-node/src/database/operator-node-data-source';
import { bootstrapOperatorNode, RunningOperatorNode } from '../apps/operator-node/src/operator-node.bootstrap';
import { DevSigningKeys, freePort, KafkaPrincipals } from '@postbridge/dev-infra';
import { benchInfra } from './bench-infra';

type Infra = Awaited<ReturnType<typeof benchInfra>>;

export const AGENT_ROLES = ['agent', 'supervisor'];

/**
 * The two-post network the benchmarks measure: broker + CH + US in this process, each with its own
 * database. `clock`: the broker's (deadlines). `console`: the nodes also sign agents in to the
 * console (OIDC_CLIENT_ID, PUBLIC_URL), each on a port chosen up front, as browsers need one.
 */
export async function startBenchNetwork(infra: Infra, name: string, opts: { clock?: Clock; console?: boolean } = {}) {
  const prefix = `${name}${Date.now() % 100000}`;
  const topics = new TopicNames(prefix);
  await infra.provision(prefix);
  const networkDir = mkdtempSync(join(tmpdir(), 'pb-bench-net-'));
  const networkFile = join(networkDir, 'network.json');
  // Agreements and calendars as a newcomer's network has them.
  const deployed = JSON.parse(readFileSync(join(__dirname, '../../deploy/network.json'), 'utf8'));
  const deployedOperator = (code: string) => deployed.operators.find((o: { code: string }) => o.code === code);
  // Every party's signing key, made for this run; the network file lists the public halves.
  const keys = DevSigningKeys.generate(['CH', 'US']);
  writeFileSync(networkFile, JSON.stringify(keys.applyTo({ network: 'bench', topicPrefix: prefix, networks: deployed.networks, operators: [
    { code: 'CH', name: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de'], active: true, networks: deployedOperator('CH').networks, calendar: deployedOperator('CH').calendar },
    { code: 'US', name: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en'], active: true, networks: deployedOperator('US').networks, calendar: deployedOperator('US').calendar },
  ] })));
  const dbs = { broker: await infra.pgUrl(`${name}_broker`), CH: await infra.pgUrl(`${name}_ch`), US: await infra.pgUrl(`${name}_us`) };
  await migrateBrokerDatabase(dbs.broker);
  await migrateOperatorNodeDatabase(dbs.CH);
  await migrateOperatorNodeDatabase(dbs.US);
  // The per-caller rate limit at its maximum (the env validation caps it at 1,000,000/min): a bench's load is one caller.
  const common = { HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', TOPIC_PREFIX: prefix, KAFKA_MAX_WAIT_MS: '20', LOG_LEVEL: 'error', PB_DEFAULT_METRICS: 'off', RATE_LIMIT_PER_MINUTE: '1000000' };
  const broker = await bootstrapBroker({ ...common, ...infra.kafkaEnv(KafkaPrincipals.broker), ...infra.oidcEnv('hub'), DATABASE_URL: dbs.broker, NETWORK_FILE: networkFile, ...keys.env(BROKER_SENDER_CODE) }, { clock: opts.clock });
  const node = async (code: 'CH' | 'US', timeZone: string) => {
    const port = opts.console ? await freePort() : undefined;
    const web = port ? { HTTP_PORT: String(port) } : {};
    const running = await bootstrapOperatorNode({ ...common, ...web, ...infra.kafkaEnv(KafkaPrincipals.node(code)), ...infra.oidcEnv(code, port ? `http://127.0.0.1:${port}` : undefined), OPERATOR_CODE: code, OPERATOR_COUNTRY: code, OPERATOR_TIME_ZONE: timeZone, DATABASE_URL: dbs[code], NETWORK_FILE: networkFile, ...keys.env(code) });
    const db = new Client({ connectionString: dbs[code] });
    await db.connect();
    return { ...running, db };
  };
  const ch = await node('CH', 'Europe/Zurich');
  const us = await node('US', 'America/New_York');
  return {
    prefix,
    topics,
    /** Every party's signing key: a bench that writes case or tracking .out/.in messages itself seals them with `keys.signer(code)`. */
    keys,
    broker,
    ch,
    us,
    /** Access token of `user` at node `code` ('CH', 'US') or 'hub', made with `roles` on first use. */
    token: (code: string, user: string, roles: string[]) => infra.token(code, user, roles),
    /** Authorization header of an agent + supervisor at node `code` (the case routes). */
    agent: async (code: string, user = 'bench') => ({ authorization: `Bearer ${await infra.token(code, user, AGENT_ROLES)}` }),
    trackingToken: (code: string) => infra.trackingToken(code),
    hubToken: () => infra.hubToken(),
    async stop() {
      for (const n of [ch, us] as Array<RunningOperatorNode & { db: Client }>) {
        await n.db.end();
        await n.app.close();
      }
      await broker.app.close();
      rmSync(networkDir, { recursive: true, force: true });
    },
  };
}
