import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, CurrentPrincipal, Principal, NotAudited, RequirePermission } from '@postbridge/platform';
import { CaseIdPipe } from '../../cases/shared/case-id.param';
import { caseNotFound } from '../../cases/shared/case-lookup';
import { CasePresenceRepository } from '../shared/case-presence.repository.port';

@ApiTags('presence')
@RequirePermission('cases:read')
@NotAudited('the end of a heartbeat; who viewed a case is audited by its reads')
@Controller('cases')
export class DeleteCasePresenceHttpController {
  constructor(private readonly presence: CasePresenceRepository) {}

  @Delete(':caseId/presence')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteCasePresence', summary: 'The caller left the case: others see it at once instead of after the 30 s expiry' })
  @ApiParam({ name: 'caseId', description: 'Case id (a UUID)', schema: { type: 'string', format: 'uuid', maxLength: 36 } })
  @ApiNoContentResponse({ description: 'Gone (also when the caller was not there)' })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_CASE_ID' })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CASE_NOT_FOUND' })
  async deleteCasePresence(@Param('caseId', CaseIdPipe) caseId: string, @CurrentPrincipal() caller: Principal): Promise<void> {
    if (!(await this.presence.caseExists(caseId))) throw caseNotFound(caseId);
    await this.presence.leave(caseId, caller.id);
  }
}
