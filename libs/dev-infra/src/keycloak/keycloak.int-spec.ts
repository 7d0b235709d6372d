import { randomBytes } from 'node:crypto';
import { testKeycloak } from '../../../../test/harness/keycloak';
import { clientCredentialsToken, decodeJwtPayload, KeycloakAdmin, passwordToken } from './keycloak-admin';
import { clientSecret, DEFAULT_SECRET_SEED, hubRealm, operatorRealm } from './realms';

const asList = (aud: unknown): string[] => (Array.isArray(aud) ? (aud as string[]) : [aud as string]);
const roles = (claims: Record<string, unknown>): string[] => (claims.realm_access as { roles: string[] }).roles;

// The run's Keycloak (test/harness/global-setup.ts): realms of unique names, removed afterwards.
describe('Keycloak realms of the PostBridge network', () => {
  let url: string;
  let admin: KeycloakAdmin;
  // Two letters no operator has, so parallel files never share a realm.
  const code = `Q${randomBytes(1).toString('hex').toUpperCase()}`;
  const hubCode = `X${randomBytes(1).toString('hex').toUpperCase()}`;
  const realm = `postbridge-${code.toLowerCase()}`;

  beforeAll(async () => {
    ({ url, admin } = testKeycloak());
    await admin.importRealm(operatorRealm({ code, nodeUrls: ['http://127.0.0.1:3001'] }));
  });

  afterAll(async () => {
    await admin?.deleteRealm(realm);
  });

  it('gives crm a client-credentials token for this node with agent and supervisor', async () => {
    const t = await clientCredentialsToken(url, realm, 'crm', clientSecret(DEFAULT_SECRET_SEED, code, 'crm'));
    const claims = decodeJwtPayload(t.access_token);
    expect(claims.iss).toMatch(new RegExp(`/realms/postbridge-${code.toLowerCase()}$`));
    expect(asList(claims.aud)).toContain(`postbridge-node-${code.toLowerCase()}`);
    expect(roles(claims)).toEqual(expect.arrayContaining(['agent', 'supervisor']));
    expect(roles(claims)).not.toContain('tracking-system');
    // 300 s lifespan, less the second that may have begun since it was issued
    expect(t.expires_in).toBeGreaterThanOrEqual(299);
    expect(t.expires_in).toBeLessThanOrEqual(300);
  });

  it('rejects a wrong client secret', async () => {
    await expect(clientCredentialsToken(url, realm, 'crm', clientSecret('another-seed', code, 'crm'))).rejects.toThrow(/HTTP 401/);
  });

  it('gives a seed user a password token through postbridge-cli with its roles and name', async () => {
    const t = await passwordToken(url, realm, 'postbridge-cli', 'supervisor', 'supervisor');
    const claims = decodeJwtPayload(t.access_token);
    expect(claims.iss).toMatch(new RegExp(`/realms/${realm}$`));
    expect(asList(claims.aud)).toContain(`postbridge-node-${code.toLowerCase()}`);
    expect(roles(claims)).toEqual(expect.arrayContaining(['agent', 'supervisor']));
    expect(claims.preferred_username).toBe('supervisor');
    expect(claims.name).toEqual(expect.any(String));
    expect(t.id_token).toEqual(expect.any(String));
  });

  it('ensureUser creates a user once even when called concurrently, and it can log in', async () => {
    const user = { username: 'late-agent', password: 'pw-late', roles: ['agent', 'auditor'] };
    const ids = await Promise.all([1, 2, 3].map(() => admin.ensureUser(realm, user)));
    expect(new Set(ids).size).toBe(1);
    const claims = decodeJwtPayload((await passwordToken(url, realm, 'postbridge-cli', user.username, user.password)).access_token);
    expect(roles(claims)).toEqual(expect.arrayContaining(['agent', 'auditor']));
  });

  describe('hub realm', () => {
    // A hub of this file's own: postbridge-hub may be another file's.
    const hub = `postbridge-hub-${hubCode.toLowerCase()}`;
    beforeAll(async () => {
      const rep = hubRealm({ operatorCodes: [hubCode], realm: hub });
      expect(hubRealm({ operatorCodes: [hubCode] }).realm).toBe('postbridge-hub');
      await admin.importRealm(rep);
    });
    afterAll(async () => {
      await admin?.deleteRealm(hub);
    });

    it('gives operator-<code> a token for the broker naming its operator', async () => {
      const id = `operator-${hubCode.toLowerCase()}`;
      const claims = decodeJwtPayload((await clientCredentialsToken(url, hub, id, clientSecret(DEFAULT_SECRET_SEED, hub, id))).access_token);
      expect(claims.iss).toMatch(new RegExp(`/realms/${hub}$`));
      expect(claims.operator).toBe(hubCode);
      expect(asList(claims.aud)).toContain('postbridge-broker');
      expect(roles(claims)).toContain('operator');
    });

    it('gives hub-ops hub-operations', async () => {
      const claims = decodeJwtPayload((await passwordToken(url, hub, 'postbridge-cli', 'hub-ops', 'hub-ops')).access_token);
      expect(roles(claims)).toContain('hub-operations');
      expect(asList(claims.aud)).toContain('postbridge-broker');
    });
  });
});
