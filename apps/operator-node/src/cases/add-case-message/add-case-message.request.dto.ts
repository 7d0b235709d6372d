import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';
import { TEMPLATE_ID } from '@postbridge/contracts';
import { MESSAGE_KINDS, MessageKind, REPLY_OUTCOMES, ReplyOutcome } from '@postbridge/domain';
import { LocalizedTextInput } from '../shared/localized-text.dto';

export class AddCaseMessageRequest {
  @ApiProperty({ enum: MESSAGE_KINDS, description: 'Origin post: INFO. Destination post: REPLY or INFO_REQUEST.' })
  @IsIn(MESSAGE_KINDS, { context: { code: 'INVALID_MESSAGE_KIND' } })
  kind: MessageKind;

  @ApiPropertyOptional({ type: LocalizedTextInput, description: 'Free text. Give either body or templateId.' })
  @IsOptional() @ValidateNested() @Type(() => LocalizedTextInput)
  body?: LocalizedTextInput;

  @ApiPropertyOptional({
    example: 'DELIVERED_WITH_SIGNATURE',
    description: "A saved reply (GET /templates). It is filled from the case and sent as the template id plus your language's text; the partner reads its own language version.",
  })
  @IsOptional() @Matches(TEMPLATE_ID, { message: 'templateId must be a template id such as DELIVERED_WITH_SIGNATURE', context: { code: 'INVALID_TEMPLATE_ID' } })
  templateId?: string;

  @ApiPropertyOptional({ enum: REPLY_OUTCOMES, description: "REPLY only, and required there (a template with an outcome supplies it): what this post found" })
  @IsOptional() @IsIn(REPLY_OUTCOMES, { context: { code: 'INVALID_OUTCOME' } })
  outcome?: ReplyOutcome;

  @ApiPropertyOptional({ example: '2026-11-20T14:05:00Z', description: 'REPLY only: the date the outcome is about (delivered, returned, forwarded at), ISO 8601 with offset' })
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true }, { context: { code: 'INVALID_DATE' } }) @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'eventAt must name its offset (Z or +hh:mm)', context: { code: 'INVALID_DATE' } })
  eventAt?: string;

  @ApiPropertyOptional({ example: 'K. Tanaka', maxLength: 200, description: 'REPLY only: who signed for the item' })
  @IsOptional() @IsString() @Length(1, 200, { context: { code: 'INVALID_TEXT_LENGTH' } })
  signedBy?: string;

  @ApiPropertyOptional({ example: 'Tokyo Central Post Office', maxLength: 200, description: 'REPLY only: the office concerned (a name; it is not translated)' })
  @IsOptional() @IsString() @Length(1, 200, { context: { code: 'INVALID_TEXT_LENGTH' } })
  office?: string;

  @ApiProperty({ example: 1, description: 'The case version the agent saw (GET returns it); a stale version gets 409 CASE_VERSION_CONFLICT' })
  @IsInt({ context: { code: 'INVALID_VERSION' } }) @Min(1, { context: { code: 'INVALID_VERSION' } })
  expectedVersion: number;
}
