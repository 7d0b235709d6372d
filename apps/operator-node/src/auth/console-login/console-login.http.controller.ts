import { createHash, randomBytes } from 'node:crypto';
import { Controller, Get, HttpCode, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrorBody, ApiException, AuthPolicy, CurrentPrincipal, Principal, Public, RequirePermission, TokenVerifier } from '@postbridge/platform';
import { ConsoleSessions, cookieOf, sessionCookie, sha256 } from '../shared/console-sessions';
import { SessionRepository } from '../shared/session.repository.port';
import { LOGIN_COOKIE, SessionSettings } from '../shared/session-settings';

const random = (bytes = 32): string => randomBytes(bytes).toString('base64url');
const LOGIN_TTL_MS = 10 * 60_000;

export class SessionResponse {
  @ApiProperty({ example: 'anna.meier' }) id: string;
  @ApiProperty({ example: 'Anna Meier' }) displayName: string;
  @ApiProperty({ type: [String], example: ['agent'] }) roles: string[];
  @ApiProperty({ enum: ['session', 'bearer'] }) via: 'session' | 'bearer';
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Send as X-CSRF-Token on every write that relies on the session cookie' }) csrfToken: string | null;
}

export class LogoutResponse {
  @ApiProperty({ type: String, nullable: true, description: "The identity provider's end-session URL, to end the single sign-on too (null when the IdP has none)" }) logoutUrl: string | null;
}

// The console, served at /.
const HOME = '/';

/** Only paths of this node (printable ASCII): an open redirect would hand the session to another site. */
export function safeReturnTo(v: unknown): string {
  return typeof v === 'string' && /^\/(?![/\\])[\x21-\x7e]{0,1999}$/.test(v) ? v : HOME;
}

// What the IdP sends back is checked before it reaches the database or a log: our states are base64url.
const STATE = /^[A-Za-z0-9_-]{16,200}$/;
const PRINTABLE = /^[\x21-\x7e]{1,4000}$/;

/**
 * The console's sign-in, handled by the node as a backend for the frontend: authorization code
 * with PKCE against the post's identity provider; the browser gets an httpOnly cookie naming a
 * session kept here, never a token.
 */
@ApiTags('sign-in')
@Controller('auth')
export class ConsoleLoginHttpController {
  private readonly logger = new Logger(ConsoleLoginHttpController.name);

  constructor(
    private readonly settings: SessionSettings,
    private readonly sessions: SessionRepository,
    private readonly consoleSessions: ConsoleSessions,
    private readonly verifier: TokenVerifier,
    private readonly policy: AuthPolicy,
  ) {}

  @Get('login')
  @Public()
  @ApiOperation({ operationId: 'login', summary: "Starts the console sign-in: redirects to the post's identity provider (authorization code + PKCE)" })
  @ApiQuery({ name: 'returnTo', required: false, description: 'A path of this node to come back to', schema: { type: 'string', maxLength: 2000 } })
  @ApiFoundResponse({ description: 'To the identity provider' })
  @ApiUnauthorizedResponse({ type: ApiErrorBody, description: 'CONSOLE_LOGIN_DISABLED: this node has no console client (OIDC_CLIENT_ID)' })
  async login(@Query('returnTo') returnTo: unknown, @Res() reply: FastifyReply): Promise<void> {
    this.requireEnabled();
    const d = await this.verifier.discovery();
    const binding = random();
    const state = random();
    const nonce = random();
    const codeVerifier = random(48);
    await this.sessions.saveLogin({ state, bindingHash: sha256(binding), nonce, codeVerifier, returnTo: safeReturnTo(returnTo), expiresAt: new Date(Date.now() + LOGIN_TTL_MS) });
    const url = new URL(d.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: this.settings.clientId!,
      response_type: 'code',
      scope: 'openid profile email',
      redirect_uri: this.settings.redirectUri,
      state,
      nonce,
      code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    // Binds the callback to this browser: a login started elsewhere cannot be finished here.
    reply.header('set-cookie', sessionCookie(binding, this.settings.secureCookie, LOGIN_TTL_MS / 1000, LOGIN_COOKIE, '/auth'));
    reply.header('cache-control', 'no-store').redirect(url.toString(), 302);
  }

  @Get('callback')
  @Public()
  @ApiOperation({ operationId: 'loginCallback', summary: 'Where the identity provider sends the browser back: opens the session and redirects to returnTo' })
  @ApiQuery({ name: 'code', required: false, schema: { type: 'string', maxLength: 4000 } })
  @ApiQuery({ name: 'state', required: false, schema: { type: 'string', maxLength: 200 } })
  @ApiQuery({ name: 'error', required: false, schema: { type: 'string', maxLength: 200 } })
  @ApiFoundResponse({ description: 'Signed in; to returnTo' })
  @ApiUnauthorizedResponse({ type: ApiErrorBody, description: 'LOGIN_STATE_INVALID (unknown, used, expired or started in another browser), LOGIN_FAILED (the IdP refused or its answer does not verify), CONSOLE_LOGIN_DISABLED' })
  async callback(@Query() q: Record<string, unknown>, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.requireEnabled();
    const state = typeof q.state === 'string' && STATE.test(q.state) ? q.state : '';
    const binding = cookieOf(req, LOGIN_COOKIE);
    // Taken only by the browser that started it: someone who saw the state cannot spoil the sign-in.
    const login = state && binding ? await this.sessions.takeLogin(state, sha256(binding)) : null;
    if (!login || login.expiresAt.getTime() < Date.now()) {
      throw new ApiException(401, 'LOGIN_STATE_INVALID', 'this sign-in is unknown, used, expired or was started in another browser: start again at /auth/login');
    }
    if (q.error !== undefined) throw new ApiException(401, 'LOGIN_FAILED', `the identity provider refused the sign-in${typeof q.error === 'string' && /^[a-z_]{1,100}$/.test(q.error) ? `: ${q.error}` : ''}`);
    if (typeof q.code !== 'string' || !PRINTABLE.test(q.code)) throw new ApiException(401, 'LOGIN_FAILED', 'the identity provider sent no authorization code');
    const tokens = await this.exchange(q.code, login.codeVerifier);
    const idClaims = await this.verifier.verifyIdToken(tokens.id_token, this.settings.clientId!, login.nonce);
    const principal = this.verifier.principal(await this.verifier.verify(tokens.access_token), this.policy.knownRoles);
    const id = random();
    const now = new Date();
    await this.sessions.create({
      idHash: sha256(id),
      csrfToken: random(),
      principalId: principal.id,
      displayName: principal.displayName,
      roles: [...principal.roles],
      clientId: principal.clientId,
      idToken: tokens.id_token,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.settings.absoluteMs),
    });
    this.logger.log(`console session opened for ${principal.id} (${[...principal.roles].join(', ') || 'no roles'}), sub ${String(idClaims.sub)}`);
    reply.header('set-cookie', [sessionCookie(id, this.settings.secureCookie, Math.floor(this.settings.absoluteMs / 1000)), sessionCookie('', this.settings.secureCookie, 0, LOGIN_COOKIE, '/auth')]);
    reply.header('cache-control', 'no-store').redirect(login.returnTo, 302);
  }

  @Get('session')
  @RequirePermission('profile:me')
  @ApiOperation({ operationId: 'getSession', summary: 'Who is signed in, with which roles, and the CSRF token writes in this session must send' })
  @ApiOkResponse({ type: SessionResponse })
  session(@CurrentPrincipal() p: Principal): SessionResponse {
    return { id: p.id, displayName: p.displayName, roles: [...p.roles], via: p.via, csrfToken: p.via === 'session' ? this.consoleSessions.csrfTokenOf(p) : null };
  }

  @Post('logout')
  @HttpCode(200)
  @Public()
  @ApiOperation({ operationId: 'logout', summary: "Ends the console session here (the cookie no longer works, even replayed) and gives the IdP's end-session URL" })
  @ApiOkResponse({ type: LogoutResponse })
  async logout(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LogoutResponse> {
    // An ended or unknown session (authenticate clears its cookie and throws) has nothing left to end.
    const p = await this.consoleSessions.authenticate(req, reply).catch(() => null);
    if (!p) {
      this.consoleSessions.clearCookie(reply);
      return { logoutUrl: null };
    }
    // Logging someone out is a write: a cross-site form must not do it, nor wipe the cookie.
    if (!this.consoleSessions.csrfOk(req, p)) throw new ApiException(403, 'CSRF_TOKEN_INVALID', 'logout needs the X-CSRF-Token of GET /auth/session');
    this.consoleSessions.clearCookie(reply);
    const s = await this.sessions.delete(p.sessionId!);
    if (!s) return { logoutUrl: null };
    const d = await this.verifier.discovery().catch(() => null);
    if (!d?.end_session_endpoint) return { logoutUrl: null };
    const url = new URL(d.end_session_endpoint);
    url.search = new URLSearchParams({ client_id: this.settings.clientId ?? '', post_logout_redirect_uri: `${this.settings.publicUrl!.replace(/\/$/, '')}/`, ...(s.idToken ? { id_token_hint: s.idToken } : {}) }).toString();
    return { logoutUrl: url.toString() };
  }

  private requireEnabled(): void {
    if (!this.settings.enabled) throw new ApiException(401, 'CONSOLE_LOGIN_DISABLED', 'this node has no console sign-in configured (OIDC_CLIENT_ID, PUBLIC_URL); use a bearer token');
  }

  private async exchange(code: string, codeVerifier: string): Promise<{ access_token: string; id_token: string }> {
    const d = await this.verifier.discovery();
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (this.settings.clientSecret) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(this.settings.clientId!)}:${encodeURIComponent(this.settings.clientSecret)}`).toString('base64')}`;
    let res: Response;
    try {
      res = await fetch(d.token_endpoint, {
        method: 'POST',
        headers,
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: this.settings.redirectUri, code_verifier: codeVerifier, client_id: this.settings.clientId! }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      this.logger.warn(`token endpoint unreachable: ${(e as Error).message}`);
      throw new ApiException(503, 'IDP_UNAVAILABLE', 'the identity provider cannot be reached to finish the sign-in');
    }
    const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; id_token?: unknown; error?: unknown };
    if (!res.ok || typeof body.access_token !== 'string' || typeof body.id_token !== 'string') {
      this.logger.warn(`code exchange refused: ${res.status} ${String(body.error ?? '')}`);
      throw new ApiException(401, 'LOGIN_FAILED', 'the identity provider refused the authorization code');
    }
    return { access_token: body.access_token, id_token: body.id_token };
  }
}
