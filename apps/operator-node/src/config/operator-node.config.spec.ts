import 'reflect-metadata';
import { ConfigValidationError, validateEnv } from '@postbridge/platform';
import { OperatorNodeConfig } from './operator-node.config';

const good = {
  OPERATOR_CODE: 'CH',
  OPERATOR_COUNTRY: 'CH',
  OPERATOR_TIME_ZONE: 'Europe/Zurich',
  OPERATOR_LANGUAGES: 'de, fr,en',
  DATABASE_URL: 'postgres://u@localhost/db',
  KAFKA_BROKERS: 'localhost:9092,localhost:9093',
  OIDC_ISSUER: 'https://idp.post.ch/realms/postbridge',
  OIDC_AUDIENCE: 'postbridge-node-ch',
  NETWORK_FILE: 'deploy/network.json',
  SIGNING_KEY_ID: 'ch-1',
};

describe('OperatorNodeConfig', () => {
  it('accepts a complete environment and converts types', () => {
    const c = validateEnv(OperatorNodeConfig, { ...good, HTTP_PORT: '3001', LOG_PRETTY: 'false', KAFKA_MAX_WAIT_MS: '20' });
    expect(c).toMatchObject({ OPERATOR_LANGUAGES: ['de', 'fr', 'en'], KAFKA_BROKERS: ['localhost:9092', 'localhost:9093'], HTTP_PORT: 3001, LOG_PRETTY: false, KAFKA_MAX_WAIT_MS: 20, TOPIC_PREFIX: 'postbridge' });
  });

  it('takes the per-partner inbound case quota, 500 an hour unless set, 0 for no alert', () => {
    expect(validateEnv(OperatorNodeConfig, good).INBOUND_CASES_PER_PARTNER_PER_HOUR).toBe(500);
    expect(validateEnv(OperatorNodeConfig, { ...good, INBOUND_CASES_PER_PARTNER_PER_HOUR: '0' }).INBOUND_CASES_PER_PARTNER_PER_HOUR).toBe(0);
    expect(() => validateEnv(OperatorNodeConfig, { ...good, INBOUND_CASES_PER_PARTNER_PER_HOUR: '-1' })).toThrow(/INBOUND_CASES_PER_PARTNER_PER_HOUR/);
    expect(() => validateEnv(OperatorNodeConfig, { ...good, INBOUND_CASES_PER_PARTNER_PER_HOUR: 'lots' })).toThrow(/INBOUND_CASES_PER_PARTNER_PER_HOUR/);
  });

  it('names every bad variable at once', () => {
    let err: unknown;
    try {
      validateEnv(OperatorNodeConfig, { OPERATOR_CODE: 'ch', OPERATOR_COUNTRY: 'XX', OPERATOR_TIME_ZONE: 'Mars/Olympus', DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'nohost', HTTP_PORT: 'eighty' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigValidationError);
    const text = (err as Error).message;
    for (const v of ['OPERATOR_CODE', 'OPERATOR_COUNTRY', 'OPERATOR_TIME_ZONE', 'DATABASE_URL', 'KAFKA_BROKERS', 'HTTP_PORT']) expect(text).toContain(v);
  });
});

describe('Kafka security settings', () => {
  it('require credentials with a SASL mechanism and map to kafkajs options', async () => {
    const { kafkaSecurity } = await import('@postbridge/platform');
    expect(() => validateEnv(OperatorNodeConfig, { ...good, KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toThrow(/KAFKA_SASL_USERNAME[\s\S]*KAFKA_SASL_PASSWORD/);
    const c = validateEnv(OperatorNodeConfig, { ...good, KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'postbridge-ch', KAFKA_SASL_PASSWORD: 's3cret' });
    expect(kafkaSecurity(c)).toEqual({ ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'postbridge-ch', password: 's3cret' } });
    expect(kafkaSecurity(validateEnv(OperatorNodeConfig, { ...good, KAFKA_SASL_MECHANISM: '' }))).toEqual({ ssl: undefined, sasl: undefined });
  });
});
