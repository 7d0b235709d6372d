import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaConfig, logLevel, SASLOptions } from 'kafkajs';
import {
  BROKER_AUDIENCE,
  clientCredentialsToken,
  CLI_CLIENT,
  clientSecret,
  decodeJwtPayload,
  DEFAULT_SECRET_SEED,
  EmbeddedPostgres,
  ensureTopics,
  HUB_REALM,
  hubRealm,
  kafkaClientEnv,
  KafkaCluster,
  KafkaPrincipals,
  KeycloakAdmin,
  KeycloakServer,
  nodeAudience,
  operatorRealm,
  operatorRealmName,
  passwordToken,
  provisionOperators,
  RealmRepresentation,
  startEmbeddedPostgres,
  startKafkaCluster,
  startKeycloak,
} from '@postbridge/dev-infra';

const CODES = ['CH', 'US'];
// Tokens fetched once must outlive a whole bench run (the realms' default is 300 s).
const longLived = (r: RealmRepresentation): RealmRepresentation => ({ ...r, accessTokenLifespan: 3600 });

/**
 * Benchmarks run on what a fresh machine has: embedded PostgreSQL and Apache Kafka (tools/kafka/pom.xml)
 * as a JVM, secured as in production (SCRAM, ACLs), unless DATABASE_URL / KAFKA_BROKERS name others
 * (KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD: an admin user there); and a Keycloak (tools/keycloak)
 * in the run's temporary folder with a realm per node (CH, US) and the hub realm, as the apps
 * verify every HTTP request's bearer token.
 */
export async function benchInfra() {
  let pg: EmbeddedPostgres | null = null;
  let cluster: KafkaCluster | undefined;
  let keycloak: KeycloakServer | undefined;
  const serverUrl = process.env.DATABASE_URL;
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-'));
  chmodSync(dir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
  const stop = async () => {
    await keycloak?.stop();
    await cluster?.stop();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (!serverUrl) pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg') });
    // The two JVMs start side by side: each mostly waits on its own start-up.
    [cluster, keycloak] = await Promise.all([
      process.env.KAFKA_BROKERS ? undefined : startKafkaCluster({ dataDir: join(dir, 'kafka'), users: KafkaPrincipals.forOperators(CODES) }),
      startKeycloak({ dataDir: join(dir, 'keycloak') }),
    ]);
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
  const kc = keycloak;
  const admin = new KeycloakAdmin(kc.url, kc.adminUser, kc.adminPassword);
  try {
    await Promise.all([
      // No seed users: bench users are made on first use with the roles they need.
      ...CODES.map((code) => admin.importRealm(longLived(operatorRealm({ code, nodeUrls: ['http://127.0.0.1'], users: [] })))),
      admin.importRealm(longLived(hubRealm({ operatorCodes: CODES }))),
    ]);
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
  const realmOf = (code: string) => (code === 'hub' ? HUB_REALM : operatorRealmName(code));
  const tokens = new Map<string, Promise<{ value: string; until: number }>>();
  const users = new Map<string, Promise<unknown>>();
  /** One token per realm and caller, fetched again only shortly before it expires. */
  const cachedToken = async (key: string, fetchToken: () => Promise<string>): Promise<string> => {
    const hit = tokens.get(key);
    if (hit) {
      const t = await hit;
      if (Date.now() < t.until) return t.value;
    }
    const p = fetchToken().then((value) => ({ value, until: Number(decodeJwtPayload(value).exp) * 1000 - 60_000 }));
    tokens.set(key, p);
    p.catch(() => tokens.delete(key));
    return (await p).value;
  };
  /** A password-grant token of `user` (password = user name), made with exactly `roles` on first use. */
  const userToken = (code: string, user: string, roles: string[]): Promise<string> => {
    const realm = realmOf(code);
    return cachedToken(`${realm}|${user}|${[...roles].sort().join(',')}`, async () => {
      const key = `${realm}|${user}|${roles.join(',')}`;
      if (!users.has(key)) users.set(key, admin.ensureUser(realm, { username: user, roles }));
      await users.get(key);
      return (await passwordToken(kc.url, realm, CLI_CLIENT, user, user)).access_token;
    });
  };
  const serviceToken = (code: string, client: string): Promise<string> => {
    const realm = realmOf(code);
    return cachedToken(`${realm}|client:${client}`, async () => (await clientCredentialsToken(kc.url, realm, client, clientSecret(DEFAULT_SECRET_SEED, realm, client))).access_token);
  };
  const brokers = cluster ? cluster.brokers : process.env.KAFKA_BROKERS!.split(',');
  const envAdmin = process.env.KAFKA_SASL_USERNAME ? { mechanism: 'scram-sha-512', username: process.env.KAFKA_SASL_USERNAME, password: process.env.KAFKA_SASL_PASSWORD ?? '' } : undefined;
  /** Credentials of a principal (default admin); elsewhere than our cluster, the env's admin stands in. */
  const sasl = (user?: string): SASLOptions | undefined => (cluster ? cluster.sasl(user ?? 'admin') : (envAdmin as SASLOptions | undefined));
  const { Client } = await import('pg');
  return {
    pgUrl: async (db: string) => {
      if (pg) return pg.createDatabase(db);
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${db}"`);
      await c.end();
      const u = new URL(serverUrl!);
      u.pathname = `/${db}`;
      return u.toString();
    },
    kafka: brokers,
    label: cluster ? `Apache Kafka ${cluster.version} (1 node, SASL/SCRAM)` : 'KAFKA_BROKERS',
    sasl,
    kafkaConfig: (clientId: string, user?: string): KafkaConfig => ({ clientId, brokers, sasl: sasl(user), logLevel: logLevel.NOTHING }),
    /** The env an app needs to connect as `user`. */
    kafkaEnv: (user: string): Record<string, string> => kafkaClientEnv(brokers, sasl(user)),
    /** Plain topics, as admin. */
    createTopics: (names: string[], partitions = 3) => ensureTopics({ brokers, sasl: sasl() }, names.map((topic) => ({ topic, numPartitions: partitions }))),
    /** Topics and ACLs of the bench network under `prefix`, as deploy/kafka/*.sh make them. */
    provision: (prefix: string) => provisionOperators({ brokers, sasl: sasl() }, { topicPrefix: prefix, codes: CODES, partitions: 3 }),
    keycloakUrl: kc.url,
    /**
     * OIDC settings of node `code`, or of the broker for 'hub'; with `publicUrl` (where browsers
     * reach the node) also the console's sign-in, through the realm's confidential client `console`.
     */
    oidcEnv: (code: string, publicUrl?: string): Record<string, string> => ({
      OIDC_ISSUER: `${kc.url}/realms/${realmOf(code)}`,
      OIDC_AUDIENCE: code === 'hub' ? BROKER_AUDIENCE : nodeAudience(code),
      ...(publicUrl ? { OIDC_CLIENT_ID: 'console', OIDC_CLIENT_SECRET: clientSecret(DEFAULT_SECRET_SEED, realmOf(code), 'console'), PUBLIC_URL: publicUrl } : {}),
    }),
    /** Makes sure `user` (password = user name) exists at node `code` with `roles`, as a browser sign-in needs. */
    ensureUser: async (code: string, user: string, roles: string[]): Promise<void> => {
      const key = `${realmOf(code)}|${user}|${roles.join(',')}`;
      if (!users.has(key)) users.set(key, admin.ensureUser(realmOf(code), { username: user, roles }));
      await users.get(key);
    },
    /** A user's access token at node `code` (or 'hub'); roles are added to the user, never taken away. */
    token: userToken,
    /** The node's tracking-system client (client credentials): POST /tracking/events only. */
    trackingToken: (code: string) => serviceToken(code, 'tracking-system'),
    /** hub-ops with hub-operations at the broker. */
    hubToken: () => userToken('hub', 'hub-ops', ['hub-operations']),
    stop,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** µs per call of `f`: the fastest of 7 runs of `n` after a warm-up (the least disturbed, on a shared machine). */
export function microseconds(n: number, f: (i: number) => unknown): number {
  for (let i = 0; i < 300; i++) f(i);
  let best = Infinity;
  for (let r = 0; r < 7; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f(i);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e3 / n);
  }
  return best;
}

/** microseconds() of an async `f`, one call awaited after the other. */
export async function microsecondsAsync(n: number, f: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 300; i++) await f(i);
  let best = Infinity;
  for (let r = 0; r < 7; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await f(i);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e3 / n);
  }
  return best;
}
