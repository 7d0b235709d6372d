/**
 * `npm start` on a machine with nothing running: the BUILT launcher, with no DATABASE_URL or
 * KAFKA_BROKERS, brings up embedded PostgreSQL + Apache Kafka (SCRAM, ACLs) + Keycloak (a realm per
 * operator, the hub's) + broker + every operator node, opens a case at CH for US through the REST API
 * with real tokens and sees it arrive (`--smoke`).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { clientSecret, DEFAULT_SECRET_SEED, freePort } from '@postbridge/dev-infra';
import { ensureBuilt } from '../test/harness/built-dist';

const repo = join(__dirname, '..');
const launcher = join(repo, 'dist', 'scripts', 'local-network.js');

const canListen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '0.0.0.0', exclusive: true }, () => srv.close(() => resolve(true)));
  });

/** A port p below the ephemeral range with p and p + 1 free right now. */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = 20_000 + 2 * Math.floor(Math.random() * 6_000);
    if ((await canListen(port)) && (await canListen(port + 1))) return port;
  }
}
describe('local network launcher (npm start)', () => {
  let dataDir: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pb-local-network-'));
    // As root, embedded PostgreSQL runs as `postgres`, which must traverse into the data dir.
    chmodSync(dataDir, 0o711);
    ensureBuilt();
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('starts the whole network on embedded PostgreSQL + Apache Kafka + Keycloak, with topics and ACLs from deploy/kafka and a realm per operator, and routes a case with real tokens (--smoke)', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Nothing external: no server URLs, no harness infra, no colours in the captured output.
    // (The jar cache and the JVM settings stay: they are where this machine keeps Kafka.)
    for (const k of Object.keys(env)) if ((k.startsWith('PB_') && !['PB_CACHE_DIR', 'PB_KAFKA_APPCDS', 'PB_KEYCLOAK_APPCDS'].includes(k)) || ['DATABASE_URL', 'KAFKA_BROKERS', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'FORCE_COLOR'].includes(k)) delete env[k];
    const portBase = 3600 + Math.floor(Math.random() * 100);
    // The default PostgreSQL port (54329 + shift) lies in the ephemeral range, where the busy jest
    // run's own outbound connections can hold it for a moment: take one that is free right now.
    const pgPort = await freePort();
    // Keycloak takes its port and the next (management): two free below the ephemeral range.
    const keycloakPort = await freePortPair();
    Object.assign(env, { PB_PORT_BASE: String(portBase), PB_PG_PORT: String(pgPort), PB_KEYCLOAK_PORT: String(keycloakPort), PB_DATA_DIR: dataDir, NO_COLOR: '1' });

    const started = Date.now();
    let output = '';
    child = spawn(process.execPath, [launcher, '--smoke'], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
    const code = await new Promise<number | null>((resolve) => child!.once('close', (c) => resolve(c)));

    const smoke = /^SMOKE OK (\d+)$/m.exec(output);
    if (code !== 0 || !smoke) {
      throw new Error(`launcher exited with ${code} after ${Date.now() - started} ms (PB_PORT_BASE=${portBase}, PB_PG_PORT=${pgPort}, PB_KEYCLOAK_PORT=${keycloakPort}); last output:\n${output.split('\n').slice(-80).join('\n')}`);
    }
    expect(code).toBe(0);
    expect(output).toMatch(/is up \(/);
    expect(Number(smoke[1])).toBeLessThan(30_000);
    // Real Kafka, provisioned by the operator's scripts, each app its own principal.
    expect(output).toMatch(/Apache Kafka 4\.\d+\.\d+ on 127\.0\.0\.1:\d+ ready/);
    expect(output).toMatch(/creating topics, ACLs and quotas with deploy\/kafka\/create-topics\.sh, acls\.sh and quotas\.sh/);
    expect(output).toMatch(/done: ACLs for the broker and \d+ operators/);
    expect(output).toMatch(/done: quotas for \d+ principals/);
    // Persistent clusters under PB_DATA_DIR, kept after the stop.
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    const kafka = JSON.parse(readFileSync(join(dataDir, 'kafka', 'cluster.json'), 'utf8')) as { users: Record<string, string> };
    expect(Object.keys(kafka.users)).toEqual(expect.arrayContaining(['admin', 'postbridge-broker', 'postbridge-ch', 'postbridge-us', 'postbridge-ch-feed']));
    expect(existsSync(join(dataDir, 'kafka', 'provisioned.sha256'))).toBe(true);
    // Keycloak: realms imported once, the apps refuse callers without a token, the smoke's were real.
    expect(output).toMatch(/Keycloak realms postbridge-hub, postbridge-ch, .*postbridge-us.* imported/);
    expect(output).toMatch(/smoke: anonymous GET \/cases at CH refused with 401/);
    expect(output).toMatch(/TOKEN=\$\(curl -s -d grant_type=password -d client_id=postbridge-cli -d username=agent -d password=agent http:\/\/localhost:\d+\/realms\/postbridge-ch\/protocol\/openid-connect\/token/);
    expect(output).not.toMatch(/X-Agent-Id/i);
    expect(existsSync(join(dataDir, 'keycloak', 'realms.sha256'))).toBe(true);
    // Its secrets are random per data folder and only the owner's.
    for (const f of ['admin.json', 'secrets.json']) expect(statSync(join(dataDir, 'keycloak', f)).mode & 0o777).toBe(0o600);
    const secrets = JSON.parse(readFileSync(join(dataDir, 'keycloak', 'secrets.json'), 'utf8')) as { secretSeed: string; clientSecrets: Record<string, Record<string, string>> };
    expect(secrets.secretSeed).not.toBe(DEFAULT_SECRET_SEED);
    expect(secrets.clientSecrets['postbridge-ch'].console).toBe(clientSecret(secrets.secretSeed, 'CH', 'console'));
  }, 240_000);
});
