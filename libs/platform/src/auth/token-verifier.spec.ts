import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { ApiException } from '../api-error';
import { oidcSettings, OidcEnv } from './oidc-settings';
import { TokenVerifier } from './token-verifier';

// An issuer of our own (discovery + JWKS over HTTP), so every attack can be minted exactly.
describe('TokenVerifier', () => {
  let server: Server;
  let issuer: string;
  let keys: JWK[] = [];
  let jwksFetches = 0;
  let signing: { privateKey: KeyLike; publicJwk: JWK };

  const env = (over: Partial<OidcEnv> = {}): OidcEnv => Object.assign(new OidcEnv(), { OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'postbridge-node-ch', ...over });
  const mint = (claims: Record<string, unknown> = {}, opts: { kid?: string; key?: KeyLike; exp?: string | number; iss?: string; aud?: string } = {}) =>
    new SignJWT({ preferred_username: 'anna.meier', name: 'Anna Meier', azp: 'console', realm_access: { roles: ['agent', 'offline_access'] }, typ: 'Bearer', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'k1' })
      .setIssuer(opts.iss ?? issuer)
      .setAudience(opts.aud ?? 'postbridge-node-ch')
      .setSubject('3f1c0d6e')
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '5m')
      .sign(opts.key ?? signing.privateKey);

  const code = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
    } catch (e) {
      if (e instanceof ApiException) return `${e.status} ${e.code}`;
      throw e;
    }
    return 'accepted';
  };

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    signing = { privateKey: privateKey as KeyLike, publicJwk: { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' } };
    keys = [signing.publicJwk];
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/realm/.well-known/openid-configuration') return res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/certs` }));
      // What a container sees: the IdP under an internal name, naming its public issuer.
      if (req.url === '/internal/.well-known/openid-configuration') return res.end(JSON.stringify({ issuer: 'https://idp.post.example/realm', jwks_uri: `${issuer}/certs` }));
      if (req.url === '/realm/certs') {
        jwksFetches += 1;
        return res.end(JSON.stringify({ keys }));
      }
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realm`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('accepts a good token and maps it to a principal with known roles only', async () => {
    const v = new TokenVerifier(oidcSettings(env()));
    const p = v.principal(await v.verify(await mint()), new Set(['agent', 'supervisor']));
    expect(p).toMatchObject({ id: 'anna.meier', displayName: 'Anna Meier', clientId: 'console', via: 'bearer' });
    expect([...p.roles]).toEqual(['agent']);
  });

  it('refuses expired, foreign, tampered, unsigned and confused tokens with their codes', async () => {
    const v = new TokenVerifier(oidcSettings(env()));
    const good = await mint();
    const [h, , s] = good.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ iss: issuer, aud: 'postbridge-node-ch', preferred_username: 'anna.meier', realm_access: { roles: ['supervisor'] }, exp: 4e9, iat: 1 })).toString('base64url');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${forgedBody}.`;
    // The classic confusion: HS256 keyed with the RSA public key, hoping the verifier treats the key as a secret.
    const hsHeader = Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'k1' })).toString('base64url');
    const hs = `${hsHeader}.${forgedBody}.${createHmac('sha256', JSON.stringify(signing.publicJwk)).update(`${hsHeader}.${forgedBody}`).digest('base64url')}`;
    const other = await generateKeyPair('RS256');
    expect(await code(v.verify(await mint({}, { exp: Math.floor(Date.now() / 1000) - 120 })))).toBe('401 TOKEN_EXPIRED');
    expect(await code(v.verify(await mint({}, { iss: 'http://127.0.0.1:1/other' })))).toBe('401 TOKEN_WRONG_ISSUER');
    expect(await code(v.verify(await mint({}, { aud: 'postbridge-node-us' })))).toBe('401 TOKEN_WRONG_AUDIENCE');
    expect(await code(v.verify(`${h}.${forgedBody}.${s}`))).toBe('401 TOKEN_INVALID_SIGNATURE');
    expect(await code(v.verify(none))).toBe('401 TOKEN_INVALID');
    expect(await code(v.verify(hs))).toBe('401 TOKEN_INVALID');
    expect(await code(v.verify(await mint({}, { kid: 'k9', key: other.privateKey as KeyLike })))).toBe('401 TOKEN_UNKNOWN_KEY');
    expect(await code(v.verify(await mint({ typ: 'ID' })))).toBe('401 TOKEN_INVALID');
    // An ID token of an IdP that does not mark kinds (Entra): at_hash gives it away.
    expect(await code(v.verify(await mint({ typ: undefined, at_hash: 'x1y2' })))).toBe('401 TOKEN_INVALID');
    const logoutToken = await new SignJWT({ preferred_username: 'anna.meier', realm_access: { roles: ['agent'] } })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'logout+jwt' }).setIssuer(issuer).setAudience('postbridge-node-ch').setIssuedAt().setExpirationTime('5m').sign(signing.privateKey);
    expect(await code(v.verify(logoutToken))).toBe('401 TOKEN_INVALID');
    const rfc9068 = await new SignJWT({ preferred_username: 'anna.meier', realm_access: { roles: ['agent'] } })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' }).setIssuer(issuer).setAudience('postbridge-node-ch').setIssuedAt().setExpirationTime('5m').sign(signing.privateKey);
    expect(await code(v.verify(rfc9068))).toBe('accepted');
    expect(await code(v.verify('not.a.jwt'))).toBe('401 TOKEN_MALFORMED');
  });

  it('refuses another issuer’s token by its issuer, without fetching keys for its kid', async () => {
    const v = new TokenVerifier(oidcSettings(env(), { jwksCooldownMs: 0 }));
    await v.verify(await mint());
    const before = jwksFetches;
    const foreign = await generateKeyPair('RS256');
    expect(await code(v.verify(await mint({}, { iss: 'http://127.0.0.1:1/other-post', kid: 'theirs', key: foreign.privateKey as KeyLike })))).toBe('401 TOKEN_WRONG_ISSUER');
    expect(jwksFetches).toBe(before);
  });

  it('reads discovery from OIDC_DISCOVERY_URL when the public issuer URL does not reach the IdP', async () => {
    const publicIssuer = 'https://idp.post.example/realm';
    const v = new TokenVerifier(oidcSettings(env({ OIDC_ISSUER: publicIssuer, OIDC_DISCOVERY_URL: issuer.replace('/realm', '/internal/.well-known/openid-configuration') })));
    await expect(v.verify(await mint({}, { iss: publicIssuer }))).resolves.toMatchObject({ iss: publicIssuer });
    // Without it the public URL is asked, and cannot answer here.
    const direct = new TokenVerifier(oidcSettings(env({ OIDC_ISSUER: publicIssuer })));
    expect(await code(direct.verify(await mint({}, { iss: publicIssuer })))).toBe('503 IDP_UNAVAILABLE');
  });

  it('tolerates the configured clock skew and no more', async () => {
    const v = new TokenVerifier(oidcSettings(env({ OIDC_CLOCK_SKEW_SECONDS: 30 })));
    const now = Math.floor(Date.now() / 1000);
    expect(await code(v.verify(await mint({}, { exp: now - 10 })))).toBe('accepted');
    expect(await code(v.verify(await mint({}, { exp: now - 60 })))).toBe('401 TOKEN_EXPIRED');
  });

  it('fetches the key set again when a token names a key it has not seen (rotation at the IdP)', async () => {
    const v = new TokenVerifier(oidcSettings(env(), { jwksCooldownMs: 0 }));
    await v.verify(await mint());
    const before = jwksFetches;
    const next = await generateKeyPair('RS256');
    keys = [signing.publicJwk, { ...(await exportJWK(next.publicKey)), kid: 'k2', alg: 'RS256', use: 'sig' }];
    try {
      await expect(v.verify(await mint({}, { kid: 'k2', key: next.privateKey as KeyLike }))).resolves.toMatchObject({ preferred_username: 'anna.meier' });
      expect(jwksFetches).toBe(before + 1);
      // Known keys verify without another fetch.
      await v.verify(await mint());
      expect(jwksFetches).toBe(before + 1);
    } finally {
      keys = [signing.publicJwk];
    }
  });

  it('asks the IdP at most once per cooldown, however many unknown kids arrive (forged kids cannot make it hammer the IdP)', async () => {
    const v = new TokenVerifier(oidcSettings(env(), { jwksCooldownMs: 60_000 }));
    await v.verify(await mint());
    const before = jwksFetches;
    for (let i = 0; i < 5; i++) expect(await code(v.verify(await mint({}, { kid: `x${i}` })))).toBe('401 TOKEN_UNKNOWN_KEY');
    expect(jwksFetches).toBe(before);
  });

  it('maps IdP groups through OIDC_ROLE_MAP and ignores unmapped ones', async () => {
    const v = new TokenVerifier(oidcSettings(env({ OIDC_ROLES_CLAIM: 'groups', OIDC_ROLE_MAP: 'a1b2=supervisor, c3d4=agent' })));
    const p = v.principal(await v.verify(await mint({ groups: ['a1b2', 'zzzz', 'agent'] })), new Set(['agent', 'supervisor']));
    expect([...p.roles]).toEqual(['supervisor']);
  });

  it('refuses an id claim that cannot name an agent', async () => {
    const v = new TokenVerifier(oidcSettings(env()));
    expect(() => v.principal({ preferred_username: 'has space', sub: 'x' }, new Set())).toThrow(expect.objectContaining({ code: 'INVALID_SUBJECT' }));
    expect(v.principal({ sub: 'c0ffee' }, new Set()).id).toBe('c0ffee');
  });

  it('answers 503 IDP_UNAVAILABLE when the issuer cannot be reached, and tries again on the next request', async () => {
    const v = new TokenVerifier(oidcSettings(env({ OIDC_ISSUER: 'http://127.0.0.1:1/realm' })));
    expect(await code(v.verify(await mint({}, { iss: 'http://127.0.0.1:1/realm' })))).toBe('503 IDP_UNAVAILABLE');
    expect(await code(v.verify(await mint({}, { iss: 'http://127.0.0.1:1/realm' })))).toBe('503 IDP_UNAVAILABLE');
  });
});
