/**
 * Real identities for tests: each test network imports realms of its own into the run's Keycloak
 * (one per operator node, one hub), and gets real tokens from it, cached until shortly before
 * they expire. Users are made on first use.
 */
import { clientCredentialsToken, decodeJwtPayload, KeycloakAdmin, passwordToken } from '../../libs/dev-infra/src/keycloak/keycloak-admin';
import { RealmRepresentation, BROKER_AUDIENCE, clientSecret, CLI_CLIENT, DEFAULT_SECRET_SEED, DOCS_CLIENT, hubRealm, nodeAudience, operatorRealm } from '../../libs/dev-infra/src/keycloak/realms';
import { testKeycloak } from './keycloak';

/** What a bare user name gets at a node: enough for the flows tests drive (roles are tested on their own). */
export const DEFAULT_TEST_ROLES = ['agent', 'supervisor', 'template-admin', 'node-admin'];
export const HUB_OPS = 'hub-ops';

/**
 * Who a test request is from: a user name (DEFAULT_TEST_ROLES at a node, hub-operations at the
 * broker), a user with exactly these roles, a service client (client credentials), or nobody.
 */
export type Caller = string | { user: string; roles: string[] } | { client: string } | null;

// A test file may hold a token for its whole run (the fuzzer generates requests synchronously).
const longLived = (r: RealmRepresentation): RealmRepresentation => ({ ...r, accessTokenLifespan: 3600 });

export class TestRealms {
  private readonly tokens = new Map<string, { value: string; until: number }>();
  private readonly users = new Map<string, Promise<unknown>>();

  private constructor(
    readonly url: string,
    private readonly admin: KeycloakAdmin,
    readonly prefix: string,
    readonly codes: string[],
  ) {}

  /** Imports a realm per operator code and a hub realm, named after `prefix` (unique per test network). */
  static async create(prefix: string, codes: string[], opts: { nodeUrls?: Record<string, string[]>; brokerUrls?: string[] } = {}): Promise<TestRealms> {
    const { url, admin } = testKeycloak();
    const r = new TestRealms(url, admin, prefix.toLowerCase(), codes.map((c) => c.toUpperCase()));
    await Promise.all([
      ...r.codes.map((code) => admin.importRealm(longLived(operatorRealm({ code, realm: r.realmOf(code), nodeUrls: opts.nodeUrls?.[code] ?? ['http://127.0.0.1'], users: [] })))),
      admin.importRealm(longLived(hubRealm({ operatorCodes: r.codes, realm: r.hubRealm, users: [], brokerUrls: opts.brokerUrls ?? ['http://127.0.0.1'] }))),
    ]);
    return r;
  }

  realmOf(code: string): string {
    return `postbridge-${this.prefix}-${code.toLowerCase()}`;
  }

  get hubRealm(): string {
    return `postbridge-${this.prefix}-hub`;
  }

  issuer(realm: string): string {
    return `${this.url}/realms/${realm}`;
  }

  /** A node's identity settings, as an operator would configure them for its IdP; the console's sign-in only with `publicUrl`. */
  nodeEnv(code: string, publicUrl?: string): Record<string, string> {
    const realm = this.realmOf(code);
    return {
      OIDC_ISSUER: this.issuer(realm),
      OIDC_AUDIENCE: nodeAudience(code),
      OIDC_DOCS_CLIENT_ID: DOCS_CLIENT,
      ...(publicUrl ? { OIDC_CLIENT_ID: 'console', OIDC_CLIENT_SECRET: clientSecret(DEFAULT_SECRET_SEED, realm, 'console'), PUBLIC_URL: publicUrl } : {}),
    };
  }

  brokerEnv(): Record<string, string> {
    return { OIDC_ISSUER: this.issuer(this.hubRealm), OIDC_AUDIENCE: BROKER_AUDIENCE, OIDC_DOCS_CLIENT_ID: DOCS_CLIENT };
  }

  /** An access token for `caller` at node `code`, or at the broker when code is 'hub'. */
  async token(code: string | 'hub', caller: Exclude<Caller, null>): Promise<string> {
    const hub = code === 'hub';
    const realm = hub ? this.hubRealm : this.realmOf(code);
    const who = typeof caller === 'string' ? { user: caller, roles: hub ? ['hub-operations'] : DEFAULT_TEST_ROLES } : caller;
    const key = `${realm}|${JSON.stringify(who)}`;
    const cached = this.tokens.get(key);
    if (cached && Date.now() < cached.until) return cached.value;
    let value: string;
    if ('client' in who) {
      value = (await clientCredentialsToken(this.url, realm, who.client, clientSecret(DEFAULT_SECRET_SEED, realm, who.client))).access_token;
    } else {
      await this.ensureUser(code, who.user, who.roles);
      value = (await passwordToken(this.url, realm, CLI_CLIENT, who.user, who.user)).access_token;
    }
    const exp = Number(decodeJwtPayload(value).exp) * 1000;
    this.tokens.set(key, { value, until: exp - 30_000 });
    return value;
  }

  /** Makes sure the user exists with these roles (password = user name), as a sign-in needs. */
  async ensureUser(code: string | 'hub', user: string, roles: string[]): Promise<void> {
    const realm = code === 'hub' ? this.hubRealm : this.realmOf(code);
    const key = `${realm}|${user}|${roles.join(',')}`;
    if (!this.users.has(key)) this.users.set(key, this.admin.ensureUser(realm, { username: user, roles }));
    await this.users.get(key);
  }

  get keycloakAdmin(): KeycloakAdmin {
    return this.admin;
  }

  async delete(): Promise<void> {
    await Promise.all([...this.codes.map((c) => this.admin.deleteRealm(this.realmOf(c))), this.admin.deleteRealm(this.hubRealm)].map((p) => p.catch(() => undefined)));
  }
}

type Resolver = (caller: Exclude<Caller, null> | undefined) => Promise<string>;
const resolvers = new Map<string, Resolver>();

/** Requests to `url` (any path) get a bearer token for their caller; `defaultCaller` when they name none. */
export function registerEndpoint(url: string, realms: TestRealms, code: string | 'hub', defaultCaller: Exclude<Caller, null>): void {
  resolvers.set(new URL(url).origin, (caller) => realms.token(code, caller ?? defaultCaller));
}

export function unregisterEndpoint(url: string): void {
  resolvers.delete(new URL(url).origin);
}

/** The Authorization header for a request to `url` as `caller` (undefined: the endpoint's default caller; null: anonymous). */
export async function authorization(url: string, caller: Caller | undefined): Promise<Record<string, string>> {
  if (caller === null || caller === '') return {};
  const r = resolvers.get(new URL(url).origin);
  return r ? { authorization: `Bearer ${await r(caller)}` } : {};
}
