import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OperatorRegistry } from '../operator-registry';
import { OperatorResponse } from './operator.response.dto';
import { RequirePermission } from '@postbridge/platform';

@ApiTags('network')
@RequirePermission('network:read')
@Controller('operators')
export class ListOperatorsHttpController {
  constructor(private readonly registry: OperatorRegistry) {}

  @Get()
  @ApiOperation({ operationId: 'listOperators', summary: 'Operators of the network, as the broker routes to them' })
  @ApiOkResponse({ type: [OperatorResponse] })
  listOperators(): OperatorResponse[] {
    return this.registry.all().map(OperatorResponse.from);
  }
}
