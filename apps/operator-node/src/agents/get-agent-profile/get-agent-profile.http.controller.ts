import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { Agent, CurrentAgent } from '../../cases/shared/agent.decorator';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { toAgentProfileResponse } from '../shared/agent-profile.mapper';
import { AgentProfileRepository } from '../shared/agent-profile.repository.port';
import { AgentProfileResponse } from '../shared/agent-profile.response.dto';

@ApiTags('agents')
@RequirePermission('profile:me')
@Controller('agents/me/profile')
export class GetAgentProfileHttpController {
  constructor(private readonly profiles: AgentProfileRepository) {}

  @Get()
  @ApiOperation({ operationId: 'getAgentProfile', summary: "The agent's language and time zone, and how this request is rendered" })
  @RendersForReader()
  @ApiOkResponse({ type: AgentProfileResponse })
  async getAgentProfile(@CurrentAgent() agent: Agent, @CurrentReader() reader: Reader): Promise<AgentProfileResponse> {
    return toAgentProfileResponse(agent.id, await this.profiles.find(agent.id), reader);
  }
}
