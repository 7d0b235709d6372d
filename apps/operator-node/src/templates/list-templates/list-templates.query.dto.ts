import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { MESSAGE_KINDS, MessageKind, REPLY_OUTCOMES, ReplyOutcome } from '@postbridge/domain';

export class ListTemplatesQuery {
  @ApiPropertyOptional({ enum: MESSAGE_KINDS })
  @IsOptional() @IsIn(MESSAGE_KINDS, { context: { code: 'INVALID_MESSAGE_KIND' } })
  kind?: MessageKind;

  @ApiPropertyOptional({ enum: REPLY_OUTCOMES })
  @IsOptional() @IsIn(REPLY_OUTCOMES, { context: { code: 'INVALID_OUTCOME' } })
  outcome?: ReplyOutcome;
}
