/** Infra shared by global-setup and global-teardown (same jest parent process). */
import type { TestInfra } from '../../libs/dev-infra/src/infra-selection';
import type { KeycloakServer } from '../../libs/dev-infra/src/keycloak/keycloak-server';

export interface HarnessState {
  infra: TestInfra;
  /** The run's Keycloak (no realms: test networks import theirs) and its folder. */
  keycloak: { server: KeycloakServer; root: string };
  runId: string;
  templates: string[];
  /** One globalSetup call per project that uses this file; the last teardown stops the infra. */
  refs: number;
}

const key = Symbol.for('postbridge.harness.state');

export function getHarnessState(): HarnessState | undefined {
  return (globalThis as Record<symbol, HarnessState | undefined>)[key];
}

export function setHarnessState(s: HarnessState | undefined): void {
  (globalThis as Record<symbol, HarnessState | undefined>)[key] = s;
}

export const HARNESS_ENV = [
  'PB_TEST_INFRA_KIND',
  'PB_TEST_DATABASE_SERVER_URL',
  'PB_TEST_KAFKA_BROKERS',
  'PB_TEST_KAFKA_USERS',
  'PB_TEST_KAFKA_ADMIN',
  'PB_TEST_RUN_ID',
  'PB_TEST_KEYCLOAK_URL',
  /** `user:password` of the master realm's admin. */
  'PB_TEST_KEYCLOAK_ADMIN',
] as const;

export function harnessLog(line: string): void {
  process.stderr.write(`[test-infra] ${line}\n`);
}
