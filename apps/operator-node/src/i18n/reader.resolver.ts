import { Injectable, Logger } from '@nestjs/common';
import { AgentProfileRepository } from '../agents/shared/agent-profile.repository.port';
import { AGENT_ID } from '../cases/shared/agent-id';
import { NodeContext } from '../node-context';
import { Reader, readerOf } from './reader';

@Injectable()
export class ReaderResolver {
  private readonly logger = new Logger(ReaderResolver.name);

  constructor(
    private readonly node: NodeContext,
    private readonly profiles: AgentProfileRepository,
  ) {}

  async resolve(agentHeader: string | undefined, acceptLanguage: string | undefined): Promise<Reader> {
    const agentId = agentHeader?.trim() || null;
    // An invalid id is the agent decorator's 400 to give; here it just means "no profile".
    const profile = agentId && AGENT_ID.test(agentId) ? await this.profiles.find(agentId).catch((e: Error) => this.withoutProfile(e)) : null;
    return readerOf({ node: this.node, profile, acceptLanguage, agentId });
  }

  // A profile that cannot be read (database down) must not turn /health or an error answer into a 500.
  private withoutProfile(e: Error): null {
    this.logger.warn(`agent profile unavailable, rendering without it: ${e.message}`);
    return null;
  }
}
