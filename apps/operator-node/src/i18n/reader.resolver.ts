import { Injectable, Logger } from '@nestjs/common';
import { ReaderSource } from '@postbridge/platform';
import type { FastifyRequest } from 'fastify';
import { AgentProfileRepository } from '../agents/shared/agent-profile.repository.port';
import { AGENT_ID } from '../cases/shared/agent-id';
import { NodeContext } from '../node-context';
import { Reader, readerOf } from './reader';

/** The node's readers: the agent's profile, else Accept-Language, else the node's languages. */
@Injectable()
export class ReaderResolver extends ReaderSource<Reader> {
  readonly varyOn = 'Accept-Language, X-Agent-Id';
  private readonly logger = new Logger(ReaderResolver.name);

  constructor(
    private readonly node: NodeContext,
    private readonly profiles: AgentProfileRepository,
  ) {
    super();
  }

  resolve(req: FastifyRequest): Promise<Reader> {
    const header = (name: string): string | undefined => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(',') : v;
    };
    return this.forAgent(header('x-agent-id'), header('accept-language'));
  }

  async forAgent(agentHeader: string | undefined, acceptLanguage: string | undefined): Promise<Reader> {
    const agentId = agentHeader?.trim() || null;
    // An invalid id is the agent decorator's 400 to give; here it just means "no profile".
    const profile = agentId && AGENT_ID.test(agentId) ? await this.profiles.find(agentId).catch((e: Error) => this.withoutProfile(e)) : null;
    return readerOf({ node: this.node, profile, acceptLanguage, agentId });
  }

  // A profile that cannot be read (database down) must not turn a rendered answer into a 500.
  private withoutProfile(e: Error): null {
    this.logger.warn(`agent profile unavailable, rendering without it: ${e.message}`);
    return null;
  }
}
