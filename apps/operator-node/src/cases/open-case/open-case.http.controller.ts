import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ApiErrorBody } from '@postbridge/platform';
import { NodeContext } from '../../node-context';
import { Agent, ApiAgentHeaders, CurrentAgent } from '../shared/agent.decorator';
import { toCaseResponse } from '../shared/case.mapper';
import { CaseResponse } from '../shared/case.response.dto';
import { OpenCaseRequest } from './open-case.request.dto';
import { OpenCaseService } from './open-case.service';

@ApiTags('cases')
@Controller('cases')
export class OpenCaseHttpController {
  constructor(private readonly service: OpenCaseService, private readonly node: NodeContext) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ operationId: 'openCase', summary: 'Open an inquiry about an international item; it is sent to the destination post' })
  @ApiAgentHeaders()
  @ApiCreatedResponse({ type: CaseResponse, description: 'Stored; status SUBMITTED until the destination node has received it' })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'e.g. INVALID_ITEM_ID, UNKNOWN_FIELD, AGENT_ID_REQUIRED' })
  @ApiUnprocessableEntityResponse({ type: ApiErrorBody, description: 'SELF_ADDRESSED' })
  async openCase(@Body() body: OpenCaseRequest, @CurrentAgent() agent: Agent): Promise<CaseResponse> {
    const c = await this.service.execute(body, agent);
    return toCaseResponse(c, this.node.operatorCode, []);
  }
}
