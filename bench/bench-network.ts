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

export interface CaseDelivery {
  /** ms from opened at CH to accepted at US, of each timed case, sorted. */
  delivery: number[];
  /** CPU of this process (broker, CH, US and the HTTP client) from the first timed case until all settled. */
  cpuMs: number;
}

/**
 * Case delivery CH → broker → US at the real apps: one warm-up case, then `n` cases opened at CH at
 * `rate` per second, until everything they cause (accepted at US, the acceptance and deadlines back
 * at CH) settled. `begin` runs just before the first timed case, `end` once all settled (before the
 * figures are read from the databases): where a bench starts and stops its own meters.
 */
export async function timedCaseDelivery(net: Awaited<ReturnType<typeof startBenchNetwork>>, n: number, rate: number, hooks: { begin?: () => void; end?: () => void } = {}): Promise<CaseDelivery> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const agent = await net.agent('CH');
  const open = (i: number) =>
    fetch(`${net.ch.url}/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...agent },
      body: JSON.stringify({ itemId: 'RB123456785GB', destinationOperator: 'US', inquiryType: 'GENERIC', reasons: ['NOT_ARRIVED'], customer: { name: `Customer ${i}` }, description: { text: 'bench', language: 'en' } }),
    }).then((r) => (r.status === 201 ? (r.json() as Promise<{ id: string }>) : Promise.reject(new Error(`openCase ${r.status}`))));
  const countAt = async (db: typeof net.us.db, sql: string) => Number((await db.query(sql)).rows[0].n);
  const settled = async (count: number, ms: number) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if ((await countAt(net.ch.db, `SELECT count(*) AS n FROM cases WHERE accepted_at IS NOT NULL`)) >= count) return;
      await sleep(50);
    }
    throw new Error(`case delivery: fewer than ${count} cases accepted within ${ms} ms`);
  };
  const warmUp = (await open(-1)).id;
  await settled(1, 30_000);
  await sleep(1000);
  hooks.begin?.();
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    await open(i);
  }
  await settled(n + 1, 60_000);
  await sleep(1000); // deadlines and the like that trail the acceptance
  const used = process.cpuUsage(cpu);
  hooks.end?.();
  const opened = new Map<string, number>((await net.ch.db.query(`SELECT id, opened_at FROM cases`)).rows.map((r) => [r.id, r.opened_at.getTime()]));
  const applied = (await net.us.db.query(`SELECT id, accepted_at FROM cases`)).rows;
  const delivery = applied.filter((r) => r.id !== warmUp && opened.has(r.id)).map((r) => r.accepted_at.getTime() - opened.get(r.id)!).sort((a, b) => a - b);
  return { delivery, cpuMs: (used.user + used.system) / 1000 };
}
