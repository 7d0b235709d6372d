import { Logger } from '@nestjs/common';
import { createRemoteJWKSet, decodeJwt, errors, JWTPayload, jwtVerify } from 'jose';
import { ApiException } from '../api-error';
import type { OidcSettings } from './oidc-settings';
import type { Principal } from './principal';

/** Agent ids as histories record them. */
export const PRINCIPAL_ID = /^[A-Za-z0-9._@-]{1,100}$/;

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * Validates access tokens locally against the issuer's JWKS (jose): signature, allowed algorithms,
 * issuer, audience, expiry with a small skew. jose refetches the key set when a token names an
 * unknown `kid` (at most once per cooldown), so key rotation at the IdP needs no restart.
 */
export class TokenVerifier {
  private keySet: Promise<KeySet> | null = null;

  constructor(private readonly s: OidcSettings) {}

  async verify(token: string): Promise<JWTPayload> {
    // Another IdP's token is refused by its issuer before any key lookup: a clear code, and no JWKS refetch for its kid.
    let claimed: unknown;
    try {
      claimed = decodeJwt(token).iss;
    } catch {
      throw unauthorized('TOKEN_MALFORMED', 'the access token is not a valid JWT');
    }
    if (claimed !== this.s.issuer) throw unauthorized('TOKEN_WRONG_ISSUER', 'the access token was issued by another identity provider');
    const keys = await this.keys();
    try {
      const { payload, protectedHeader } = await jwtVerify(token, keys, {
        issuer: this.s.issuer,
        audience: this.s.audience,
        algorithms: this.s.algorithms,
        clockTolerance: this.s.clockSkewSeconds,
        requiredClaims: ['exp', 'iat'],
      });
      // An ID token is for the client that asked for it, not a credential for APIs: Keycloak marks its
      // kinds in `typ`, RFC 9068 access tokens in the header's `typ`, and ID tokens of a code flow carry `at_hash`.
      if (typeof payload.typ === 'string' && payload.typ !== 'Bearer') throw unauthorized('TOKEN_INVALID', `a ${payload.typ} token is not an access token`);
      if (payload.at_hash !== undefined) throw unauthorized('TOKEN_INVALID', 'an ID token is not an access token');
      if (protectedHeader.typ !== undefined && !/^(JWT|at\+jwt|application\/at\+jwt)$/i.test(protectedHeader.typ)) throw unauthorized('TOKEN_INVALID', `a ${protectedHeader.typ} token is not an access token`);
      return payload;
    } catch (e) {
      throw this.explain(e);
    }
  }

  /** An OIDC ID token from the code flow: same issuer and keys, audience the client, the nonce of the login. */
  async verifyIdToken(token: string, clientId: string, nonce: string): Promise<JWTPayload> {
    const keys = await this.keys();
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: this.s.issuer, audience: clientId, algorithms: this.s.algorithms, clockTolerance: this.s.clockSkewSeconds, requiredClaims: ['exp', 'iat', 'sub'] });
      if (payload.nonce !== nonce) throw unauthorized('LOGIN_FAILED', 'the ID token does not answer this login (nonce)');
      return payload;
    } catch (e) {
      throw this.explain(e);
    }
  }

  private discovered: { doc: OidcDiscovery; until: number } | null = null;

  /** The issuer's discovery document (endpoints for the console's code flow), kept 10 minutes. */
  async discovery(): Promise<OidcDiscovery> {
    if (this.discovered && Date.now() < this.discovered.until) return this.discovered.doc;
    const doc = await discover(this.s.issuer, this.s.discoveryUrl);
    this.discovered = { doc, until: Date.now() + 10 * 60_000 };
    return doc;
  }

  /** Principal of a verified payload; the roles are PostBridge roles, `known` filters what the IdP sent. */
  principal(payload: JWTPayload, known: ReadonlySet<string>): Principal {
    const id = stringClaim(payload, this.s.agentIdClaim) ?? payload.sub;
    if (!id || !PRINCIPAL_ID.test(id)) throw new ApiException(403, 'INVALID_SUBJECT', `the token's ${this.s.agentIdClaim} is not a usable id (1-100 letters, digits, . _ @ -)`);
    const raw = claimAt(payload, this.s.rolesClaim);
    const values = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : typeof raw === 'string' ? raw.split(' ') : [];
    const roles = new Set<string>();
    for (const v of values) {
      const role = this.s.roleMap ? this.s.roleMap.get(v) : v;
      if (role && known.has(role)) roles.add(role);
    }
    const name = stringClaim(payload, this.s.nameClaim) ?? stringClaim(payload, 'preferred_username') ?? id;
    const clientId = stringClaim(payload, 'azp') ?? stringClaim(payload, 'client_id') ?? stringClaim(payload, 'appid') ?? null;
    const operator = this.s.operatorClaim ? stringClaim(payload, this.s.operatorClaim) ?? null : null;
    return { id, displayName: name.slice(0, 200), roles, clientId, operator, via: 'bearer' };
  }

  private keys(): Promise<KeySet> {
    if (!this.keySet) {
      this.keySet = this.jwksUrl().then((url) => createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000, cooldownDuration: this.s.jwksCooldownMs ?? 30_000, cacheMaxAge: 10 * 60_000 }));
      // A failed discovery is retried by the next request, not remembered.
      this.keySet.catch(() => (this.keySet = null));
    }
    return this.keySet;
  }

  private async jwksUrl(): Promise<string> {
    return this.s.jwksUrl ?? (await this.discovery()).jwks_uri;
  }

  private explain(e: unknown): ApiException {
    if (e instanceof ApiException) return e;
    if (e instanceof errors.JWTExpired) return unauthorized('TOKEN_EXPIRED', 'the access token has expired');
    if (e instanceof errors.JWTClaimValidationFailed) {
      if (e.claim === 'iss') return unauthorized('TOKEN_WRONG_ISSUER', 'the access token was issued by another identity provider');
      if (e.claim === 'aud') return unauthorized('TOKEN_WRONG_AUDIENCE', 'the access token is not meant for this service');
      return unauthorized('TOKEN_INVALID', `the access token's ${e.claim} claim is not acceptable`);
    }
    if (e instanceof errors.JWKSNoMatchingKey) return unauthorized('TOKEN_UNKNOWN_KEY', 'the access token is signed with a key the identity provider does not publish');
    if (e instanceof errors.JWSSignatureVerificationFailed) return unauthorized('TOKEN_INVALID_SIGNATURE', 'the access token signature does not verify');
    if (e instanceof errors.JOSEAlgNotAllowed || e instanceof errors.JOSENotSupported) return unauthorized('TOKEN_INVALID', 'the access token uses an algorithm this service does not accept');
    if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid || e instanceof errors.JWKSMultipleMatchingKeys) return idpUnavailable((e as Error).message);
    if (e instanceof errors.JOSEError) return unauthorized('TOKEN_MALFORMED', 'the access token is not a valid JWT');
    // fetch of the key set failed (network): the IdP is out of reach, the token may be fine.
    return idpUnavailable((e as Error).message);
  }
}

export function unauthorized(code: string, message: string): ApiException {
  return new ApiException(401, code, message);
}

const logger = new Logger('TokenVerifier');

// The reason names the IdP's hosts: it goes to the log, the caller gets the code.
function idpUnavailable(reason: string): ApiException {
  logger.warn(`identity provider unavailable: ${reason}`);
  return new ApiException(503, 'IDP_UNAVAILABLE', 'the identity provider cannot be reached to check the token');
}

export interface OidcDiscovery {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

async function discover(issuer: string, at?: string): Promise<OidcDiscovery> {
  const url = at ?? `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  } catch (e) {
    throw idpUnavailable(`discovery at ${url} failed: ${(e as Error).message}`);
  }
  if (!res.ok) throw idpUnavailable(`discovery at ${url} answered ${res.status}`);
  const doc = (await res.json().catch(() => ({}))) as Partial<OidcDiscovery>;
  if (doc.issuer !== issuer || typeof doc.jwks_uri !== 'string') throw idpUnavailable(`discovery at ${url} names issuer ${String(doc.issuer)}, not ${issuer}, or no jwks_uri`);
  return doc as OidcDiscovery;
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let v: unknown = payload;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const v = claimAt(payload, name);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
