import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeConsoleSecret, composeRealms, renderRealm } from './keycloak-realms';

const deploy = join(__dirname, '..', 'deploy');

describe('the realms of deploy/docker-compose.yml', () => {
  it('are the generated ones (node dist/scripts/keycloak-realms.js deploy/keycloak/realms rewrites them)', () => {
    const generated = composeRealms();
    expect(readdirSync(join(deploy, 'keycloak', 'realms')).sort()).toEqual(Object.keys(generated).sort());
    for (const [name, realm] of Object.entries(generated)) expect(readFileSync(join(deploy, 'keycloak', 'realms', name), 'utf8')).toBe(renderRealm(realm));
  });

  it('match the console client secret and issuer each node of the compose file is given', () => {
    const compose = readFileSync(join(deploy, 'docker-compose.yml'), 'utf8');
    for (const code of ['CH', 'DE', 'US', 'JP']) {
      const block = compose.slice(compose.indexOf(`node-${code.toLowerCase()}:`));
      expect(block).toContain(`OIDC_CLIENT_SECRET: ${composeConsoleSecret(code)}`);
      expect(block).toContain(`OIDC_ISSUER: http://localhost:18080/realms/postbridge-${code.toLowerCase()}`);
    }
  });
});
