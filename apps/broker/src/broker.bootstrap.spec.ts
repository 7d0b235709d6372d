import { ScaledClock, SystemClock } from '@postbridge/platform';
import { clockFor } from './broker.bootstrap';
import { loadBrokerConfig } from './config/broker.config';

const env = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/broker', KAFKA_BROKERS: 'k1:9092', NETWORK_FILE: 'deploy/network.json', OIDC_ISSUER: 'https://idp.example.org/realms/hub', OIDC_AUDIENCE: 'postbridge-broker', SIGNING_KEY_ID: 'hub-1' };

describe('clockFor', () => {
  it('keeps real time unless CLOCK_RATE asks for a faster clock', () => {
    expect(clockFor(loadBrokerConfig(env))).toBeInstanceOf(SystemClock);
    expect(clockFor(loadBrokerConfig({ ...env, CLOCK_RATE: '1' }))).toBeInstanceOf(SystemClock);
    const before = Date.now();
    const fast = clockFor(loadBrokerConfig({ ...env, CLOCK_RATE: '3600' }));
    expect(fast).toBeInstanceOf(ScaledClock);
    // Starts at the real time, then runs 3600 times as fast: each real millisecond since is 3.6 s.
    const now = fast.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(before + (Date.now() - before) * 3600 + 1000);
  });
});
