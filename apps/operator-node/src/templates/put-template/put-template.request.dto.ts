import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { TextLimits } from '@postbridge/contracts';
import { IsText } from '@postbridge/platform';
import { MAX_TEMPLATE_LENGTH } from '@postbridge/catalogue';
import { MESSAGE_KINDS, MessageKind, REPLY_OUTCOMES, ReplyOutcome } from '@postbridge/domain';

export class PutTemplateRequest {
  @ApiProperty({ enum: MESSAGE_KINDS, description: 'The message kind it is written for; the same in every language of the template' })
  @IsIn(MESSAGE_KINDS, { context: { code: 'INVALID_MESSAGE_KIND' } })
  kind: MessageKind;

  @ApiPropertyOptional({ enum: REPLY_OUTCOMES, description: 'REPLY templates: the outcome a reply with it reports (the same in every language)' })
  @IsOptional() @IsIn(REPLY_OUTCOMES, { context: { code: 'INVALID_OUTCOME' } })
  outcome?: ReplyOutcome;

  @ApiProperty({ example: 'Zugestellt mit Unterschrift', minLength: 1, maxLength: TextLimits.title })
  @IsText({ min: 1, max: TextLimits.title })
  title: string;

  @ApiProperty({
    example: 'Die Sendung {itemId} wurde am {eventAt} in {office} zugestellt; unterschrieben hat {signedBy}.',
    minLength: 1,
    maxLength: MAX_TEMPLATE_LENGTH,
    description: 'ICU MessageFormat. Placeholders: itemId, inquiryType, outcome, originOperator, destinationOperator, openedAt, eventAt, signedBy, office, customerName. Dates are plain {eventAt}: each reader sees them in their own locale and time zone.',
  })
  @IsText({ min: 1, max: MAX_TEMPLATE_LENGTH, multiline: true })
  body: string;
}
