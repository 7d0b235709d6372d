import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { AddCaseMessageRequest } from '../add-case-message/add-case-message.request.dto';
import { IsCaseVersion, MAX_VERSION } from '../shared/request-validators';

/** The message as addCaseMessage takes it, validated alike; the version is optional here. */
export class PreviewCaseMessageRequest extends OmitType(AddCaseMessageRequest, ['expectedVersion'] as const) {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_VERSION, example: 1, description: 'The case version the agent sees; when given and stale, 409 CASE_VERSION_CONFLICT as sending would get' })
  @IsOptional() @IsCaseVersion()
  expectedVersion?: number;
}
