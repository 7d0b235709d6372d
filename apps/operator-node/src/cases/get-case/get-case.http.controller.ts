import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody } from '@postbridge/platform';
import { NodeContext } from '../../node-context';
import { CaseIdPipe } from '../shared/case-id.param';
import { caseNotFound } from '../shared/case-lookup';
import { toCaseResponse } from '../shared/case.mapper';
import { CaseRepository } from '../shared/case.repository.port';
import { CaseResponse } from '../shared/case.response.dto';

@ApiTags('cases')
@Controller('cases')
export class GetCaseHttpController {
  constructor(private readonly cases: CaseRepository, private readonly node: NodeContext) {}

  @Get(':caseId')
  @ApiOperation({ operationId: 'getCase', summary: 'A case with its messages, status and what this node may do next' })
  @ApiOkResponse({ type: CaseResponse, headers: { ETag: { description: 'Version of the case', schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'CASE_NOT_FOUND' })
  async getCase(@Param('caseId', CaseIdPipe) caseId: string, @Res({ passthrough: true }) reply: { header(k: string, v: string): unknown }): Promise<CaseResponse> {
    const c = await this.cases.findById(caseId);
    if (!c) throw caseNotFound(caseId);
    reply.header('etag', `"${c.version}"`);
    return toCaseResponse(c, this.node, await this.cases.messagesOf(caseId));
  }
}
