import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { TEMPLATE_ID, TextLimits } from '@postbridge/contracts';
import { IsBoundedString, IsText, NestedObject } from '@postbridge/platform';
import { MESSAGE_KINDS, MessageKind, REPLY_OUTCOMES, ReplyOutcome } from '@postbridge/domain';
import { LocalizedTextInput } from '../shared/localized-text.dto';
import { IsCaseVersion, MAX_VERSION } from '../shared/request-validators';

export class AddCaseMessageRequest {
  @ApiProperty({ enum: MESSAGE_KINDS, description: 'Origin post: INFO. Destination post: REPLY or INFO_REQUEST.' })
  @IsIn(MESSAGE_KINDS, { context: { code: 'INVALID_MESSAGE_KIND' } })
  kind: MessageKind;

  @ApiPropertyOptional({ type: LocalizedTextInput, description: 'Free text. Give either body or templateId.' })
  @NestedObject(() => LocalizedTextInput, { optional: true })
  body?: LocalizedTextInput;

  @ApiPropertyOptional({
    example: 'DELIVERED_WITH_SIGNATURE',
    maxLength: 64,
    pattern: TEMPLATE_ID.source,
    description: "A saved reply (GET /templates). It is filled from the case and sent as the template id plus your language's text; the partner reads its own language version.",
  })
  @IsOptional() @Matches(TEMPLATE_ID, { message: 'templateId must be a template id such as DELIVERED_WITH_SIGNATURE', context: { code: 'INVALID_TEMPLATE_ID' } }) @IsBoundedString(64, 'INVALID_TEMPLATE_ID')
  templateId?: string;

  @ApiPropertyOptional({ enum: REPLY_OUTCOMES, description: "REPLY only, and required there (a template with an outcome supplies it): what this post found" })
  @IsOptional() @IsIn(REPLY_OUTCOMES, { context: { code: 'INVALID_OUTCOME' } })
  outcome?: ReplyOutcome;

  @ApiPropertyOptional({ example: '2026-11-20T14:05:00Z', format: 'date-time', maxLength: TextLimits.instant, description: 'REPLY only: the date the outcome is about (delivered, returned, forwarded at), ISO 8601 with offset' })
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true }, { context: { code: 'INVALID_DATE' } }) @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'eventAt must name its offset (Z or +hh:mm)', context: { code: 'INVALID_DATE' } })
  @IsBoundedString(TextLimits.instant, 'INVALID_DATE')
  eventAt?: string;

  @ApiPropertyOptional({ example: 'K. Tanaka', minLength: 1, maxLength: TextLimits.name, description: 'REPLY only: who signed for the item' })
  @IsOptional() @IsText({ min: 1, max: TextLimits.name })
  signedBy?: string;

  @ApiPropertyOptional({ example: 'Tokyo Central Post Office', minLength: 1, maxLength: TextLimits.name, description: 'REPLY only: the office concerned (a name; it is not translated)' })
  @IsOptional() @IsText({ min: 1, max: TextLimits.name })
  office?: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_VERSION, example: 1, description: 'The case version the agent saw (GET returns it); a stale version gets 409 CASE_VERSION_CONFLICT' })
  @IsCaseVersion()
  expectedVersion: number;
}
