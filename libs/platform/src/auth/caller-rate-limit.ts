import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiException } from '../api-error';
import type { Principal } from './principal';

type Check = (req: FastifyRequest) => Promise<{ isAllowed: boolean; isExceeded: boolean; max: number; ttlInSeconds: number }>;

/**
 * The limit per verified caller, applied by the guard once it knows who calls (a key taken from an
 * unverified token could be forged per request, or be a victim's). @fastify/rate-limit's own
 * store and windows, through its createRateLimit.
 */
export class CallerRateLimit {
  private check: Check | null | undefined;
  private readonly keys = new WeakMap<FastifyRequest, string>();

  constructor(readonly perMinute: number) {}

  async take(fastify: FastifyInstance, req: FastifyRequest, reply: FastifyReply, p: Principal): Promise<void> {
    if (this.check === undefined) {
      const create = (fastify as unknown as { createRateLimit?: (o: object) => Check }).createRateLimit;
      // Apps always register the plugin (createHybridApp); a bare test module may not.
      this.check = create ? create.call(fastify, { max: this.perMinute, timeWindow: 60_000, keyGenerator: (r: FastifyRequest) => this.keys.get(r) ?? `ip:${r.ip}` }) : null;
    }
    if (!this.check) return;
    this.keys.set(req, p.sessionId ? `session:${p.sessionId}` : `caller:${p.clientId ?? ''}:${p.id}`);
    const r = await this.check(req);
    if (r.isAllowed || !r.isExceeded) return;
    reply.header('retry-after', String(r.ttlInSeconds));
    throw new ApiException(429, 'RATE_LIMITED', `more than ${r.max} requests in a minute from this caller: retry after ${r.ttlInSeconds} s`);
  }
}
