/**
 * TLS to Apache Kafka with the apps' own settings: a throwaway one-node cluster (the jars of
 * tools/kafka) with a SASL_SSL listener whose certificate and key Kafka reads as a PEM keystore,
 * from a CA made for this test, requiring client certificates. The kafkajs options come from a
 * production environment validated as the apps validate theirs (ServiceEnv, kafkaSecurity).
 */
import 'reflect-metadata';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createTestPki, KafkaCluster, startKafkaCluster, TestCertificate, TestPki } from '@postbridge/dev-infra';
import { kafkaSecurity, KafkaSecurity, ServiceEnv, validateEnv } from '@postbridge/platform';

const USER = 'postbridge-tls';
let dir: string;
let pki: TestPki;
let otherCa: TestPki;
let client: TestCertificate;
let cluster: KafkaCluster;

/** What an app would get from its environment, in production. */
function securityFor(env: Record<string, string>): KafkaSecurity {
  return kafkaSecurity(
    validateEnv(ServiceEnv, {
      NODE_ENV: 'production',
      KAFKA_BROKERS: cluster.tlsBrokers.join(','),
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: pki.ca,
      KAFKA_SSL_CERT_FILE: client.cert,
      KAFKA_SSL_KEY_FILE: client.key,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: USER,
      KAFKA_SASL_PASSWORD: cluster.users.get(USER)!,
      DATABASE_URL: 'postgres://u@db.example.org/x',
      DATABASE_SSL_MODE: 'verify-full',
      OIDC_ISSUER: 'https://idp.example.org/realms/hub',
      OIDC_AUDIENCE: 'postbridge-broker',
      // Required by the message signing part of ServiceEnv, unused here.
      NETWORK_FILE: 'deploy/network.json',
      SIGNING_KEY_ID: 'hub-1',
      ...env,
    }),
  );
}

/** Brokers the cluster reports to a client connected with `security`. */
async function brokersSeenWith(security: KafkaSecurity): Promise<number> {
  const admin = new Kafka({ clientId: 'tls-it', brokers: cluster.tlsBrokers, ...security, logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 10_000 }).admin();
  await admin.connect();
  try {
    return (await admin.describeCluster()).brokers.length;
  } finally {
    await admin.disconnect();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pb-kafka-tls-'));
  chmodSync(dir, 0o755);
  pki = createTestPki(join(dir, 'pki'));
  otherCa = createTestPki(join(dir, 'other'), 'Another CA');
  const server = pki.server('kafka', ['localhost', '127.0.0.1']);
  client = pki.client('client', USER);
  cluster = await startKafkaCluster({ dataDir: join(dir, 'kafka'), users: [USER], tls: { cert: server.cert, key: server.key, ca: pki.ca, clientAuth: 'required' } });
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('connects over TLS with the CA, a client certificate and SCRAM', async () => {
  const security = securityFor({});
  expect(security.ssl).toMatchObject({ rejectUnauthorized: true });
  await expect(brokersSeenWith(security)).resolves.toBe(1);
});

it('refuses brokers whose certificate another CA signed', async () => {
  await expect(brokersSeenWith(securityFor({ KAFKA_SSL_CA_FILE: otherCa.ca }))).rejects.toThrow(/self[- ]signed certificate in certificate chain|unable to (get local issuer|verify)/i);
});

it('is refused by brokers that require a client certificate when it has none', async () => {
  await expect(brokersSeenWith(securityFor({ KAFKA_SSL_CERT_FILE: '', KAFKA_SSL_KEY_FILE: '' }))).rejects.toThrow(/alert bad certificate|alert certificate required/);
});

it('still authenticates with SCRAM over TLS: a wrong password is refused', async () => {
  await expect(brokersSeenWith(securityFor({ KAFKA_SASL_PASSWORD: 'not-the-password' }))).rejects.toThrow(/SASL SCRAM SHA512 authentication failed/);
});
