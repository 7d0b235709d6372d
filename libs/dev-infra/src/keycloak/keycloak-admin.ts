/**
 * Keycloak's admin REST API and token endpoint over Node's fetch: realms and users for dev and
 * tests, tokens for curl-like clients. No Keycloak client library (one more dependency for a few calls).
 */
import { RealmRepresentation, SeedUser, userRepresentation } from './realms';

export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  expires_in: number;
  token_type?: string;
  scope?: string;
}

const trim = (url: string): string => (url.endsWith('/') ? trim(url.slice(0, -1)) : url);

async function tokenRequest(url: string, realm: string, form: Record<string, string | undefined>): Promise<TokenResponse> {
  const body = new URLSearchParams(Object.entries(form).filter((e): e is [string, string] => e[1] !== undefined));
  const res = await fetch(`${trim(url)}/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`keycloak: ${form.grant_type} token for ${form.client_id}${form.username ? ` / ${form.username}` : ''} in realm ${realm}: HTTP ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as TokenResponse;
}

/** Resource owner password grant (a client with direct access grants, e.g. postbridge-cli). */
export function passwordToken(url: string, realm: string, clientId: string, username: string, password: string, clientSecret?: string): Promise<TokenResponse> {
  // openid: an id_token too, as a browser login would get.
  return tokenRequest(url, realm, { grant_type: 'password', client_id: clientId, client_secret: clientSecret, username, password, scope: 'openid' });
}

/** Client credentials grant (a service-account client). */
export function clientCredentialsToken(url: string, realm: string, clientId: string, secret: string): Promise<TokenResponse> {
  return tokenRequest(url, realm, { grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
}

/** The payload of a JWT, unverified (tests and tools read claims; the apps verify signatures). */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new Error('decodeJwtPayload: not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export class KeycloakAdmin {
  private token?: { value: string; until: number };

  constructor(
    readonly url: string,
    private readonly username: string,
    private readonly password: string,
  ) {}

  /** A master-realm admin token (admin-cli password grant), reused until 10 s before it expires. */
  async accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.until) return this.token.value;
    const t = await passwordToken(this.url, 'master', 'admin-cli', this.username, this.password);
    this.token = { value: t.access_token, until: Date.now() + (t.expires_in - 10) * 1000 };
    return t.access_token;
  }

  /** One admin API call; statuses in `accept` besides 2xx are returned instead of thrown. */
  async request(method: string, path: string, body?: unknown, accept: number[] = []): Promise<{ status: number; json: unknown; headers: Headers }> {
    const res = await fetch(`${trim(this.url)}/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.accessToken()}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok && !accept.includes(res.status)) throw new Error(`keycloak: ${method} /admin${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, json, headers: res.headers };
  }

  async realmExists(realm: string): Promise<boolean> {
    return (await this.request('GET', `/realms/${encodeURIComponent(realm)}`, undefined, [404])).status !== 404;
  }

  /** Creates the realm; one that exists already is deleted and created afresh (a clean state, not a merge). */
  async importRealm(rep: RealmRepresentation): Promise<void> {
    const r = await this.request('POST', '/realms', rep, [409]);
    if (r.status !== 409) return;
    await this.deleteRealm(rep.realm);
    await this.request('POST', '/realms', rep);
  }

  async deleteRealm(realm: string): Promise<void> {
    await this.request('DELETE', `/realms/${encodeURIComponent(realm)}`, undefined, [404]);
  }

  /** The id of the user, or undefined. */
  async userId(realm: string, username: string): Promise<string | undefined> {
    const r = await this.request('GET', `/realms/${encodeURIComponent(realm)}/users?exact=true&username=${encodeURIComponent(username)}`);
    return (r.json as Array<{ id: string; username: string }>).find((u) => u.username === username.toLowerCase())?.id;
  }

  /**
   * Creates the user when missing, else sets its password; then grants its realm roles. Safe when
   * several workers ensure the same user at once (a 409 on create means another one made it).
   */
  async ensureUser(realm: string, user: SeedUser): Promise<string> {
    const base = `/realms/${encodeURIComponent(realm)}`;
    const rep = userRepresentation(user, realm, realm.replace(/^postbridge-/, '').toUpperCase());
    // Realm roles in a user representation are ignored on create: granted below.
    delete rep.realmRoles;
    const created = await this.request('POST', `${base}/users`, rep, [409]);
    let id = created.status === 409 ? undefined : created.headers.get('location')?.split('/').pop();
    id ??= await this.userId(realm, user.username);
    if (!id) throw new Error(`keycloak: user ${user.username} in ${realm} neither created nor found`);
    // Workers racing on one user collide in Keycloak's database (HTTP 500 or 409): try again.
    const retried = async (method: string, path: string, body: unknown): Promise<void> => {
      for (let attempt = 1; ; attempt++) {
        const r = await this.request(method, path, body, attempt < 6 ? [409, 500] : []);
        if (r.status < 300) return;
        await new Promise((res) => setTimeout(res, 50 * attempt + Math.random() * 100));
      }
    };
    if (created.status === 409) {
      await retried('PUT', `${base}/users/${id}/reset-password`, { type: 'password', value: user.password ?? user.username, temporary: false });
    }
    if (user.roles.length) {
      const roles = await Promise.all(user.roles.map(async (name) => (await this.request('GET', `${base}/roles/${encodeURIComponent(name)}`)).json));
      await retried('POST', `${base}/users/${id}/role-mappings/realm`, roles);
    }
    return id;
  }
}
