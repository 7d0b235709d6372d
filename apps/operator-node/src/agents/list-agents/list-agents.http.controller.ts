import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { NodeContext } from '../../node-context';
import { ListAgentsQuery } from './list-agents.query.dto';
import { ListAgentsResponse } from './list-agents.response.dto';
import { TeamRepository } from './team.repository.port';

// Who carries how much is a supervisor's question: the permission that lets one assign others' cases.
@ApiTags('agents')
@RequirePermission('cases:assign-others')
@Controller('agents')
export class ListAgentsHttpController {
  constructor(private readonly team: TeamRepository, private readonly node: NodeContext) {}

  @Get()
  @ApiOperation({
    operationId: 'listAgents',
    summary: "This post's agents the node knows, each with their open, overdue and due-soon cases, and the unassigned ones",
    description: 'Agents come from assignments, agent profiles, console sessions of agents and supervisors, and case presence; ordered by agentId, paged.',
  })
  @ApiOkResponse({ type: ListAgentsResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_PAGE, INVALID_PAGE_SIZE, UNKNOWN_FIELD' })
  async listAgents(@Query() q: ListAgentsQuery): Promise<ListAgentsResponse> {
    const me = this.node.operatorCode;
    const [{ items, total }, unassigned] = await Promise.all([this.team.agents(me, q.page, q.pageSize), this.team.unassigned(me)]);
    return { items, unassigned, page: q.page, pageSize: q.pageSize, total };
  }
}
