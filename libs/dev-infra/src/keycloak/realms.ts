/**
 * Realm representations (Keycloak's RealmRepresentation JSON) of the PostBridge network: one realm
 * per operator node, one for the hub. The token contract the apps verify is made here:
 * - operator realm `postbridge-<code>`: `aud` holds `postbridge-node-<code>`, roles in `realm_access.roles`;
 * - hub realm `postbridge-hub`: `aud` holds `postbridge-broker`, operator clients carry `operator` = CODE.
 * Client secrets derive from a seed, so callers compute them (clientSecret) instead of reading them back.
 */
import { createHmac } from 'node:crypto';

export const OPERATOR_ROLES = ['agent', 'supervisor', 'template-admin', 'tracking-system', 'auditor', 'node-admin', 'data-protection'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];
export const HUB_ROLES = ['operator', 'hub-operations'] as const;

export const HUB_REALM = 'postbridge-hub';
export const BROKER_AUDIENCE = 'postbridge-broker';
/** Public client with the password grant only (curl, tests). */
export const CLI_CLIENT = 'postbridge-cli';
/** Used when no secretSeed is given: dev and tests only. */
export const DEFAULT_SECRET_SEED = 'postbridge-dev';

export interface SeedUser {
  username: string;
  /** Default: the username. */
  password?: string;
  /** Realm roles. */
  roles: string[];
  /** Default: the username capitalised. */
  firstName?: string;
  /** Default: the realm's operator code (HUB for the hub). */
  lastName?: string;
  /** Default: `<username>@<realm>.postbridge.test`. */
  email?: string;
}

/** The subset of Keycloak's RealmRepresentation these generators fill in (import takes the JSON as is). */
export interface RealmRepresentation {
  realm: string;
  enabled: boolean;
  accessTokenLifespan: number;
  roles: { realm: Array<{ name: string; description?: string }> };
  clients: Array<Record<string, unknown>>;
  users: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

export const operatorRealmName = (code: string): string => `postbridge-${code.toLowerCase()}`;
export const nodeAudience = (code: string): string => `postbridge-node-${code.toLowerCase()}`;
export const operatorClientId = (code: string): string => `operator-${code.toLowerCase()}`;

/** `CH`, `ch`, `postbridge-ch` and `hub` name realms the same way. */
function realmNameOf(realmOrCode: string): string {
  const s = realmOrCode.toLowerCase();
  return s.startsWith('postbridge-') ? s : `postbridge-${s}`;
}

/** HMAC-SHA256(seed, "<realm>/<clientId>") in hex, first 32 characters. */
export function clientSecret(seed: string, realmOrCode: string, clientId: string): string {
  return createHmac('sha256', seed).update(`${realmNameOf(realmOrCode)}/${clientId}`).digest('hex').slice(0, 32);
}

export function defaultOperatorUsers(): SeedUser[] {
  return [
    { username: 'agent', roles: ['agent'] },
    { username: 'agent2', roles: ['agent'] },
    { username: 'supervisor', roles: ['agent', 'supervisor'] },
    { username: 'templates', roles: ['template-admin'] },
    { username: 'auditor', roles: ['auditor'] },
    { username: 'admin', roles: ['node-admin'] },
    { username: 'dpo', roles: ['data-protection'] },
  ];
}

// The realm's default client scopes, listed so the contract does not rest on Keycloak's defaults:
// basic (sub), profile (preferred_username, name), email, roles (realm_access.roles).
const DEFAULT_CLIENT_SCOPES = ['basic', 'profile', 'email', 'roles', 'web-origins', 'acr'];

function audienceMapper(audience: string, idToken: boolean): Record<string, unknown> {
  return {
    name: `audience ${audience}`,
    protocol: 'openid-connect',
    protocolMapper: 'oidc-audience-mapper',
    consentRequired: false,
    config: {
      'included.custom.audience': audience,
      'access.token.claim': 'true',
      'id.token.claim': String(idToken),
      'introspection.token.claim': 'true',
      'lightweight.claim': 'false',
    },
  };
}

function hardcodedClaimMapper(claim: string, value: string): Record<string, unknown> {
  return {
    name: `claim ${claim}`,
    protocol: 'openid-connect',
    protocolMapper: 'oidc-hardcoded-claim-mapper',
    consentRequired: false,
    config: {
      'claim.name': claim,
      'claim.value': value,
      'jsonType.label': 'String',
      'access.token.claim': 'true',
      'id.token.claim': 'false',
      'userinfo.token.claim': 'false',
      'introspection.token.claim': 'true',
    },
  };
}

const flows = { standardFlowEnabled: false, implicitFlowEnabled: false, directAccessGrantsEnabled: false, serviceAccountsEnabled: false };

function client(clientId: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    clientId,
    name: clientId,
    enabled: true,
    protocol: 'openid-connect',
    publicClient: false,
    clientAuthenticatorType: 'client-secret',
    frontchannelLogout: true,
    fullScopeAllowed: true,
    defaultClientScopes: DEFAULT_CLIENT_SCOPES,
    optionalClientScopes: [],
    ...flows,
    ...extra,
  };
}

function serviceClient(clientId: string, secret: string, mappers: Array<Record<string, unknown>>): Record<string, unknown> {
  return client(clientId, { secret, serviceAccountsEnabled: true, protocolMappers: mappers });
}

/** Public client of Swagger UI's "Authorize" (authorization code + PKCE, no secret in a web page). */
export const DOCS_CLIENT = 'swagger-ui';
function docsClient(urls: string[], audience: string): Record<string, unknown> {
  return client(DOCS_CLIENT, {
    publicClient: true,
    standardFlowEnabled: true,
    redirectUris: urls.map((u) => `${u}/docs/oauth2-redirect.html`),
    webOrigins: [...new Set(urls.map(origin))],
    attributes: { 'pkce.code.challenge.method': 'S256' },
    protocolMappers: [audienceMapper(audience, false)],
  });
}

function cliClient(mappers: Array<Record<string, unknown>>): Record<string, unknown> {
  return client(CLI_CLIENT, { publicClient: true, directAccessGrantsEnabled: true, protocolMappers: mappers });
}

/** The user linked to a service-account client, with its realm roles (as Keycloak exports it). */
function serviceAccountUser(clientId: string, roles: string[]): Record<string, unknown> {
  return { username: `service-account-${clientId}`, enabled: true, serviceAccountClientId: clientId, realmRoles: roles };
}

export function userRepresentation(u: SeedUser, realm: string, lastNameDefault: string): Record<string, unknown> {
  return {
    username: u.username,
    enabled: true,
    emailVerified: true,
    firstName: u.firstName ?? u.username.charAt(0).toUpperCase() + u.username.slice(1),
    lastName: u.lastName ?? lastNameDefault,
    email: u.email ?? `${u.username}@${realm}.postbridge.test`,
    credentials: [{ type: 'password', value: u.password ?? u.username, temporary: false }],
    requiredActions: [],
    realmRoles: u.roles,
  };
}

function realmBase(realm: string, roles: readonly string[]): RealmRepresentation {
  return {
    realm,
    enabled: true,
    accessTokenLifespan: 300,
    // Dev and test realms: wrong passwords in tests must not lock the seed users out.
    bruteForceProtected: false,
    roles: { realm: roles.map((name) => ({ name })) },
    clients: [],
    users: [],
  };
}

const origin = (url: string): string => new URL(url).origin;
const trimSlash = (url: string): string => (url.endsWith('/') ? trimSlash(url.slice(0, -1)) : url);

/**
 * The realm of one operator node (`code` e.g. `CH`); `nodeUrls` are where its console is served.
 * `realm` (default postbridge-<code>; must start with postbridge-) lets tests sharing one Keycloak each have their own.
 */
export function operatorRealm(opts: { code: string; nodeUrls: string[]; users?: SeedUser[]; secretSeed?: string; realm?: string }): RealmRepresentation {
  const realm = opts.realm ?? operatorRealmName(opts.code);
  const seed = opts.secretSeed ?? DEFAULT_SECRET_SEED;
  const audience = nodeAudience(opts.code);
  const urls = opts.nodeUrls.map(trimSlash);
  const secret = (id: string): string => clientSecret(seed, realm, id);
  const clients = [
    client('console', {
      secret: secret('console'),
      standardFlowEnabled: true,
      redirectUris: urls.map((u) => `${u}/auth/callback`),
      webOrigins: [...new Set(urls.map(origin))],
      attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': urls.map((u) => `${u}/*`).join('##') },
      protocolMappers: [audienceMapper(audience, true)],
    }),
    docsClient(urls, audience),
    serviceClient('crm', secret('crm'), [audienceMapper(audience, false)]),
    serviceClient('tracking-system', secret('tracking-system'), [audienceMapper(audience, false)]),
    cliClient([audienceMapper(audience, false)]),
  ];
  return {
    ...realmBase(realm, OPERATOR_ROLES),
    clients,
    users: [
      ...(opts.users ?? defaultOperatorUsers()).map((u) => userRepresentation(u, realm, opts.code.toUpperCase())),
      serviceAccountUser('crm', ['agent', 'supervisor']),
      serviceAccountUser('tracking-system', ['tracking-system']),
    ],
  };
}

/**
 * The hub's realm: one service-account client per operator (`operator-<code>`) for the broker API.
 * `realm` (default postbridge-hub) lets tests that share one Keycloak each have a hub of their own.
 */
export function hubRealm(opts: { operatorCodes: string[]; users?: SeedUser[]; secretSeed?: string; realm?: string; brokerUrls?: string[] }): RealmRepresentation {
  const seed = opts.secretSeed ?? DEFAULT_SECRET_SEED;
  const realm = opts.realm ?? HUB_REALM;
  const aud = audienceMapper(BROKER_AUDIENCE, false);
  const codes = [...new Set(opts.operatorCodes.map((c) => c.toUpperCase()))];
  return {
    ...realmBase(realm, HUB_ROLES),
    clients: [
      ...codes.map((c) => serviceClient(operatorClientId(c), clientSecret(seed, realm, operatorClientId(c)), [aud, hardcodedClaimMapper('operator', c)])),
      cliClient([aud]),
      docsClient((opts.brokerUrls ?? []).map(trimSlash), BROKER_AUDIENCE),
    ],
    users: [
      ...(opts.users ?? [{ username: 'hub-ops', roles: ['hub-operations'] }]).map((u) => userRepresentation(u, realm, 'HUB')),
      ...codes.map((c) => serviceAccountUser(operatorClientId(c), ['operator'])),
    ],
  };
}
