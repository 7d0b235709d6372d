/**
 * `npm run chaos`: the delivery guarantees under faults, as Kafka's own transactions system test
 * checks them. A network of CH, DE, US and JP (broker + four nodes as separate processes, each its
 * own Kafka principal) on a 3-node Apache Kafka cluster (RF 3, min.insync.replicas 2) and embedded
 * PostgreSQL takes a load of cases and tracking events while every app process is killed
 * (kill -9) and restarted, Kafka brokers are killed and restarted, and PostgreSQL restarts.
 * Then both ends are compared: every accepted case at its destination once, every accepted event
 * in both posts' timelines once, no effect applied twice, statuses converged.
 *
 *   node dist/scripts/chaos.js [--cases N] [--events-per-case N] [--app-kills N] [--broker-kills N] [--pg-restarts N] [--converge-minutes N] [--json]
 *
 * Defaults: 10,000 cases, 10 events each (100,000 events), 3 kills per app, 2 broker kills,
 * 1 PostgreSQL restart. Exit code 0 only when nothing is lost, duplicated or left diverged.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { s10CheckDigit } from '@postbridge/domain';
import { BROKER_SENDER_CODE } from '@postbridge/contracts';
import {
  applyProvisionScripts, BROKER_AUDIENCE, DevSigningKeys, clientCredentialsToken, clientSecret, DEFAULT_SECRET_SEED, EmbeddedPostgres, freePort, hubRealm, kafkaClientEnv, KafkaCluster, KafkaPrincipals, KeycloakAdmin,
  KeycloakServer, nodeAudience, operatorRealm, repoRoot, startEmbeddedPostgres, startKafkaCluster, startKeycloak,
} from '@postbridge/dev-infra';

interface Options {
  cases: number;
  eventsPerCase: number;
  appKills: number;
  brokerKills: number;
  pgRestarts: number;
  convergeMinutes: number;
  json: boolean;
}

interface Post {
  code: string;
  country: string;
  timeZone: string;
  office: string;
}

const POSTS: Post[] = [
  { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', office: 'CHZRHA' },
  { code: 'DE', country: 'DE', timeZone: 'Europe/Berlin', office: 'DEFRAA' },
  { code: 'US', country: 'US', timeZone: 'America/New_York', office: 'USJFKA' },
  { code: 'JP', country: 'JP', timeZone: 'Asia/Tokyo', office: 'JPTYOA' },
];
const ORIGIN_CODES = ['EMA', 'EMB', 'EMC'];
const DESTINATION_CODES = ['EMD', 'EMF', 'EMG', 'EMH'];

function parseArgs(argv: string[]): Options {
  const o: Options = { cases: 10_000, eventsPerCase: 10, appKills: 3, brokerKills: 2, pgRestarts: 1, convergeMinutes: 30, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const n = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${a} needs a whole number`);
      return v;
    };
    if (a === '--cases') o.cases = n();
    else if (a === '--events-per-case') o.eventsPerCase = n();
    else if (a === '--app-kills') o.appKills = n();
    else if (a === '--broker-kills') o.brokerKills = n();
    else if (a === '--pg-restarts') o.pgRestarts = n();
    else if (a === '--converge-minutes') o.convergeMinutes = n();
    else if (a === '--json') o.json = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (o.eventsPerCase < 4) throw new Error('--events-per-case must be at least 4 (origin and destination scans)');
  return o;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));


interface App {
  tag: string;
  main: string;
  env: Record<string, string>;
  port: number;
  child?: ChildProcess;
  exited?: Promise<void>;
  kills: number;
  tail: string[];
  /** Every process of this app still alive: a stop kills them all, whatever a fault left behind. */
  alive?: Set<ChildProcess>;
  /** The app's faults one after the other: a kill during the previous restart would orphan a process. */
  busy?: Promise<void>;
}

/** Set when the run ends (or is told to stop): nothing is started after it. */
let stopping = false;

function startApp(app: App): void {
  if (stopping) return;
  const child = spawn(process.execPath, [app.main], { env: { ...process.env, ...app.env, HTTP_PORT: String(app.port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (d: Buffer) => {
    app.tail.push(...d.toString().split('\n').filter(Boolean));
    app.tail.splice(0, Math.max(0, app.tail.length - 40));
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  app.child = child;
  (app.alive ??= new Set()).add(child);
  app.exited = new Promise((r) =>
    child.once('exit', () => {
      app.alive!.delete(child);
      r();
    }),
  );
}

/** Starts the app again until it stays up (a start during the database restart may exit). */
async function restart(app: App): Promise<void> {
  for (let attempt = 1; !stopping; attempt++) {
    startApp(app);
    const exited = app.exited!.then(() => 'exited' as const);
    const outcome = await Promise.race([waitHealthy(app).then(() => 'healthy' as const), exited]);
    if (outcome === 'healthy') return;
    if (attempt >= 10) throw new Error(`${app.tag} keeps exiting at start:\n${app.tail.join('\n')}`);
    await sleep(1_000);
  }
}

async function waitHealthy(app: App, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(`http://127.0.0.1:${app.port}/health`, { signal: AbortSignal.timeout(2000) });
      if (r.status === 200) return;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`${app.tag} not healthy within ${timeoutMs} ms:\n${app.tail.join('\n')}`);
}

/** Retries until a 2xx (or a final 4xx): an app may be dead, restarting or without its database. */
async function call(port: () => number, token: () => Promise<string>, method: string, path: string, body: unknown, headers: Record<string, string> = {}, deadlineMs = 300_000): Promise<{ status: number; body: any }> {
  const until = Date.now() + deadlineMs;
  let last = '';
  for (let attempt = 0; Date.now() < until; attempt++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port()}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}`, ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await r.text();
      if (r.status < 500) return { status: r.status, body: text ? JSON.parse(text) : null };
      last = `${r.status} ${text.slice(0, 200)}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(Math.min(100 * 2 ** Math.min(attempt, 5), 3000));
  }
  throw new Error(`${method} ${path}: no answer within ${deadlineMs} ms (${last})`);
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

export async function runChaos(o: Options, log: (line: string) => void): Promise<Record<string, unknown>> {
  const t0 = Date.now();
  const repo = repoRoot();
  const dir = mkdtempSync(join(tmpdir(), 'pb-chaos-'));
  chmodSync(dir, 0o755);
  let pg: EmbeddedPostgres | undefined;
  let kafka: KafkaCluster | undefined;
  let keycloak: KeycloakServer | undefined;
  let dropRealms: (() => Promise<void>) | undefined;
  const apps: App[] = [];
  onSignal = () => cleanup();
  try {
    const pgDir = join(dir, 'pg');
    const pgPort = await freePort();
    pg = await startEmbeddedPostgres({ dataDir: pgDir, persistent: true, port: pgPort });
    // The IdP is not a target of the faults: it starts beside Kafka and stays up. Under npm test the
    // run's Keycloak is reused (PB_TEST_KEYCLOAK_*), with realms of this run's own.
    const sharedUrl = process.env.PB_TEST_KEYCLOAK_URL;
    const sharedAdmin = process.env.PB_TEST_KEYCLOAK_ADMIN ?? '';
    const keycloakStart: Promise<{ url: string; adminUser: string; adminPassword: string }> =
      sharedUrl && sharedAdmin.includes(':')
        ? Promise.resolve({ url: sharedUrl, adminUser: sharedAdmin.slice(0, sharedAdmin.indexOf(':')), adminPassword: sharedAdmin.slice(sharedAdmin.indexOf(':') + 1) })
        : startKeycloak({ dataDir: join(dir, 'keycloak'), log: (l) => log(l) }).then((k) => (keycloak = k));
    kafka = await startKafkaCluster({
      dataDir: join(dir, 'kafka'),
      nodes: 3,
      users: KafkaPrincipals.forOperators(POSTS.map((p) => p.code)),
      log: (l) => log(l),
    });
    const kc = await keycloakStart;
    const admin = new KeycloakAdmin(kc.url, kc.adminUser, kc.adminPassword);
    const realmTag = `chaos${randomUUID().slice(0, 8)}`;
    const realmOf = (code: string) => `postbridge-${realmTag}-${code.toLowerCase()}`;
    const hubRealmName = `postbridge-${realmTag}-hub`;
    dropRealms = () => Promise.all([...POSTS.map((p) => realmOf(p.code)), hubRealmName].map((r) => admin.deleteRealm(r).catch(() => undefined))).then(() => undefined);
    await Promise.all([
      ...POSTS.map((p) => admin.importRealm(operatorRealm({ code: p.code, realm: realmOf(p.code), nodeUrls: ['http://127.0.0.1'], users: [] }))),
      admin.importRealm(hubRealm({ operatorCodes: POSTS.map((p) => p.code), realm: hubRealmName, users: [] })),
    ]);
    // Each post's CRM opens cases, its tracking system posts scans: client credentials, renewed before they expire.
    const tokens = new Map<string, { value: string; until: number }>();
    const tokenOf = (code: string, client: 'crm' | 'tracking-system') => async (): Promise<string> => {
      const key = `${code}/${client}`;
      const t = tokens.get(key);
      if (t && Date.now() < t.until) return t.value;
      const realm = realmOf(code);
      const r = await clientCredentialsToken(kc.url, realm, client, clientSecret(DEFAULT_SECRET_SEED, realm, client));
      tokens.set(key, { value: r.access_token, until: Date.now() + (r.expires_in - 60) * 1000 });
      return r.access_token;
    };
    const prefix = `chaos${Date.now() % 100000}`;
    const deployed = JSON.parse(readFileSync(join(repo, 'deploy', 'network.json'), 'utf8')) as { networks: Array<{ code: string }>; operators: Array<{ code: string; calendar: unknown; networks: string[] }> };
    const networkFile = join(dir, 'network.json');
    // Each app signs with a key of its own; the network file lists the public halves.
    const keys = DevSigningKeys.generate(POSTS.map((p) => p.code));
    writeFileSync(
      networkFile,
      JSON.stringify(keys.applyTo({
        network: 'chaos',
        topicPrefix: prefix,
        networks: deployed.networks,
        operators: POSTS.map((p) => {
          const d = deployed.operators.find((x) => x.code === p.code)!;
          // Every pair shares a network here, so every generated case is routable.
          return { code: p.code, name: p.code, country: p.country, timeZone: p.timeZone, languages: ['en'], active: true, networks: deployed.networks.map((n) => n.code), calendar: d.calendar };
        }),
      })),
    );
    await applyProvisionScripts({ brokers: kafka.brokers, sasl: kafka.sasl('admin') }, { networkFile, topicPrefix: prefix, partitions: 3, replicationFactor: 3, minInsyncReplicas: 2 });

    const dbs: Record<string, string> = {};
    for (const tag of ['broker', ...POSTS.map((p) => p.code)]) dbs[tag] = await pg.createDatabase(`chaos_${tag.toLowerCase()}`);
    const dist = join(repo, 'dist', 'apps');
    const common = (principal: string): Record<string, string> => ({
      HTTP_HOST: '127.0.0.1',
      ...kafkaClientEnv(kafka!.brokers, kafka!.sasl(principal)),
      TOPIC_PREFIX: prefix,
      KAFKA_MAX_WAIT_MS: '50',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_TIMEOUT_MS: '10000',
      // One CRM client per post sends the whole load.
      RATE_LIMIT_PER_MINUTE: '100000000',
    });
    apps.push({ tag: 'broker', main: join(dist, 'broker', 'src', 'main.js'), env: { ...common(KafkaPrincipals.broker), DATABASE_URL: dbs.broker, NETWORK_FILE: networkFile, ...keys.env(BROKER_SENDER_CODE), OIDC_ISSUER: `${kc.url}/realms/${hubRealmName}`, OIDC_AUDIENCE: BROKER_AUDIENCE }, port: await freePort(), kills: 0, tail: [] });
    for (const p of POSTS) {
      apps.push({
        tag: p.code,
        main: join(dist, 'operator-node', 'src', 'main.js'),
        env: { ...common(KafkaPrincipals.node(p.code)), DATABASE_URL: dbs[p.code], NETWORK_FILE: networkFile, ...keys.env(p.code), OPERATOR_CODE: p.code, OPERATOR_NAME: p.code, OPERATOR_COUNTRY: p.country, OPERATOR_TIME_ZONE: p.timeZone, OPERATOR_LANGUAGES: 'en', OIDC_ISSUER: `${kc.url}/realms/${realmOf(p.code)}`, OIDC_AUDIENCE: nodeAudience(p.code) },
        port: await freePort(),
        kills: 0,
        tail: [],
      });
    }
    for (const a of apps) if (!existsSync(a.main)) throw new Error(`${a.main} is missing: npm run build first`);
    for (const a of apps) startApp(a);
    await Promise.all(apps.map((a) => waitHealthy(a)));
    log(`chaos: network up in ${Date.now() - t0} ms (Apache Kafka ${kafka.version}, 3 nodes)`);
    const portOf = (tag: string) => () => apps.find((a) => a.tag === tag)!.port;

    // ---- the plan: cases between every pair, each with origin and destination scans ----------
    let serial = 10_000_000 + Math.floor(Math.random() * 80_000_000);
    const plan = Array.from({ length: o.cases }, (_, i) => {
      const origin = POSTS[i % POSTS.length];
      // Every ordered pair of posts in turn.
      const destination = POSTS[(i + 1 + (Math.floor(i / POSTS.length) % (POSTS.length - 1))) % POSTS.length];
      const s = String(serial++);
      return { origin, destination, itemId: `RR${s}${s10CheckDigit(s)}${origin.country}`, key: randomUUID(), id: '' };
    });
    const day = 24 * 3_600_000;
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const eventsOf = (c: (typeof plan)[number]) => {
      const base = Date.now() - 20 * day;
      const originEvents = ORIGIN_CODES.map((code, k) => ({ itemId: c.itemId, code, occurredAt: iso(base + k * 3_600_000), office: c.origin.office }));
      const destination = Array.from({ length: o.eventsPerCase - originEvents.length }, (_, k) => ({
        itemId: c.itemId,
        code: DESTINATION_CODES[Math.min(k, DESTINATION_CODES.length - 1)],
        occurredAt: iso(base + 5 * day + k * 3_600_000),
        office: c.destination.office,
      }));
      return { origin: originEvents, destination };
    };

    // ---- faults, spread over the load ---------------------------------------------------------
    const faultsDone: string[] = [];
    const faults: Array<{ at: number; what: string; run: (started: () => void) => Promise<void> }> = [];
    // The load is paced over this span and every fault falls inside it.
    const span = Math.max(30_000, o.cases * 12);
    for (const a of apps) {
      for (let k = 0; k < o.appKills; k++) {
        faults.push({
          at: ((k + 1) / (o.appKills + 1)) * span + apps.indexOf(a) * 700,
          what: `kill -9 ${a.tag}`,
          run: (started) => {
            const done = (a.busy ?? Promise.resolve()).then(async () => {
              started();
              a.child!.kill('SIGKILL');
              await a.exited;
              a.kills++;
              await sleep(500);
              await restart(a);
            });
            a.busy = done.catch(() => undefined);
            return done;
          },
        });
      }
    }
    for (let k = 0; k < o.brokerKills; k++) {
      const node = (k % 3) + 1;
      faults.push({
        at: ((k + 0.5) / o.brokerKills) * span,
        what: `kill -9 Kafka node ${node}`,
        run: async (started) => {
          started();
          await kafka!.kill(node);
          await sleep(3_000);
          await kafka!.startNode(node);
        },
      });
    }
    for (let k = 0; k < o.pgRestarts; k++) {
      faults.push({
        at: ((k + 0.6) / o.pgRestarts) * span,
        what: 'PostgreSQL restart',
        run: async (started) => {
          started();
          await pg!.stop();
          await sleep(1_000);
          pg = await startEmbeddedPostgres({ dataDir: pgDir, persistent: true, port: pgPort });
        },
      });
    }
    faults.sort((a, b) => a.at - b.at);
    let refused = 0;
    let loadFinished = false;
    let faultsDuringLoad = 0;
    const loadStart = Date.now();
    // Each fault at its own time (not one after another's recovery), so all land during the load.
    let faultError: Error | null = null;
    const faulting = Promise.all(
      faults.map(async (f) => {
        const wait = loadStart + f.at - Date.now();
        if (wait > 0) await sleep(wait);
        let t = Date.now();
        // Counted when the fault strikes: an app's kill waits for its previous restart.
        await f.run(() => {
          t = Date.now();
          if (!loadFinished) faultsDuringLoad++;
        });
        faultsDone.push(`${f.what} at ${((t - loadStart) / 1000).toFixed(1)} s`);
        log(`chaos: ${f.what} (${Date.now() - t} ms to recover)`);
      }),
    ).catch((e: Error) => {
      faultError = e;
    });

    // ---- load ------------------------------------------------------------------------------------
    const perSecond = o.cases / (span / 1000);
    await pool(plan, 16, async (c, i) => {
      // Paced so the faults land during the load, not after it.
      const due = loadStart + (i / perSecond) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
      const r = await call(portOf(c.origin.code), tokenOf(c.origin.code, 'crm'), 'POST', '/cases', { itemId: c.itemId, destinationOperator: c.destination.code, inquiryType: 'FULL_INVESTIGATION', reasons: ['NOT_ARRIVED'], customer: { name: 'Chaos Customer' }, description: { text: `case ${i}`, language: 'en' } }, { 'idempotency-key': c.key });
      if (r.status !== 201 && r.status !== 200) {
        refused++;
        if (refused <= 5) log(`chaos: case ${i} refused: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        return;
      }
      c.id = r.body.id;
      const ev = eventsOf(c);
      for (const [post, events] of [[c.origin, ev.origin], [c.destination, ev.destination]] as const) {
        const t = await call(portOf(post.code), tokenOf(post.code, 'tracking-system'), 'POST', '/tracking/events', { events });
        if (t.status !== 200 || t.body.accepted + (t.body.duplicates ?? 0) < events.length) throw new Error(`tracking at ${post.code}: ${t.status} ${JSON.stringify(t.body).slice(0, 300)}`);
      }
    });
    const loadMs = Date.now() - loadStart;
    loadFinished = true;
    await faulting;
    if (faultError) throw faultError;
    log(`chaos: load done in ${loadMs} ms; faults: ${faultsDone.length}`);

    // ---- converge and compare ----------------------------------------------------------------------
    const accepted = plan.filter((c) => c.id);
    const q = async <T>(tag: string, sql: string, params: unknown[] = []): Promise<T[]> => {
      const c = new Client({ connectionString: dbs[tag] });
      await c.connect();
      try {
        return (await c.query(sql, params)).rows as T[];
      } finally {
        await c.end();
      }
    };
    const check = async () => {
      let lost = 0;
      let notConverged = 0;
      let duplicateEffects = 0;
      let eventsMissing = 0;
      let eventsExtra = 0;
      for (const p of POSTS) {
        const outgoing = accepted.filter((c) => c.origin.code === p.code);
        const incoming = accepted.filter((c) => c.destination.code === p.code);
        const rows = await q<{ id: string; status: string; origin_operator: string }>(p.code, `SELECT id, status, origin_operator FROM cases`);
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (const c of incoming) {
          const r = byId.get(c.id);
          if (!r) lost++;
          else if (r.status !== 'OPEN') notConverged++;
        }
        for (const c of outgoing) if (byId.get(c.id)?.status !== 'OPEN') notConverged++;
        const dup = await q<{ n: string }>(
          p.code,
          `SELECT count(*) AS n FROM (SELECT case_id, action FROM case_history WHERE action IN ('OPENED', 'DELIVERED') GROUP BY case_id, action HAVING count(*) > 1
             UNION ALL SELECT case_id, type FROM node_alerts WHERE type = 'NEW_INQUIRY' GROUP BY case_id, type HAVING count(*) > 1) d`,
        );
        duplicateEffects += Number(dup[0].n);
        // Each post's timeline of each of its items holds both posts' scans, once each.
        const mine = accepted.filter((c) => c.origin.code === p.code || c.destination.code === p.code);
        const counts = await q<{ item_id: string; n: string }>(p.code, `SELECT item_id, count(*) AS n FROM tracking_events GROUP BY item_id`);
        const byItem = new Map(counts.map((r) => [r.item_id, Number(r.n)]));
        for (const c of mine) {
          const n = byItem.get(c.itemId) ?? 0;
          if (n < o.eventsPerCase) eventsMissing += o.eventsPerCase - n;
          if (n > o.eventsPerCase) eventsExtra += n - o.eventsPerCase;
        }
      }
      const indexed = await q<{ n: string }>('broker', `SELECT count(*) AS n FROM case_index`);
      return { lost, notConverged, duplicateEffects, eventsMissing, eventsExtra, brokerIndexed: Number(indexed[0].n) };
    };
    const convergeStart = Date.now();
    let result = await check();
    let lastReport = Date.now();
    while ((result.lost || result.notConverged || result.eventsMissing) && Date.now() - convergeStart < o.convergeMinutes * 60_000) {
      await sleep(2_000);
      result = await check();
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        log(`chaos: converging (${Math.round((Date.now() - convergeStart) / 1000)} s): ${JSON.stringify(result)}`);
      }
    }
    const report = {
      kafka: `Apache Kafka ${kafka.version}, 3 nodes, RF 3, min.insync.replicas 2`,
      casesAccepted: accepted.length,
      casesRefused: refused,
      eventsAccepted: accepted.length * o.eventsPerCase,
      appKills: Object.fromEntries(apps.map((a) => [a.tag, a.kills])),
      faults: faultsDone,
      faultsDuringLoad,
      loadSeconds: Math.round(loadMs / 1000),
      convergeSeconds: Math.round((Date.now() - convergeStart) / 1000),
      ...result,
      ok: result.lost === 0 && result.notConverged === 0 && result.duplicateEffects === 0 && result.eventsMissing === 0 && result.eventsExtra === 0 && refused === 0 && result.brokerIndexed === accepted.length,
    };
    return report;
  } finally {
    await cleanup();
  }

  async function cleanup(): Promise<void> {
    stopping = true;
    const all = apps.flatMap((a) => [...(a.alive ?? [])]);
    const gone = all.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(undefined) : c.once('exit', r))));
    for (const c of all) c.kill('SIGKILL');
    await Promise.all(gone);
    if (kafka) await Promise.all(kafka.nodeIds.map((n) => kafka!.kill(n)));
    keycloak?.kill();
    await dropRealms?.();
    await pg?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a SIGTERM or SIGINT must stop before the process exits: set by runChaos. */
let onSignal: (() => Promise<void>) | null = null;

if (require.main === module) {
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.once(sig, () => {
      process.stderr.write(`chaos: ${sig}, stopping everything\n`);
      void (onSignal?.() ?? Promise.resolve()).finally(() => process.exit(130));
    });
  }
  const o = parseArgs(process.argv.slice(2));
  const log = (l: string) => (o.json ? process.stderr : process.stdout).write(`${l}\n`);
  runChaos(o, log).then(
    (report) => {
      if (o.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else log(JSON.stringify(report, null, 2));
      process.exit(report.ok ? 0 : 1);
    },
    (e: Error) => {
      process.stderr.write(`chaos: ${e.stack ?? e.message}\n`);
      process.exit(2);
    },
  );
}
