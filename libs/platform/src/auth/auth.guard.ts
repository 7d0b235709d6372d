import { CanActivate, ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiException } from '../api-error';
import { PERMISSION_KEY, PUBLIC } from './auth.decorators';
import type { AuthenticatedRequest, Principal } from './principal';
import { SessionAuthenticator } from './session-authenticator';
import { TokenVerifier, unauthorized } from './token-verifier';
import { AuthPolicy } from './auth-policy';
import { CallerRateLimit } from './caller-rate-limit';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one global guard: every HTTP route names a permission (or is public), the caller is
 * authenticated by a bearer token or a console session, and one of its roles must grant the
 * permission. Kafka handlers are not HTTP: the transport verifies who sent a message.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly policy: AuthPolicy,
    private readonly limit: CallerRateLimit,
    private readonly http: HttpAdapterHost,
    @Optional() private readonly sessions?: SessionAuthenticator,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const permission = this.reflector.getAllAndOverride<string | undefined>(PERMISSION_KEY, [ctx.getHandler(), ctx.getClass()]);
    // route-permissions.ts refuses to start with such a route; this is the backstop.
    if (!permission) throw new ApiException(403, 'PERMISSION_DENIED', 'this route declares no permission');
    if (permission === PUBLIC) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const principal = await this.authenticate(req, reply);
    req.principal = principal;
    await this.limit.take(this.http.httpAdapter.getInstance(), req, reply, principal);
    if (!this.policy.allows(principal, permission)) {
      throw new ApiException(403, 'PERMISSION_DENIED', `this needs the permission ${permission}, which none of your roles (${[...principal.roles].join(', ') || 'none'}) grants`);
    }
    return true;
  }

  private async authenticate(req: FastifyRequest, reply: FastifyReply): Promise<Principal> {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
      if (!m) throw this.challenge(reply, unauthorized('UNAUTHENTICATED', 'the Authorization header must be "Bearer <access token>"'));
      try {
        return this.verifier.principal(await this.verifier.verify(m[1]), this.policy.knownRoles);
      } catch (e) {
        throw e instanceof ApiException && e.status === 401 ? this.challenge(reply, e, 'invalid_token') : e;
      }
    }
    const session = this.sessions ? await this.sessions.authenticate(req, reply) : null;
    if (session) {
      if (!SAFE_METHODS.has(req.method) && !this.sessions!.csrfOk(req, session)) {
        throw new ApiException(403, req.headers['x-csrf-token'] ? 'CSRF_TOKEN_INVALID' : 'CSRF_TOKEN_MISSING', 'a write in a console session needs the X-CSRF-Token header of GET /auth/session');
      }
      return session;
    }
    throw this.challenge(reply, unauthorized('UNAUTHENTICATED', 'sign in (GET /auth/login) or send "Authorization: Bearer <access token>"'));
  }

  private challenge(reply: FastifyReply, e: ApiException, error?: string): ApiException {
    reply.header('www-authenticate', `Bearer realm="postbridge"${error ? `, error="${error}"` : ''}`);
    return e;
  }
}
