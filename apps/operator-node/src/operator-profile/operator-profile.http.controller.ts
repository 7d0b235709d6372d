import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { NodeContext } from '../node-context';
import { RequirePermission } from '@postbridge/platform';

export class OperatorProfileResponse {
  @ApiProperty({ example: 'CH' }) operatorCode: string;
  @ApiProperty({ example: 'Swiss Post' }) name: string;
  @ApiProperty({ example: 'CH' }) country: string;
  @ApiProperty({ example: 'Europe/Zurich' }) timeZone: string;
  @ApiProperty({ example: ['de', 'fr', 'it', 'en'] }) languages: string[];
}

@ApiTags('operator')
@RequirePermission('reference:read')
@Controller('operator')
export class OperatorProfileHttpController {
  constructor(private readonly node: NodeContext) {}

  @Get()
  @ApiOperation({ operationId: 'getOperatorProfile', summary: 'Which postal operator this node serves' })
  @ApiOkResponse({ type: OperatorProfileResponse })
  getOperatorProfile(): OperatorProfileResponse {
    const n = this.node;
    return { operatorCode: n.operatorCode, name: n.operatorName, country: n.country, timeZone: n.timeZone, languages: n.languages };
  }
}
