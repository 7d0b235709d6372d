/**
 * Keycloak for integration/e2e tests: global-setup starts one server for the run (no realms);
 * test files import the realms they need (operatorRealm/hubRealm with a unique code) through
 * testKeycloak().admin.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive } from '../../libs/dev-infra/src/embedded-pg';
import { KeycloakAdmin } from '../../libs/dev-infra/src/keycloak/keycloak-admin';
import { killKeycloakOrphans, KeycloakServer, startKeycloak } from '../../libs/dev-infra/src/keycloak/keycloak-server';

const PREFIX = 'pb-test-keycloak-';

/** The run's Keycloak, from the env global-setup hands to workers. */
export function testKeycloak(): { url: string; admin: KeycloakAdmin } {
  const url = process.env.PB_TEST_KEYCLOAK_URL;
  const cred = process.env.PB_TEST_KEYCLOAK_ADMIN ?? '';
  const i = cred.indexOf(':');
  if (!url || i < 0) throw new Error('PB_TEST_KEYCLOAK_URL / PB_TEST_KEYCLOAK_ADMIN are not set: run through the jest integration/e2e projects');
  return { url, admin: new KeycloakAdmin(url, cred.slice(0, i), cred.slice(i + 1)) };
}

/** Folders of runs that were killed: their Keycloak may still run (it holds ~400 MB). */
async function sweepStale(log: (l: string) => void): Promise<void> {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    try {
      const ownerFile = join(dir, 'owner.pid');
      const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8').trim()) : 0;
      if (owner ? isAlive(owner) : Date.now() - statSync(dir).mtimeMs < 60_000) continue;
      await killKeycloakOrphans(join(dir, 'kc'));
      rmSync(dir, { recursive: true, force: true });
      log(`test-infra: removed stale ${dir}`);
    } catch {
      // another sweeper, or a vanished process: best effort
    }
  }
}

/** Starts the run's Keycloak in a temporary folder of its own (for global-setup). */
export async function startTestKeycloak(log: (l: string) => void): Promise<{ server: KeycloakServer; root: string; stop(): Promise<void> }> {
  await sweepStale(log);
  const root = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(root, 'owner.pid'), `${process.pid}\n`);
  try {
    const server = await startKeycloak({ dataDir: join(root, 'kc'), log });
    return { server, root, stop: () => stopTestKeycloak(server, root) };
  } catch (e) {
    rmSync(root, { recursive: true, force: true });
    throw e;
  }
}

export async function stopTestKeycloak(server: KeycloakServer, root: string): Promise<void> {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
}
