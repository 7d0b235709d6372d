import type { SASLOptions } from 'kafkajs';

/**
 * The Kafka principals deploy/kafka/acls.sh grants to (its defaults BROKER_PRINCIPAL,
 * OPERATOR_PRINCIPAL_PREFIX and FEED_PRINCIPAL_SUFFIX), as SCRAM user names: one place for
 * npm start, the test harness, the chaos run and the benchmarks.
 */
export const KafkaPrincipals = {
  broker: 'postbridge-broker',
  node: (code: string): string => `postbridge-${code.toLowerCase()}`,
  /** The post's own tracking systems: they may only write its tracking.feed. */
  feed: (code: string): string => `postbridge-${code.toLowerCase()}-feed`,
  /** Every principal a network of these operators uses. */
  forOperators: (codes: string[]): string[] => [KafkaPrincipals.broker, ...codes.flatMap((c) => [KafkaPrincipals.node(c), KafkaPrincipals.feed(c)])],
};

/** The environment an app reads (libs/platform ServiceEnv) to reach `brokers` as the user of `sasl`. */
export function kafkaClientEnv(brokers: string[], sasl?: SASLOptions): Record<string, string> {
  const env: Record<string, string> = { KAFKA_BROKERS: brokers.join(',') };
  if (!sasl) return env;
  const { mechanism, username, password } = sasl as { mechanism: string; username: string; password: string };
  return { ...env, KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password };
}
