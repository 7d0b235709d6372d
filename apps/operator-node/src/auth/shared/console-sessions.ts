import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiException, Principal, readCookie, secretCookie, SessionAuthenticator } from '@postbridge/platform';
import { SessionRepository } from './session.repository.port';
import { SESSION_COOKIE, SessionSettings } from './session-settings';

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export const cookieOf = (req: FastifyRequest, name: string): string | undefined => readCookie(req.headers.cookie, name);

// Idle time is refreshed at most this often, so a busy console does not write on every request.
const TOUCH_EVERY_MS = 60_000;

/** Console sessions for the global guard: the cookie names a row; idle and absolute expiry; CSRF for writes. */
@Injectable()
export class ConsoleSessions extends SessionAuthenticator implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ConsoleSessions.name);
  private readonly csrf = new WeakMap<Principal, string>();
  private pruner: NodeJS.Timeout | null = null;

  constructor(private readonly sessions: SessionRepository, private readonly settings: SessionSettings) {
    super();
  }

  onModuleInit(): void {
    if (!this.settings.enabled) return;
    this.pruner = setInterval(() => void this.prune().catch((e: Error) => this.logger.warn(`session prune failed: ${e.message}`)), 5 * 60_000);
    this.pruner.unref();
  }

  /** In bounded batches, until nothing expired is left (or 50,000 rows went in one round). */
  private async prune(): Promise<void> {
    for (let i = 0; i < 50; i++) if ((await this.sessions.prune(new Date(), this.settings.idleMs, 1_000)) < 1_000) return;
  }

  onModuleDestroy(): void {
    if (this.pruner) clearInterval(this.pruner);
  }

  async authenticate(req: FastifyRequest, reply: FastifyReply): Promise<Principal | null> {
    const id = cookieOf(req, SESSION_COOKIE);
    if (!id) return null;
    const hash = sha256(id);
    const s = await this.sessions.find(hash);
    const now = Date.now();
    const dead = !s || s.expiresAt.getTime() <= now || now - s.lastSeenAt.getTime() > this.settings.idleMs;
    if (dead) {
      if (s) await this.sessions.delete(hash);
      this.clearCookie(reply);
      throw new ApiException(401, 'SESSION_EXPIRED', 'the console session has ended (signed out, idle or too old): sign in again');
    }
    if (now - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.sessions.touch(hash, new Date(now));
    const p: Principal = { id: s.principalId, displayName: s.displayName, roles: new Set(s.roles), clientId: s.clientId, operator: null, via: 'session', sessionId: hash };
    this.csrf.set(p, s.csrfToken);
    return p;
  }

  /** The CSRF token of the session `p` was authenticated from (loaded with it: no second lookup). */
  csrfTokenOf(p: Principal): string | null {
    return this.csrf.get(p) ?? null;
  }

  csrfOk(req: FastifyRequest, p: Principal): boolean {
    const sent = req.headers['x-csrf-token'];
    const expected = this.csrf.get(p);
    if (typeof sent !== 'string' || !expected || sent.length !== expected.length) return false;
    return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
  }

  clearCookie(reply: FastifyReply): void {
    reply.header('set-cookie', sessionCookie('', this.settings.secureCookie, 0));
  }
}

export function sessionCookie(value: string, secure: boolean, maxAgeSeconds?: number, name = SESSION_COOKIE, path = '/'): string {
  return secretCookie(name, value, { secure, maxAgeSeconds, path });
}
