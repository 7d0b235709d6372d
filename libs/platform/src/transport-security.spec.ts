import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, TestPki } from '@postbridge/dev-infra';
import { ConfigValidationError, validateEnv } from './env.validation';
import { ServiceEnv } from './service-env';
import { databaseSsl, databaseSslFromEnv, insecureTransportWarnings, kafkaSecurity } from './transport-security';

const base = {
  DATABASE_URL: 'postgres://u:p@db.example.org:5432/node',
  KAFKA_BROKERS: 'k1:9093',
  OIDC_ISSUER: 'https://idp.example.org/realms/ch',
  OIDC_AUDIENCE: 'postbridge-node-ch',
  // Required by other parts of ServiceEnv (message signing), unused here.
  NETWORK_FILE: 'deploy/network.json',
  SIGNING_KEY_ID: 'ch-1',
};
const scram = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'postbridge-ch', KAFKA_SASL_PASSWORD: 's3cret' };

let dir: string;
let pki: TestPki;
let client: { cert: string; key: string };
let notPem: string;
let secure: Record<string, string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pb-transport-'));
  pki = createTestPki(join(dir, 'pki'));
  client = pki.client('client', 'postbridge-ch');
  notPem = join(dir, 'not-pem.txt');
  writeFileSync(notPem, 'hello\n');
  secure = { ...base, NODE_ENV: 'production', KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: pki.ca, ...scram, DATABASE_SSL_MODE: 'verify-full', DATABASE_SSL_CA_FILE: pki.ca };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problems(env: Record<string, string>): string[] {
  try {
    validateEnv(ServiceEnv, env);
  } catch (e) {
    if (e instanceof ConfigValidationError) return e.problems;
    throw e;
  }
  return [];
}

describe('transport security in production (NODE_ENV=production)', () => {
  it('starts with Kafka over TLS with SCRAM and PostgreSQL verify-full, and warns of nothing', () => {
    const env = validateEnv(ServiceEnv, secure);
    expect(insecureTransportWarnings(env)).toEqual([]);
  });

  it('refuses plaintext Kafka and PostgreSQL, listing every problem at once', () => {
    const p = problems({ ...base, NODE_ENV: 'production' });
    expect(p).toHaveLength(3);
    expect(p.join('\n')).toMatch(/Kafka: no TLS[\s\S]*Kafka: neither SCRAM nor a client certificate[\s\S]*PostgreSQL: no TLS/);
    expect(p[0]).toMatch(/refused with NODE_ENV=production unless ALLOW_INSECURE_TRANSPORT names kafka/);
  });

  it.each([
    ['SCRAM without TLS', { KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: '' }, /Kafka: no TLS/],
    ['TLS without SASL nor client certificate', { KAFKA_SASL_MECHANISM: 'none' }, /neither SCRAM nor a client certificate/],
    ['PLAIN over TLS', { KAFKA_SASL_MECHANISM: 'plain' }, /neither SCRAM nor a client certificate \(KAFKA_SASL_MECHANISM=plain/],
    ['PostgreSQL without TLS', { DATABASE_SSL_MODE: 'disable', DATABASE_SSL_CA_FILE: '' }, /PostgreSQL: no TLS/],
    ['PostgreSQL TLS without server check', { DATABASE_SSL_MODE: 'require', DATABASE_SSL_CA_FILE: '' }, /PostgreSQL: TLS without checking the server certificate/],
  ])('refuses %s', (_, change, message) => {
    const p = problems({ ...secure, ...change });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(message);
  });

  it('refuses PLAIN without TLS as sending the password in clear', () => {
    const p = problems({ ...secure, KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: '', KAFKA_SASL_MECHANISM: 'plain' });
    expect(p).toEqual([expect.stringMatching(/^Kafka: SASL PLAIN without TLS sends the password in clear/), expect.stringMatching(/^Kafka: neither SCRAM nor a client certificate/)]);
  });

  it('accepts mutual TLS instead of SCRAM, and verify-ca with a CA', () => {
    const env = validateEnv(ServiceEnv, { ...secure, KAFKA_SASL_MECHANISM: 'none', KAFKA_SSL_CERT_FILE: client.cert, KAFKA_SSL_KEY_FILE: client.key, DATABASE_SSL_MODE: 'verify-ca' });
    expect(kafkaSecurity(env)).toEqual({ ssl: expect.objectContaining({ rejectUnauthorized: true, cert: expect.stringContaining('BEGIN CERTIFICATE'), key: expect.stringContaining('PRIVATE KEY') }), sasl: undefined });
  });

  it('starts with ALLOW_INSECURE_TRANSPORT naming each insecure transport, and says what is insecure', () => {
    const env = validateEnv(ServiceEnv, { ...base, NODE_ENV: 'production', ALLOW_INSECURE_TRANSPORT: 'kafka, postgres' });
    const warnings = insecureTransportWarnings(env);
    expect(warnings).toHaveLength(3);
    for (const w of warnings) expect(w).toMatch(/^insecure transport allowed by ALLOW_INSECURE_TRANSPORT=kafka,postgres: (Kafka|PostgreSQL): /);
  });

  it('refuses what the override does not name', () => {
    const p = problems({ ...base, NODE_ENV: 'production', ALLOW_INSECURE_TRANSPORT: 'kafka' });
    expect(p).toEqual([expect.stringMatching(/^PostgreSQL: no TLS .*names postgres$/)]);
  });

  it('refuses an override naming something else', () => {
    expect(problems({ ...secure, ALLOW_INSECURE_TRANSPORT: 'kafka,redis' }).join('\n')).toMatch(/ALLOW_INSECURE_TRANSPORT may only name kafka, postgres/);
  });
});

describe('transport security outside production', () => {
  it('allows plaintext with SCRAM or no SASL, without warnings', () => {
    expect(insecureTransportWarnings(validateEnv(ServiceEnv, base))).toEqual([]);
    const env = validateEnv(ServiceEnv, { ...base, NODE_ENV: 'development', ...scram });
    expect(insecureTransportWarnings(env)).toEqual([]);
    expect(kafkaSecurity(env)).toEqual({ ssl: undefined, sasl: { mechanism: 'scram-sha-512', username: 'postbridge-ch', password: 's3cret' } });
    expect(databaseSsl(env)).toBe(false);
  });

  it('refuses SASL PLAIN without TLS unless the override names kafka (then warns)', () => {
    const plain = { ...base, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' };
    expect(problems(plain)).toEqual([expect.stringMatching(/^Kafka: SASL PLAIN without TLS sends the password in clear.*unless ALLOW_INSECURE_TRANSPORT names kafka$/)]);
    expect(insecureTransportWarnings(validateEnv(ServiceEnv, { ...plain, ALLOW_INSECURE_TRANSPORT: 'kafka' }))).toEqual([expect.stringMatching(/SASL PLAIN without TLS/)]);
    expect(problems({ ...plain, KAFKA_SSL: 'true' })).toEqual([]);
  });
});

describe('TLS files and settings', () => {
  it('reads the files at start into kafkajs and pg options', () => {
    const env = validateEnv(ServiceEnv, { ...secure, DATABASE_SSL_CERT_FILE: client.cert, DATABASE_SSL_KEY_FILE: client.key });
    const ssl = kafkaSecurity(env).ssl as { ca: string; rejectUnauthorized: boolean };
    expect(ssl.rejectUnauthorized).toBe(true);
    expect(ssl.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const db = databaseSsl(env);
    expect(db).toEqual({ ca: ssl.ca, cert: expect.stringContaining('BEGIN CERTIFICATE'), key: expect.stringContaining('PRIVATE KEY'), rejectUnauthorized: true });
    // verify-full leaves the host check to Node (pg passes the URL's host); verify-ca turns it off.
    expect((db as { checkServerIdentity?: unknown }).checkServerIdentity).toBeUndefined();
    const ca = databaseSsl(validateEnv(ServiceEnv, { ...secure, DATABASE_SSL_MODE: 'verify-ca' }));
    expect(ca).toMatchObject({ rejectUnauthorized: true, checkServerIdentity: expect.any(Function) });
    expect(databaseSsl(validateEnv(ServiceEnv, { ...base, DATABASE_SSL_MODE: 'require' }))).toEqual({ rejectUnauthorized: false });
  });

  it('KAFKA_SSL without files keeps the default CA store', () => {
    expect(kafkaSecurity(validateEnv(ServiceEnv, { ...secure, KAFKA_SSL_CA_FILE: '' })).ssl).toBe(true);
  });

  it('names unreadable and non-PEM files as config errors', () => {
    const p = problems({ ...secure, KAFKA_SSL_CA_FILE: join(dir, 'missing.pem'), DATABASE_SSL_CA_FILE: notPem, DATABASE_SSL_CERT_FILE: client.cert, DATABASE_SSL_KEY_FILE: client.cert });
    expect(p).toEqual([
      expect.stringMatching(/^KAFKA_SSL_CA_FILE: cannot read .*missing\.pem \(ENOENT\)$/),
      expect.stringMatching(/^DATABASE_SSL_CA_FILE: .*not-pem\.txt holds no PEM certificate/),
      expect.stringMatching(/^DATABASE_SSL_KEY_FILE: .*client\.crt holds no PEM private key/),
    ]);
  });

  it('refuses settings that do not go together', () => {
    const p = problems({ ...base, KAFKA_SSL_CA_FILE: pki.ca, KAFKA_SSL_CERT_FILE: client.cert, DATABASE_SSL_CA_FILE: pki.ca, DATABASE_SSL_KEY_FILE: client.key });
    expect(p).toEqual([
      'KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not true',
      'KAFKA_SSL_CERT_FILE is set but KAFKA_SSL is not true',
      'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (a client certificate and its key)',
      'DATABASE_SSL_CA_FILE is set but DATABASE_SSL_MODE is disable',
      'DATABASE_SSL_KEY_FILE is set but DATABASE_SSL_MODE is disable',
      'DATABASE_SSL_CERT_FILE and DATABASE_SSL_KEY_FILE go together (a client certificate and its key)',
    ]);
    expect(problems({ ...base, DATABASE_SSL_MODE: 'verify-ca' })).toEqual(['DATABASE_SSL_MODE=verify-ca needs DATABASE_SSL_CA_FILE (or use verify-full)']);
    expect(problems({ ...base, DATABASE_SSL_MODE: 'require', DATABASE_SSL_CA_FILE: pki.ca })).toEqual(['DATABASE_SSL_CA_FILE is not used with DATABASE_SSL_MODE=require (no server check): use verify-full or verify-ca']);
    expect(problems({ ...base, DATABASE_SSL_MODE: 'prefer' }).join('\n')).toMatch(/DATABASE_SSL_MODE must be one of disable, require, verify-ca, verify-full/);
  });

  it('refuses TLS parameters in DATABASE_URL (pg would let them replace the settings)', () => {
    expect(problems({ ...secure, DATABASE_URL: `${base.DATABASE_URL}?sslmode=no-verify&sslrootcert=/x` })).toEqual([expect.stringMatching(/^DATABASE_URL: TLS parameters \(sslmode, sslrootcert\) are not taken in the URL/)]);
  });
});

describe('databaseSslFromEnv (TypeORM CLI data sources)', () => {
  it('applies the same rules to a bare environment', () => {
    expect(databaseSslFromEnv({ DATABASE_URL: base.DATABASE_URL })).toBe(false);
    expect(() => databaseSslFromEnv({ DATABASE_URL: base.DATABASE_URL, NODE_ENV: 'production' })).toThrow(/PostgreSQL: no TLS/);
    expect(databaseSslFromEnv({ DATABASE_URL: base.DATABASE_URL, NODE_ENV: 'production', ALLOW_INSECURE_TRANSPORT: 'postgres' })).toBe(false);
    expect(databaseSslFromEnv({ DATABASE_URL: base.DATABASE_URL, NODE_ENV: 'production', DATABASE_SSL_MODE: 'verify-full', DATABASE_SSL_CA_FILE: pki.ca })).toMatchObject({ rejectUnauthorized: true, ca: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(() => databaseSslFromEnv({ DATABASE_URL: base.DATABASE_URL, DATABASE_SSL_MODE: 'verify-full', DATABASE_SSL_CA_FILE: notPem })).toThrow(ConfigValidationError);
  });
});
