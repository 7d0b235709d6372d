import { Body, Controller, HttpCode, Put, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { canonicalTag } from '@postbridge/catalogue';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { requireShippedLanguage } from '../../i18n/shipped-language';
import { Agent, CurrentAgent } from '../../cases/shared/agent.decorator';
import { ReaderResolver } from '../../i18n/reader.resolver';
import { toAgentProfileResponse } from '../shared/agent-profile.mapper';
import { AgentProfileRepository } from '../shared/agent-profile.repository.port';
import { AgentProfileResponse } from '../shared/agent-profile.response.dto';
import { PutAgentProfileRequest } from './put-agent-profile.request.dto';

@ApiTags('agents')
@RequirePermission('profile:me')
@Controller('agents/me/profile')
export class PutAgentProfileHttpController {
  constructor(private readonly profiles: AgentProfileRepository, private readonly readers: ReaderResolver) {}

  @Put()
  @HttpCode(200)
  @ApiOperation({ operationId: 'putAgentProfile', summary: 'Set the language (and time zone) this agent reads every case in; it wins over Accept-Language' })
  @ApiOkResponse({ type: AgentProfileResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_LANGUAGE_TAG, INVALID_TIME_ZONE, UNKNOWN_FIELD, MALFORMED_BODY' })
  @ApiUnprocessableEntityResponse({ type: ApiErrorBody, description: 'LANGUAGE_NOT_SUPPORTED: the catalogue has no labels in that language' })
  async putAgentProfile(
    @Body() body: PutAgentProfileRequest,
    @CurrentAgent() agent: Agent,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown },
  ): Promise<AgentProfileResponse> {
    requireShippedLanguage(body.language);
    // The tag as given (canonical case) is kept: its region shapes dates and numbers.
    const language = canonicalTag(body.language)!;
    const saved = await this.profiles.save({ agentId: agent.id, language, timeZone: body.timeZone ?? null });
    // The interceptor resolved this request before the save: answer as the next request will be.
    const reader = await this.readers.forAgent(agent.id, undefined);
    reply.header('Content-Language', reader.locale);
    return toAgentProfileResponse(agent.id, saved, reader);
  }
}
