import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { AlertFilterQuery } from '../shared/alert-filter.query.dto';

export class ListAlertsQuery extends AlertFilterQuery {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt({ context: { code: 'INVALID_LIMIT' } }) @Min(1, { context: { code: 'INVALID_LIMIT' } }) @Max(500, { context: { code: 'INVALID_LIMIT' } })
  limit: number = 100;
}
