import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from './principal';

/**
 * Console sessions (the node's backend-for-frontend). The guard asks it when a request carries no
 * bearer token; it returns null when there is no session cookie, throws 401 for a dead one.
 */
export abstract class SessionAuthenticator {
  abstract authenticate(req: FastifyRequest, reply: FastifyReply): Promise<Principal | null>;
  /** Whether the request carries the session's CSRF token (required for writes that rely on the cookie). */
  abstract csrfOk(req: FastifyRequest, principal: Principal): boolean;
}
