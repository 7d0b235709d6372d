/**
 * The Keycloak realms of deploy/docker-compose.yml, generated from deploy/network.json by the same
 * code as `npm start`'s (libs/dev-infra/src/keycloak/realms.ts), with the compose file's dev seed.
 *
 *   npm run build && node dist/scripts/keycloak-realms.js deploy/keycloak/realms
 *
 * scripts/keycloak-realms.spec.ts fails when the committed files or the compose file's client
 * secrets drift from what this generates.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { clientSecret, defaultOperatorUsers, hubRealm, operatorRealm, operatorRealmName, RealmRepresentation } from '@postbridge/dev-infra';

/** Development only, like the Kafka passwords of the compose file: a real deployment has its own IdP. */
export const COMPOSE_SECRET_SEED = 'postbridge-compose-dev';

function repoFile(...parts: string[]): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, ...parts);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${parts.join('/')} not found above ${__dirname}`);
  }
}

interface NetworkFile {
  broker: { httpPort: number };
  operators: Array<{ code: string; httpPort: number }>;
}

/** File name → realm, as the compose file's Keycloak imports them. */
export function composeRealms(): Record<string, RealmRepresentation> {
  const network = JSON.parse(readFileSync(repoFile('deploy', 'network.json'), 'utf8')) as NetworkFile;
  const urls = (port: number) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const out: Record<string, RealmRepresentation> = {};
  for (const o of network.operators) {
    out[`${operatorRealmName(o.code)}.json`] = operatorRealm({ code: o.code, nodeUrls: urls(o.httpPort), users: defaultOperatorUsers(), secretSeed: COMPOSE_SECRET_SEED });
  }
  out['postbridge-hub.json'] = hubRealm({ operatorCodes: network.operators.map((o) => o.code), brokerUrls: urls(network.broker.httpPort), secretSeed: COMPOSE_SECRET_SEED });
  return out;
}

/** The console client secret a node of the compose file is configured with. */
export function composeConsoleSecret(code: string): string {
  return clientSecret(COMPOSE_SECRET_SEED, operatorRealmName(code), 'console');
}

export function renderRealm(r: RealmRepresentation): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: node dist/scripts/keycloak-realms.js <output dir>\n');
    process.exit(2);
  }
  mkdirSync(dir, { recursive: true });
  for (const [name, realm] of Object.entries(composeRealms())) writeFileSync(join(dir, name), renderRealm(realm));
  process.stdout.write(`wrote ${Object.keys(composeRealms()).length} realms to ${dir}\n`);
}
