import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageParam, PageSizeParam } from '@postbridge/platform';

export class ListErasuresQuery {
  @ApiPropertyOptional({ format: 'uuid', maxLength: 36, description: 'Erasures of this case' })
  @IsOptional() @IsUUID('all', { context: { code: 'INVALID_CASE_ID' } })
  caseId?: string;

  @PageParam() page: number = 1;
  @PageSizeParam(50) pageSize: number = 50;
}
