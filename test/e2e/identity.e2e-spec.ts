import { createHmac, createPublicKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { Client } from 'pg';
import { s10CheckDigit } from '@postbridge/domain';
import { decodeJwtPayload, passwordToken } from '../../libs/dev-infra/src/keycloak/keycloak-admin';
import { api, authorization, Caller, eventually, openCaseBody, TestNetwork, TRACKING } from './support/network';
import { AlertStreams } from '../../apps/operator-node/src/alerts/stream-alerts/alert-streams';
import { browse, consoleLogin } from './support/oidc-login';

// Who may do what, proven against a running network with real tokens from a real Keycloak:
// every operation of both OpenAPI documents for every role, token attacks, console sessions,
// the audit log, limits, and each finding of the security review.

const NODE_ROLES = ['agent', 'supervisor', 'template-admin', 'tracking-system', 'auditor', 'node-admin', 'data-protection'];
const HUMAN = ['agent', 'supervisor', 'template-admin', 'auditor', 'node-admin', 'data-protection'];
const CASE_WORKERS = ['agent', 'supervisor'];
const PUBLIC = 'public';

/** A valid S10 id posted in Japan, fresh per call. */
let serial = 30_000_000 + Math.floor(Math.random() * 60_000_000);
const item = () => {
  const s = String(serial++);
  return `CP${s}${s10CheckDigit(s)}JP`;
};

/**
 * Every operation and the roles that may call it. Written out here, not read from the code: a
 * route added without a line here fails the first test, a changed grant fails the matrix.
 */
const NODE_MATRIX: Record<string, string[] | typeof PUBLIC> = {
  getHealth: PUBLIC,
  login: PUBLIC,
  loginCallback: PUBLIC,
  logout: PUBLIC,
  getSession: HUMAN,
  getHealthDetails: ['node-admin'],
  listAudit: ['auditor'],
  openCase: CASE_WORKERS,
  previewCase: CASE_WORKERS,
  getCase: CASE_WORKERS,
  listCases: CASE_WORKERS,
  addCaseMessage: CASE_WORKERS,
  previewCaseMessage: CASE_WORKERS,
  resolveCase: CASE_WORKERS,
  getCaseHistory: CASE_WORKERS,
  assignCase: CASE_WORKERS,
  listQueue: CASE_WORKERS,
  getItemTimeline: CASE_WORKERS,
  listAlerts: CASE_WORKERS,
  streamAlerts: CASE_WORKERS,
  putCasePresence: CASE_WORKERS,
  deleteCasePresence: CASE_WORKERS,
  streamCasePresence: CASE_WORKERS,
  listAgents: ['supervisor'],
  listTemplates: ['agent', 'supervisor', 'template-admin'],
  getTemplate: ['agent', 'supervisor', 'template-admin'],
  putTemplate: ['template-admin'],
  deleteTemplate: ['template-admin'],
  ingestTrackingEvents: ['tracking-system'],
  getAgentProfile: HUMAN,
  putAgentProfile: HUMAN,
  getConsoleMessages: HUMAN,
  getCatalogue: HUMAN,
  getCodeSystem: HUMAN,
  getOperatorProfile: HUMAN,
  getTranslation: HUMAN,
  eraseCustomerData: ['data-protection'],
  listErasures: ['data-protection'],
  exportCustomerData: ['data-protection'],
};

const BROKER_MATRIX: Record<string, string[] | typeof PUBLIC> = {
  getHealth: PUBLIC,
  getHealthDetails: ['hub-operations'],
  listOperators: ['operator', 'hub-operations'],
  listIndexedCases: ['operator', 'hub-operations'],
  getIndexedCase: ['operator', 'hub-operations'],
  listDeadlines: ['operator', 'hub-operations'],
  getResponseTimeReport: ['operator', 'hub-operations'],
};

interface Op {
  id: string;
  method: string;
  path: string;
}

function operations(doc: any): Op[] {
  const ops: Op[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { operationId?: string }>>)) {
    for (const [method, op] of Object.entries(item)) if (op.operationId) ops.push({ id: op.operationId, method: method.toUpperCase(), path });
  }
  return ops;
}

// Path parameters that pass validation, so a refusal can only come from the guard.
const SAMPLE: Record<string, string> = { caseId: randomUUID(), itemId: 'RB123456785GB', templateId: 'MATRIX_PROBE', language: 'de', system: 'inquiryReason' };
const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE[name] ?? 'x');

/** Status and code of one call; a stream is closed as soon as its status is known. */
async function call(url: string, op: Op, as: Caller, extraHeaders: Record<string, string> = {}): Promise<{ status: number; code?: string }> {
  const abort = new AbortController();
  const body = op.method === 'POST' || op.method === 'PUT' ? '{}' : undefined;
  const res = await fetch(`${url}${fill(op.path)}`, {
    method: op.method,
    redirect: 'manual',
    signal: abort.signal,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(await authorization(url, as)), ...extraHeaders },
    body,
  });
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    abort.abort();
    return { status: res.status };
  }
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { code?: string }).code;
  } catch {
    code = undefined;
  }
  return { status: res.status, code };
}

const denied = (r: { status: number; code?: string }) => r.status === 403 && r.code === 'PERMISSION_DENIED';
// Refused for want of credentials (a public route's own 401s, e.g. a sign-in that cannot finish, are not).
const unauthenticated = (r: { status: number; code?: string }) => r.status === 401 && /^(UNAUTHENTICATED|TOKEN_|SESSION_)/.test(r.code ?? '');

describe('identity: everyone signed in, each only what its role allows', () => {
  let net: TestNetwork;
  let CH: string;
  let US: string;
  let BROKER: string;

  beforeAll(async () => {
    net = await TestNetwork.start([
      { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de', 'fr', 'en'] },
      { code: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en'] },
      // A node with a small rate limit and stream caps, and no clock skew tolerance, for the limit and expiry tests.
      { code: 'DE', country: 'DE', timeZone: 'Europe/Berlin', languages: ['de'], env: { RATE_LIMIT_PER_MINUTE: '40', ALERT_STREAMS_PER_CALLER: '2', OIDC_CLOCK_SKEW_SECONDS: '0' } },
    ]);
    CH = net.node('CH').url;
    US = net.node('US').url;
    BROKER = net.broker!.url;
  });

  afterAll(async () => {
    await net?.close();
  });

  describe('the permission matrix, from the OpenAPI documents', () => {
    it('classifies every operation of the node and the broker (a new route must be added here)', async () => {
      const nodeIds = operations(await (await fetch(`${CH}/docs-json`)).json()).map((o) => o.id).sort();
      const brokerIds = operations(await (await fetch(`${BROKER}/docs-json`)).json()).map((o) => o.id).sort();
      expect(nodeIds).toEqual(Object.keys(NODE_MATRIX).sort());
      expect(brokerIds).toEqual(Object.keys(BROKER_MATRIX).sort());
    });

    it('at a node: each role gets exactly its operations; no credentials 401; another post’s token 401', async () => {
      const ops = operations(await (await fetch(`${CH}/docs-json`)).json());
      const usToken = await net.realms.token('US', { user: 'us.everything', roles: NODE_ROLES });
      const wrong: string[] = [];
      for (const op of ops) {
        const allowed = NODE_MATRIX[op.id];
        for (const role of NODE_ROLES) {
          const r = await call(CH, op, { user: `matrix.${role}`, roles: [role] });
          const ok = allowed === PUBLIC || allowed.includes(role) ? !denied(r) && !unauthenticated(r) : denied(r);
          if (!ok) wrong.push(`${op.id} as ${role}: ${r.status} ${r.code ?? ''}`);
        }
        if (allowed === PUBLIC) continue;
        const anonymous = await call(CH, op, null);
        if (anonymous.status !== 401 || anonymous.code !== 'UNAUTHENTICATED') wrong.push(`${op.id} anonymous: ${anonymous.status} ${anonymous.code}`);
        const foreign = await call(CH, op, null, { authorization: `Bearer ${usToken}` });
        if (foreign.status !== 401 || foreign.code !== 'TOKEN_WRONG_ISSUER') wrong.push(`${op.id} with US's token: ${foreign.status} ${foreign.code}`);
      }
      expect(wrong).toEqual([]);
    });

    it('at a node: the CRM and tracking-system service clients hold exactly their roles', async () => {
      const ops = operations(await (await fetch(`${CH}/docs-json`)).json());
      const wrong: string[] = [];
      for (const op of ops) {
        const allowed = NODE_MATRIX[op.id];
        if (allowed === PUBLIC) continue;
        const crm = await call(CH, op, { client: 'crm' });
        if (CASE_WORKERS.some((r) => allowed.includes(r)) ? denied(crm) || unauthenticated(crm) : !denied(crm)) wrong.push(`${op.id} as crm: ${crm.status} ${crm.code}`);
        const tracking = await call(CH, op, TRACKING);
        if (allowed.includes('tracking-system') ? denied(tracking) || unauthenticated(tracking) : !denied(tracking)) wrong.push(`${op.id} as tracking-system: ${tracking.status} ${tracking.code}`);
      }
      expect(wrong).toEqual([]);
    });

    it('at the broker: operators and hub operations get their operations; node tokens and no credentials get 401', async () => {
      const ops = operations(await (await fetch(`${BROKER}/docs-json`)).json());
      const chNodeToken = await net.realms.token('CH', { user: 'ch.everything', roles: NODE_ROLES });
      const wrong: string[] = [];
      for (const op of ops) {
        const allowed = BROKER_MATRIX[op.id];
        const callers: Array<[string, Caller]> = [['operator', { client: 'operator-ch' }], ['hub-operations', 'hub-ops'], ['none', { user: 'hub.nobody', roles: [] }]];
        for (const [role, caller] of callers) {
          const r = await call(BROKER, op, caller);
          const ok = allowed === PUBLIC || allowed.includes(role) ? !denied(r) && !unauthenticated(r) : denied(r);
          if (!ok) wrong.push(`${op.id} as ${role}: ${r.status} ${r.code ?? ''}`);
        }
        if (allowed === PUBLIC) continue;
        const anonymous = await call(BROKER, op, null);
        if (anonymous.status !== 401) wrong.push(`${op.id} anonymous: ${anonymous.status}`);
        const nodeToken = await call(BROKER, op, null, { authorization: `Bearer ${chNodeToken}` });
        if (nodeToken.status !== 401) wrong.push(`${op.id} with a node token: ${nodeToken.status} ${nodeToken.code}`);
      }
      expect(wrong).toEqual([]);
    });

    it('keeps /metrics (not in the document) for node-admin', async () => {
      const metrics = (as: Caller) => fetch(`${CH}/metrics`).then(async () => (await fetch(`${CH}/metrics`, { headers: await authorization(CH, as) })).status);
      expect(await metrics(null)).toBe(401);
      expect(await metrics({ user: 'metrics.agent', roles: ['agent'] })).toBe(403);
      expect(await metrics({ user: 'metrics.admin', roles: ['node-admin'] })).toBe(200);
    });
  });

  describe('token attacks, on real Keycloak tokens', () => {
    const realmOf = (code: string) => net.realms.realmOf(code);

    it('refuses a tampered payload, alg none, HS256 keyed with the public key, a wrong audience and an unknown key', async () => {
      const token = await net.realms.token('CH', { user: 'attack.agent', roles: ['agent'] });
      const [h, p, s] = token.split('.');
      const claims = decodeJwtPayload(token) as Record<string, any>;
      const elevated = Buffer.from(JSON.stringify({ ...claims, realm_access: { roles: ['agent', 'template-admin', 'auditor', 'node-admin'] } })).toString('base64url');
      const asCode = async (t: string, path = '/cases') => {
        const r = await api(CH, 'GET', path, undefined, null, { authorization: `Bearer ${t}` });
        return `${r.status} ${r.body?.code}`;
      };
      expect(await asCode(`${h}.${p}.${s}`)).toBe('200 undefined');
      expect(await asCode(`${h}.${elevated}.${s}`, '/audit')).toBe('401 TOKEN_INVALID_SIGNATURE');
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${elevated}.`;
      expect(await asCode(none, '/audit')).toBe('401 TOKEN_INVALID');
      // HS256 with the realm's published RSA key as the HMAC secret.
      const jwks = (await (await fetch(`${net.realms.issuer(realmOf('CH'))}/protocol/openid-connect/certs`)).json()) as { keys: Array<Record<string, string>> };
      const rsa = jwks.keys.find((k) => k.use === 'sig' && k.kty === 'RSA')!;
      const pem = createPublicKey({ key: rsa as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
      const hsHeader = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: rsa.kid })).toString('base64url');
      const hs = `${hsHeader}.${elevated}.${createHmac('sha256', pem).update(`${hsHeader}.${elevated}`).digest('base64url')}`;
      expect(await asCode(hs, '/audit')).toBe('401 TOKEN_INVALID');
      // A real token of the same realm, issued to Keycloak's own admin-cli client: right issuer, not for this node.
      const adminCli = await passwordToken(net.realms.url, realmOf('CH'), 'admin-cli', 'attack.agent', 'attack.agent');
      expect(await asCode(adminCli.access_token)).toBe('401 TOKEN_WRONG_AUDIENCE');
      // Our own key, under a kid the IdP never published.
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const forgedHeader = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'forged-kid' })).toString('base64url');
      const forged = `${forgedHeader}.${elevated}.${sign('sha256', Buffer.from(`${forgedHeader}.${elevated}`), privateKey).toString('base64url')}`;
      expect(await asCode(forged, '/audit')).toBe('401 TOKEN_UNKNOWN_KEY');
      // A token of the hub: another issuer.
      expect(await asCode(await net.realms.token('hub', 'hub-ops'))).toBe('401 TOKEN_WRONG_ISSUER');
      const challenged = await api(CH, 'GET', '/cases', undefined, null, { authorization: `Bearer ${none}` });
      expect(challenged.headers.get('www-authenticate')).toMatch(/^Bearer realm="postbridge", error="invalid_token"/);
    });

    it('refuses a token once it has expired (DE tolerates no clock skew)', async () => {
      const admin = net.realms.keycloakAdmin;
      const realm = realmOf('DE');
      const [cli] = (await admin.request('GET', `/realms/${realm}/clients?clientId=postbridge-cli`)).json as Array<{ id: string; attributes?: Record<string, string> }>;
      await admin.request('PUT', `/realms/${realm}/clients/${cli.id}`, { ...cli, attributes: { ...cli.attributes, 'access.token.lifespan': '6' } });
      await net.realms.ensureUser('DE', 'short.lived', ['agent']);
      const t = await passwordToken(net.realms.url, realm, 'postbridge-cli', 'short.lived', 'short.lived');
      const DE = net.node('DE').url;
      expect((await api(DE, 'GET', '/cases', undefined, null, { authorization: `Bearer ${t.access_token}` })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 7_100));
      const late = await api(DE, 'GET', '/cases', undefined, null, { authorization: `Bearer ${t.access_token}` });
      expect({ status: late.status, code: late.body.code }).toEqual({ status: 401, code: 'TOKEN_EXPIRED' });
    });
  });

  describe('console sessions (authorization code + PKCE, backend for frontend)', () => {
    it('signs in through the IdP’s login page, works with the cookie and its CSRF token, and the cookie dies at logout', async () => {
      await net.realms.ensureUser('CH', 'sofia.keller', ['agent']);
      const { jar, landing, callbackUrl } = await consoleLogin(CH, 'sofia.keller', 'sofia.keller', '/cases?page=1');
      expect(landing).toBe('/cases?page=1');
      const cookie = jar.get(CH, 'pb_session');
      expect(cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // No token reached the browser: only the session cookie, httpOnly.
      const session = await browse(jar, `${CH}/auth/session`);
      const me = (await session.json()) as { id: string; roles: string[]; via: string; csrfToken: string };
      expect(me).toMatchObject({ id: 'sofia.keller', roles: ['agent'], via: 'session' });
      expect((await browse(jar, `${CH}/cases`)).status).toBe(200);

      const post = (headers: Record<string, string>) =>
        browse(jar, `${CH}/cases`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(openCaseBody('US', { itemId: item() })) });
      const noCsrf = await post({});
      expect({ status: noCsrf.status, code: ((await noCsrf.json()) as { code: string }).code }).toEqual({ status: 403, code: 'CSRF_TOKEN_MISSING' });
      const badCsrf = await post({ 'x-csrf-token': 'x'.repeat(me.csrfToken.length) });
      expect(((await badCsrf.json()) as { code: string }).code).toBe('CSRF_TOKEN_INVALID');
      const opened = await post({ 'x-csrf-token': me.csrfToken });
      expect(opened.status).toBe(201);
      const caseId = ((await opened.json()) as { id: string }).id;
      const history = await api(CH, 'GET', `/cases/${caseId}/history`);
      expect(history.body.entries[0]).toMatchObject({ action: 'OPENED', agentId: 'sofia.keller' });

      // The alert stream takes the same session: no token in the URL.
      const abort = new AbortController();
      const stream = await fetch(`${CH}/alerts/stream`, { headers: { cookie: jar.header(CH) }, signal: abort.signal });
      expect(stream.status).toBe(200);
      abort.abort();

      // The callback answers once: a replayed authorization response opens nothing.
      const replay = await browse(jar, callbackUrl);
      expect(((await replay.json()) as { code: string }).code).toBe('LOGIN_STATE_INVALID');

      const stolen = jar.header(CH);
      const out = await browse(jar, `${CH}/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } });
      expect(out.status).toBe(200);
      expect(((await out.json()) as { logoutUrl: string }).logoutUrl).toContain('/protocol/openid-connect/logout');
      const replayed = await fetch(`${CH}/cases`, { headers: { cookie: stolen } });
      expect({ status: replayed.status, code: ((await replayed.json()) as { code: string }).code }).toEqual({ status: 401, code: 'SESSION_EXPIRED' });
    });

    it('sets the session cookie httpOnly, SameSite and Secure, and refuses a callback started in another browser', async () => {
      await net.realms.ensureUser('CH', 'marco.rossi', ['agent']);
      const start = await fetch(`${CH}/auth/login`, { redirect: 'manual' });
      const loginCookie = start.headers.getSetCookie().find((c) => c.startsWith('pb_login='))!;
      expect(loginCookie).toMatch(/HttpOnly/);
      expect(loginCookie).toMatch(/SameSite=Lax/);
      expect(loginCookie).toMatch(/Secure/);
      const authorize = new URL(start.headers.get('location')!);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // A callback with a valid state but without this browser's binding cookie.
      const r = await fetch(`${CH}/auth/callback?state=${authorize.searchParams.get('state')}&code=abc`, { redirect: 'manual' });
      expect(((await r.json()) as { code: string }).code).toBe('LOGIN_STATE_INVALID');
    });
  });

  describe('the security review, reproduced', () => {
    it('no anonymous read of cases at a node or at the broker', async () => {
      expect((await api(CH, 'GET', '/cases', undefined, null)).status).toBe(401);
      expect((await api(BROKER, 'GET', '/cases', undefined, null)).status).toBe(401);
      expect((await api(BROKER, 'GET', '/deadlines', undefined, null)).status).toBe(401);
      expect((await api(BROKER, 'GET', '/reports/response-times', undefined, null)).status).toBe(401);
    });

    it('no acting as someone else: X-Agent-Id is ignored, the history names the verified caller', async () => {
      const opened = await api(CH, 'POST', '/cases', openCaseBody('US', { itemId: item() }), { user: 'real.agent', roles: ['agent'] }, { 'x-agent-id': 'the.boss', 'x-agent-name': 'The Boss' });
      expect(opened.status).toBe(201);
      const history = await api(CH, 'GET', `/cases/${opened.body.id}/history`);
      expect(history.body.entries[0]).toMatchObject({ agentId: 'real.agent' });
      expect(JSON.stringify(history.body)).not.toContain('the.boss');
    });

    it('no template overwrite by an agent; a template admin’s change is audited', async () => {
      const body = { kind: 'INFO', title: 'Address', body: 'Please send the full address.' };
      const byAgent = await api(CH, 'PUT', '/templates/REVIEW_PROBE/de', body, { user: 'tpl.agent', roles: ['agent', 'supervisor'] });
      expect({ status: byAgent.status, code: byAgent.body.code }).toEqual({ status: 403, code: 'PERMISSION_DENIED' });
      const byAdmin = await api(CH, 'PUT', '/templates/REVIEW_PROBE/de', body, { user: 'tpl.admin', roles: ['template-admin'] });
      expect(byAdmin.status).toBeLessThan(300);
      expect((await api(CH, 'DELETE', '/templates/REVIEW_PROBE/de', undefined, { user: 'tpl.admin', roles: ['template-admin'] })).status).toBeLessThan(300);
      const audit = await api(CH, 'GET', '/audit?principalId=tpl.admin', undefined, { user: 'the.auditor', roles: ['auditor'] });
      expect(audit.body.items.map((e: any) => [e.method, e.route, e.detail])).toEqual([
        ['DELETE', '/templates/:templateId/:language', { templateId: 'REVIEW_PROBE', language: 'de' }],
        ['PUT', '/templates/:templateId/:language', { templateId: 'REVIEW_PROBE', language: 'de' }],
      ]);
    });

    it('1,000 anonymous alert streams: every one refused, none opened', async () => {
      const streams = net.node('CH').app!.get(AlertStreams);
      const before = streams.openStreams;
      const statuses = await Promise.all(Array.from({ length: 1000 }, async () => (await fetch(`${CH}/alerts/stream`)).status));
      expect(new Set(statuses)).toEqual(new Set([401]));
      expect(streams.openStreams).toBe(before);
      const health = await api(CH, 'GET', '/health/details');
      expect(health.status).toBe(200);
    });

    it('caps alert streams per caller with 429 TOO_MANY_STREAMS', async () => {
      const DE = net.node('DE').url;
      const headers = { accept: 'text/event-stream', ...(await authorization(DE, { user: 'tabs.agent', roles: ['agent'] })) };
      const aborts: AbortController[] = [];
      try {
        for (let i = 0; i < 2; i++) {
          const a = new AbortController();
          aborts.push(a);
          expect((await fetch(`${DE}/alerts/stream`, { headers, signal: a.signal })).status).toBe(200);
        }
        const third = await fetch(`${DE}/alerts/stream`, { headers });
        expect({ status: third.status, code: ((await third.json()) as { code: string }).code }).toEqual({ status: 429, code: 'TOO_MANY_STREAMS' });
        // Another agent is not held back by this one's tabs.
        const other = new AbortController();
        aborts.push(other);
        expect((await fetch(`${DE}/alerts/stream`, { headers: { accept: 'text/event-stream', ...(await authorization(DE, { user: 'other.agent', roles: ['agent'] })) }, signal: other.signal })).status).toBe(200);
      } finally {
        for (const a of aborts) a.abort();
      }
    });

    it('limits requests per caller with 429 RATE_LIMITED and Retry-After, without holding back others', async () => {
      const DE = net.node('DE').url;
      const headers = await authorization(DE, { user: 'busy.crm', roles: ['agent'] });
      const statuses: number[] = [];
      let limited: Response | undefined;
      // A window may roll over on a slow machine: go on until the limit bites.
      for (let i = 0; i < 200 && !limited; i++) {
        const r = await fetch(`${DE}/catalogue/inquiryReason`, { headers });
        statuses.push(r.status);
        if (r.status === 429) limited = r;
      }
      expect(limited).toBeDefined();
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(40);
      expect(limited!.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await limited!.json()) as { code: string }).code).toBe('RATE_LIMITED');
      expect((await api(DE, 'GET', '/catalogue/inquiryReason', undefined, { user: 'calm.agent', roles: ['agent'] })).status).toBe(200);
      // Probes are not callers.
      expect((await fetch(`${DE}/health`)).status).toBe(200);
    });

    it('sends security headers and Cache-Control: no-store with customer data', async () => {
      const r = await api(CH, 'GET', '/cases');
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(r.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    });

    it('documents the security schemes, so Swagger UI can sign in at the IdP', async () => {
      const doc = (await (await fetch(`${CH}/docs-json`)).json()) as { components: { securitySchemes: Record<string, any> }; paths: Record<string, any> };
      expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
      expect(doc.components.securitySchemes.oidc.openIdConnectUrl).toBe(`${net.realms.issuer(net.realms.realmOf('CH'))}/.well-known/openid-configuration`);
      expect(doc.paths['/cases'].get.security).toEqual(expect.arrayContaining([{ bearer: [] }, { oidc: [] }]));
      expect(doc.paths['/cases'].get['x-permission']).toBe('cases:read');
      // Swagger UI signs in with the public swagger-ui client and PKCE, and has its redirect page.
      const init = await (await fetch(`${CH}/docs/swagger-ui-init.js`)).text();
      expect(init).toMatch(/initOAuth[\s\S]*"clientId":\s*"swagger-ui"/);
      expect(init).toMatch(/"usePkceWithAuthorizationCodeGrant":\s*true/);
      expect((await fetch(`${CH}/docs/oauth2-redirect.html`)).status).toBe(200);
    });
  });

  describe('a day at two posts, with real tokens', () => {
    it('open at CH as an agent, reply at US as an agent, a supervisor reassigns, the auditor sees who read what', async () => {
      const anna: Caller = { user: 'anna.ch', roles: ['agent'] };
      const bob: Caller = { user: 'bob.us', roles: ['agent'] };
      const opened = await api(CH, 'POST', '/cases', openCaseBody('US', { itemId: item() }), anna);
      expect(opened.status).toBe(201);
      const id = opened.body.id as string;
      const atUs = await eventually(async () => {
        const r = await api(US, 'GET', `/cases/${id}`, undefined, bob);
        return r.status === 200 ? r.body : undefined;
      }, 15_000, 'the case at US');
      expect((await api(US, 'PUT', `/cases/${id}/assignee`, { agentId: 'bob.us' }, bob)).status).toBe(200);
      const reply = await api(US, 'POST', `/cases/${id}/messages`, { kind: 'REPLY', outcome: 'DELIVERED_WITH_SIGNATURE', body: { text: 'Delivered, signed.', language: 'en' }, expectedVersion: atUs.version + 1 }, bob);
      expect(reply.status).toBe(201);
      // A supervisor at US gives the case to a colleague; bob could not.
      expect((await api(US, 'PUT', `/cases/${id}/assignee`, { agentId: 'carol.us' }, bob)).body.code).toBe('ASSIGN_OTHERS_DENIED');
      expect((await api(US, 'PUT', `/cases/${id}/assignee`, { agentId: 'carol.us' }, { user: 'sup.us', roles: ['agent', 'supervisor'] })).body.assignee).toBe('carol.us');
      // Bob cannot touch the saved replies.
      expect((await api(US, 'PUT', '/templates/BOB_TRIES/en', { kind: 'INFO', title: 't', body: 'b' }, bob)).status).toBe(403);
      // US's auditor sees bob's read and the supervisor's assignment, with nothing of the customer.
      const audit = await api(US, 'GET', `/audit?caseId=${id}`, undefined, { user: 'aud.us', roles: ['auditor'] });
      const lines = audit.body.items.map((e: any) => `${e.principalId} ${e.method} ${e.operation} ${e.status}`);
      expect(lines).toEqual(expect.arrayContaining(['bob.us GET getCase 200', 'bob.us PUT assignCase 200', 'bob.us POST addCaseMessage 201', 'bob.us PUT assignCase 403', 'sup.us PUT assignCase 200']));
      expect(JSON.stringify(audit.body)).not.toContain('Jane');
      // CH's auditor sees anna's opening under the new case's id.
      const chAudit = await api(CH, 'GET', `/audit?caseId=${id}`, undefined, { user: 'aud.ch', roles: ['auditor'] });
      expect(chAudit.body.items.map((e: any) => `${e.principalId} ${e.operation} ${e.status}`)).toContain('anna.ch openCase 201');
    });

    it('refuses UPDATE, DELETE and TRUNCATE of the audit log from the application’s connection', async () => {
      expect((await api(CH, 'GET', '/cases', undefined, { user: 'audited.agent', roles: ['agent'] })).status).toBe(200);
      const db = new Client({ connectionString: net.node('CH').db.url });
      await db.connect();
      try {
        const [row] = (await db.query('SELECT count(*)::int AS n FROM audit_log')).rows as Array<{ n: number }>;
        expect(row.n).toBeGreaterThan(0);
        await expect(db.query(`UPDATE audit_log SET principal_id = 'someone.else'`)).rejects.toThrow(/append-only/);
        await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
        await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
      } finally {
        await db.end();
      }
    });
  });
});
