import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { AlertFilter } from '../shared/alert';
import { AlertFilterQuery } from '../shared/alert-filter.query.dto';

export class ListAlertsQuery extends AlertFilterQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this case's alerts" })
  @IsOptional() @IsUUID('all', { context: { code: 'INVALID_CASE_ID' } })
  caseId?: string;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt({ context: { code: 'INVALID_LIMIT' } }) @Min(1, { context: { code: 'INVALID_LIMIT' } }) @Max(500, { context: { code: 'INVALID_LIMIT' } })
  limit: number = 100;

  override toFilter(): AlertFilter {
    return { ...super.toFilter(), caseId: this.caseId };
  }
}
