/**
 * TLS to PostgreSQL with the apps' own settings: a throwaway cluster with ssl=on that accepts only
 * TLS connections authenticated by a client certificate (pg_hba `hostssl ... cert`, nothing else),
 * and a certificate for localhost / 127.0.0.1 from a CA made for this test. The data-source options
 * come from a production environment validated as the apps validate theirs (ServiceEnv).
 */
import 'reflect-metadata';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { filter } from 'rxjs/operators';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createTestPki, EmbeddedPostgres, startEmbeddedPostgres, TestCertificate, TestPki } from '@postbridge/dev-infra';
import { databaseSsl, DatabaseSsl, insecureTransportWarnings, ServiceEnv, validateEnv } from '@postbridge/platform';
import { buildBrokerDataSourceOptions, migrateBrokerDatabase } from '../../apps/broker/src/database/broker-data-source';
import { migrateOperatorNodeDatabase } from '../../apps/operator-node/src/database/operator-node-data-source';
import { AlertListener, AlertListenerOptions } from '../../apps/operator-node/src/alerts/shared/alert-listener';

let dir: string;
let pki: TestPki;
let otherCa: TestPki;
let client: TestCertificate;
let pg: EmbeddedPostgres;

const urlOf = (host: string, db = 'postgres'): string => `postgres://postgres@${host}:${pg.port}/${db}`;

/** What an app would get from its environment, in production. */
function sslFor(env: Record<string, string>): DatabaseSsl {
  const config = validateEnv(ServiceEnv, {
    NODE_ENV: 'production',
    KAFKA_BROKERS: 'kafka:9093',
    KAFKA_SSL: 'true',
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: 'postbridge-broker',
    KAFKA_SASL_PASSWORD: 'unused',
    OIDC_ISSUER: 'https://idp.example.org/realms/hub',
    OIDC_AUDIENCE: 'postbridge-broker',
    // Required by the message signing part of ServiceEnv, unused here.
    NETWORK_FILE: 'deploy/network.json',
    SIGNING_KEY_ID: 'hub-1',
    DATABASE_URL: urlOf('127.0.0.1'),
    ...env,
  });
  expect(insecureTransportWarnings(config)).toEqual(env.ALLOW_INSECURE_TRANSPORT ? [expect.stringMatching(/PostgreSQL/)] : []);
  return databaseSsl(config);
}

const secure = (): Record<string, string> => ({ DATABASE_SSL_MODE: 'verify-full', DATABASE_SSL_CA_FILE: pki.ca, DATABASE_SSL_CERT_FILE: client.cert, DATABASE_SSL_KEY_FILE: client.key });

/** Connects with the broker's data-source options and asks the server how this connection came in. */
async function session(url: string, ssl: DatabaseSsl): Promise<{ ssl: boolean; client_dn: string | null }> {
  const ds = new DataSource({ ...buildBrokerDataSourceOptions(url, { size: 2, timeoutMs: 10_000 }, ssl), migrationsRun: false });
  await ds.initialize();
  try {
    const [row] = (await ds.query('SELECT ssl, client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()')) as Array<{ ssl: boolean; client_dn: string | null }>;
    return row;
  } finally {
    await ds.destroy();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pb-pg-tls-'));
  // The server runs as the postgres OS user when the tests run as root: it must reach its files.
  chmodSync(dir, 0o755);
  pki = createTestPki(join(dir, 'pki'));
  otherCa = createTestPki(join(dir, 'other'), 'Another CA');
  const server = pki.server('server', ['localhost', '127.0.0.1']);
  client = pki.client('client', 'postgres');
  const hba = join(dir, 'pki', 'pg_hba.conf');
  // TLS with a client certificate of this CA, or nothing.
  writeFileSync(hba, 'hostssl all postgres 127.0.0.0/8 cert\nhost all all 0.0.0.0/0 reject\n');
  pg = await startEmbeddedPostgres({
    dataDir: join(dir, 'pg'),
    // 127.0.0.2: an address the server certificate does not name.
    settings: { ssl: 'on', ssl_cert_file: server.cert, ssl_key_file: server.key, ssl_ca_file: pki.ca, hba_file: hba, listen_addresses: '127.0.0.1,127.0.0.2' },
    serverFiles: [server.key, hba],
  });
});

afterAll(async () => {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('connects with verify-full, the CA and a client certificate, and migrates over TLS', async () => {
  const ssl = sslFor(secure());
  await expect(session(urlOf('127.0.0.1'), ssl)).resolves.toEqual({ ssl: true, client_dn: '/CN=postgres' });
  await expect(session(urlOf('localhost'), ssl)).resolves.toMatchObject({ ssl: true });

  // The migration runner (as the test harness and the CLI call it) and the node's alert listener use the same settings.
  const admin = new Client({ connectionString: urlOf('127.0.0.1'), ssl });
  await admin.connect();
  try {
    await admin.query('CREATE DATABASE broker_tls');
    await admin.query('CREATE DATABASE node_tls');
  } finally {
    await admin.end();
  }
  await migrateBrokerDatabase(urlOf('127.0.0.1', 'broker_tls'), ssl);
  await migrateOperatorNodeDatabase(urlOf('127.0.0.1', 'node_tls'), ssl);
  const listener = new AlertListener(new AlertListenerOptions(urlOf('127.0.0.1', 'node_tls'), 'tls-it', 100, 200, ssl));
  const connected = firstValueFrom(listener.events$.pipe(filter((e) => e.type === 'connected')));
  await listener.start();
  try {
    await expect(connected).resolves.toEqual({ type: 'connected' });
    expect(listener.connected).toBe(true);
  } finally {
    await listener.stop();
  }
});

it('refuses a server whose certificate another CA signed', async () => {
  const ssl = sslFor({ ...secure(), DATABASE_SSL_CA_FILE: otherCa.ca });
  await expect(session(urlOf('127.0.0.1'), ssl)).rejects.toThrow(/self[- ]signed certificate in certificate chain|unable to (get local issuer|verify)/i);
});

it('verify-full refuses a host name the certificate does not carry; verify-ca takes it', async () => {
  await expect(session(urlOf('127.0.0.2'), sslFor(secure()))).rejects.toThrow(/IP: 127\.0\.0\.2 is not in the cert's list/);
  await expect(session(urlOf('127.0.0.2'), sslFor({ ...secure(), DATABASE_SSL_MODE: 'verify-ca' }))).resolves.toMatchObject({ ssl: true });
});

it('sends no client certificate unless told, and then the server refuses', async () => {
  const ssl = sslFor({ DATABASE_SSL_MODE: 'verify-full', DATABASE_SSL_CA_FILE: pki.ca });
  await expect(session(urlOf('127.0.0.1'), ssl)).rejects.toThrow(/certificate/i);
});

it('without TLS (allowed by the override) the server refuses the plaintext connection', async () => {
  const ssl = sslFor({ DATABASE_SSL_MODE: 'disable', ALLOW_INSECURE_TRANSPORT: 'postgres' });
  expect(ssl).toBe(false);
  await expect(session(urlOf('127.0.0.1'), ssl)).rejects.toThrow(/pg_hba\.conf rejects connection.*no encryption/);
});
