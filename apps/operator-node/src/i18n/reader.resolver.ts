import { Injectable, Logger } from '@nestjs/common';
import { AuthenticatedRequest, ReaderSource } from '@postbridge/platform';
import type { FastifyRequest } from 'fastify';
import { AgentProfileRepository } from '../agents/shared/agent-profile.repository.port';
import { AGENT_ID } from '../cases/shared/agent-id';
import { NodeContext } from '../node-context';
import { Reader, readerOf } from './reader';

/** The node's readers: the agent's profile, else Accept-Language, else the node's languages. */
@Injectable()
export class ReaderResolver extends ReaderSource<Reader> {
  readonly varyOn = 'Accept-Language, Authorization, Cookie';
  private readonly logger = new Logger(ReaderResolver.name);

  constructor(
    private readonly node: NodeContext,
    private readonly profiles: AgentProfileRepository,
  ) {
    super();
  }

  // Interceptors run after the guard: the principal, when there is one, is verified.
  resolve(req: FastifyRequest & AuthenticatedRequest): Promise<Reader> {
    const v = req.headers['accept-language'];
    return this.forAgent(req.principal?.id, Array.isArray(v) ? v.join(',') : v);
  }

  async forAgent(agentId: string | null | undefined, acceptLanguage: string | undefined): Promise<Reader> {
    const profile = agentId && AGENT_ID.test(agentId) ? await this.profiles.find(agentId).catch((e: Error) => this.withoutProfile(e)) : null;
    return readerOf({ node: this.node, profile, acceptLanguage, agentId });
  }

  // A profile that cannot be read (database down) must not turn a rendered answer into a 500.
  private withoutProfile(e: Error): null {
    this.logger.warn(`agent profile unavailable, rendering without it: ${e.message}`);
    return null;
  }
}
