import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { PageParam, PageSizeParam } from '@postbridge/platform';
import { IsAgentIdField } from '../../cases/shared/request-validators';

export class ListAuditQuery {
  @ApiPropertyOptional({ format: 'uuid', maxLength: 36, description: 'Entries about this case' })
  @IsOptional() @IsUUID('all', { context: { code: 'INVALID_CASE_ID' } })
  caseId?: string;

  @ApiPropertyOptional({ maxLength: 100, pattern: '^[A-Za-z0-9._@-]{1,100}$', description: 'Entries of this caller (agent id or service account)' })
  @IsOptional() @IsAgentIdField()
  principalId?: string;

  @ApiPropertyOptional({ format: 'date-time', maxLength: 40, description: 'At or after (ISO 8601)' })
  @IsOptional() @IsISO8601({ strict: true }, { context: { code: 'INVALID_DATE' } })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', maxLength: 40, description: 'Before (ISO 8601)' })
  @IsOptional() @IsISO8601({ strict: true }, { context: { code: 'INVALID_DATE' } })
  to?: string;

  @PageParam() page: number = 1;
  @PageSizeParam(50) pageSize: number = 50;
}
