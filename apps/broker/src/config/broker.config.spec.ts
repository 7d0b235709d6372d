import { ConfigValidationError } from '@postbridge/platform';
import { loadBrokerConfig } from './broker.config';

const minimal = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/broker', KAFKA_BROKERS: 'k1:9092', NETWORK_FILE: 'deploy/network.json', OIDC_ISSUER: 'https://idp.example.org/realms/hub', OIDC_AUDIENCE: 'postbridge-broker', SIGNING_KEY_ID: 'hub-1' };

function problems(env: Record<string, string>): string[] {
  try {
    loadBrokerConfig(env);
  } catch (e) {
    if (e instanceof ConfigValidationError) return e.problems;
    throw e;
  }
  return [];
}

describe('BrokerConfig', () => {
  it('applies defaults', () => {
    expect(loadBrokerConfig(minimal)).toMatchObject({
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: 3000,
      OIDC_ROLES_CLAIM: 'realm_access.roles',
      OIDC_OPERATOR_CLAIM: 'operator',
      OIDC_CLOCK_SKEW_SECONDS: 30,
      TOPIC_PREFIX: 'postbridge',
      KAFKA_MAX_WAIT_MS: 100,
      LOG_LEVEL: 'info',
      LOG_PRETTY: false,
      KAFKA_BROKERS: ['k1:9092'],
      DEADLINE_SCAN_INTERVAL_MS: 1000,
      DEADLINE_SCAN_BATCH: 500,
      CLOCK_RATE: 1,
    });
  });

  it('reads the deadline watcher settings and the demo clock rate', () => {
    const c = loadBrokerConfig({ ...minimal, DEADLINE_SCAN_INTERVAL_MS: '250', DEADLINE_SCAN_BATCH: '50', CLOCK_RATE: '3600' });
    expect(c).toMatchObject({ DEADLINE_SCAN_INTERVAL_MS: 250, DEADLINE_SCAN_BATCH: 50, CLOCK_RATE: 3600 });
    expect(loadBrokerConfig({ ...minimal, CLOCK_RATE: '1.5' }).CLOCK_RATE).toBe(1.5);
  });

  it('rejects deadline watcher settings out of range', () => {
    const p = problems({ ...minimal, DEADLINE_SCAN_INTERVAL_MS: '5', DEADLINE_SCAN_BATCH: 'lots', CLOCK_RATE: '0.5' });
    expect(new Set(p.map((x) => x.split(':')[0]))).toEqual(new Set(['DEADLINE_SCAN_INTERVAL_MS', 'DEADLINE_SCAN_BATCH', 'CLOCK_RATE']));
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DEADLINE_SCAN_INTERVAL_MS: DEADLINE_SCAN_INTERVAL_MS must not be less than 10/),
        expect.stringMatching(/^DEADLINE_SCAN_BATCH: DEADLINE_SCAN_BATCH must be an integer \(got "lots"\)/),
        'CLOCK_RATE: CLOCK_RATE must be a number >= 1 (got 0.5)',
      ]),
    );
    expect(problems({ ...minimal, CLOCK_RATE: 'fast', DEADLINE_SCAN_BATCH: '0' }).join('\n')).toMatch(/DEADLINE_SCAN_BATCH[\s\S]*CLOCK_RATE must be a number >= 1 \(got "fast"\)/);
  });

  it('parses lists, numbers and booleans', () => {
    const c = loadBrokerConfig({ ...minimal, KAFKA_BROKERS: ' k1:9092, k2:9093 ,', HTTP_PORT: '0', KAFKA_MAX_WAIT_MS: '25', LOG_PRETTY: 'true' });
    expect(c.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9093']);
    expect(c.HTTP_PORT).toBe(0);
    expect(c.KAFKA_MAX_WAIT_MS).toBe(25);
    expect(c.LOG_PRETTY).toBe(true);
    expect(loadBrokerConfig({ ...minimal, LOG_PRETTY: 'false' }).LOG_PRETTY).toBe(false);
  });

  it('treats empty variables as unset', () => {
    expect(loadBrokerConfig({ ...minimal, HTTP_PORT: '', TOPIC_PREFIX: '' })).toMatchObject({ HTTP_PORT: 3000, TOPIC_PREFIX: 'postbridge' });
  });

  it('lists every problem at once', () => {
    const p = problems({ HTTP_PORT: 'eighty', LOG_LEVEL: 'loud', LOG_PRETTY: 'maybe', TOPIC_PREFIX: 'a.b', KAFKA_MAX_WAIT_MS: '0' });
    const text = p.join('\n');
    for (const name of ['HTTP_PORT', 'DATABASE_URL', 'KAFKA_BROKERS', 'NETWORK_FILE', 'LOG_LEVEL', 'LOG_PRETTY', 'TOPIC_PREFIX', 'KAFKA_MAX_WAIT_MS']) {
      expect(text).toContain(name);
    }
    expect(text).toContain('(got "eighty")');
  });

  it('says once that a required variable is missing', () => {
    expect(problems({}).sort()).toEqual([
      expect.stringMatching(/^DATABASE_URL: DATABASE_URL is required/),
      expect.stringMatching(/^KAFKA_BROKERS: KAFKA_BROKERS is required/),
      expect.stringMatching(/^NETWORK_FILE: NETWORK_FILE is required/),
      expect.stringMatching(/^OIDC_AUDIENCE: OIDC_AUDIENCE is required/),
      expect.stringMatching(/^OIDC_ISSUER: OIDC_ISSUER is required/),
      expect.stringMatching(/^SIGNING_KEY_ID: SIGNING_KEY_ID is required/),
    ]);
  });

  it('rejects non-postgres URLs and malformed broker lists', () => {
    expect(problems({ ...minimal, DATABASE_URL: 'mysql://x/y' }).join()).toMatch(/DATABASE_URL is required and must be a postgres:\/\/ URL/);
    expect(problems({ ...minimal, KAFKA_BROKERS: 'k1' }).join()).toMatch(/KAFKA_BROKERS is required: a comma-separated list of host:port/);
    expect(problems({ ...minimal, HTTP_PORT: '70000' }).join()).toMatch(/HTTP_PORT/);
  });
});
