import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min, ValidateNested } from 'class-validator';
import { RESOLUTION_CODES, ResolutionCode } from '@postbridge/domain';
import { LocalizedTextInput } from '../shared/localized-text.dto';

export class ResolveCaseRequest {
  @ApiProperty({ enum: RESOLUTION_CODES, example: 'DELIVERED' })
  @IsIn(RESOLUTION_CODES, { context: { code: 'INVALID_RESOLUTION_CODE' } })
  resolutionCode: ResolutionCode;

  @ApiPropertyOptional({ type: LocalizedTextInput })
  @IsOptional() @ValidateNested() @Type(() => LocalizedTextInput)
  note?: LocalizedTextInput;

  @ApiProperty({ example: 3, description: 'The case version the agent saw; a stale version gets 409 CASE_VERSION_CONFLICT' })
  @IsInt({ context: { code: 'INVALID_VERSION' } }) @Min(1, { context: { code: 'INVALID_VERSION' } })
  expectedVersion: number;
}
