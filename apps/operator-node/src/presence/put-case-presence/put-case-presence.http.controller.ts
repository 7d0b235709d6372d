import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, CurrentPrincipal, Principal, NotAudited, RequirePermission } from '@postbridge/platform';
import { CaseIdPipe } from '../../cases/shared/case-id.param';
import { caseNotFound } from '../../cases/shared/case-lookup';
import { othersThan, PRESENCE_LIST_CAP } from '../shared/case-presence';
import { CasePresenceRepository } from '../shared/case-presence.repository.port';
import { CasePresenceResponse } from '../shared/case-presence.response.dto';
import { PutCasePresenceRequest } from './put-case-presence.request.dto';

// Whoever may read the case may say they are looking at it; presence never leaves this node.
@ApiTags('presence')
@RequirePermission('cases:read')
@NotAudited('a heartbeat every 10 s per open case screen; who viewed a case is audited by its reads')
@Controller('cases')
export class PutCasePresenceHttpController {
  constructor(private readonly presence: CasePresenceRepository) {}

  @Put(':caseId/presence')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'putCasePresence',
    summary: 'Heartbeat: the caller has the case open (viewing or writing a reply); answers who else at this post has',
    description: 'Send every 10 s while the case is open; an entry expires 30 s after its last heartbeat. Never sent to the partner post.',
  })
  @ApiParam({ name: 'caseId', description: 'Case id (a UUID)', schema: { type: 'string', format: 'uuid', maxLength: 36 } })
  @ApiOkResponse({ type: CasePresenceResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_CASE_ID, INVALID_ACTIVITY, UNKNOWN_FIELD' })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CASE_NOT_FOUND' })
  async putCasePresence(@Param('caseId', CaseIdPipe) caseId: string, @Body() body: PutCasePresenceRequest, @CurrentPrincipal() caller: Principal): Promise<CasePresenceResponse> {
    if (!(await this.presence.heartbeat(caseId, caller, body.activity))) throw caseNotFound(caseId);
    return { caseId, viewers: othersThan(await this.presence.entries(caseId), caller.id).slice(0, PRESENCE_LIST_CAP) };
  }
}
