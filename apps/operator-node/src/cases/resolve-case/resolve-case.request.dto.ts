import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { NestedObject } from '@postbridge/platform';
import { RESOLUTION_CODES, ResolutionCode } from '@postbridge/domain';
import { LocalizedTextInput } from '../shared/localized-text.dto';
import { IsCaseVersion, MAX_VERSION } from '../shared/request-validators';

export class ResolveCaseRequest {
  @ApiProperty({ enum: RESOLUTION_CODES, example: 'DELIVERED' })
  @IsIn(RESOLUTION_CODES, { context: { code: 'INVALID_RESOLUTION_CODE' } })
  resolutionCode: ResolutionCode;

  @ApiPropertyOptional({ type: LocalizedTextInput })
  @NestedObject(() => LocalizedTextInput, { optional: true })
  note?: LocalizedTextInput;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_VERSION, example: 3, description: 'The case version the agent saw; a stale version gets 409 CASE_VERSION_CONFLICT' })
  @IsCaseVersion()
  expectedVersion: number;
}
