import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKeycloakRuntime } from './keycloak-runtime';
import { passwordToken } from './keycloak-admin';
import { startKeycloak } from './keycloak-server';

// A start stopped half-way (npm start's Ctrl-C, or PostgreSQL failing beside it) used to leave
// the seed's database without admin.json, and every later start failed to log in as admin.
describe('startKeycloak on the data of a start stopped half-way', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pb-keycloak-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in with the seed’s admin, sets its own, and keeps admin.json owner-only', async () => {
    const rt = ensureKeycloakRuntime();
    const seedDb = join(rt.seed, 'data', 'h2', 'keycloakdb.mv.db');
    expect(existsSync(seedDb)).toBe(true);
    // What the stopped start left: the seed's database copied, no admin.json.
    mkdirSync(join(dir, 'data', 'h2'), { recursive: true });
    copyFileSync(seedDb, join(dir, 'data', 'h2', 'keycloakdb.mv.db'));
    expect(existsSync(join(dir, 'admin.json'))).toBe(false);

    const kc = await startKeycloak({ dataDir: dir, adminUser: 'admin', adminPassword: 'after-the-stop' });
    try {
      expect((await passwordToken(kc.url, 'master', 'admin-cli', 'admin', 'after-the-stop')).access_token).toEqual(expect.any(String));
      expect(JSON.parse(readFileSync(join(dir, 'admin.json'), 'utf8'))).toEqual({ username: 'admin', password: 'after-the-stop' });
      expect(statSync(join(dir, 'admin.json')).mode & 0o777).toBe(0o600);
    } finally {
      await kc.stop();
    }
  });
});
