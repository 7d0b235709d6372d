import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Min, ValidateNested } from 'class-validator';
import { MESSAGE_KINDS, MessageKind } from '@postbridge/domain';
import { LocalizedTextInput } from '../shared/localized-text.dto';

export class AddCaseMessageRequest {
  @ApiProperty({ enum: MESSAGE_KINDS, description: 'Origin post: INFO. Destination post: REPLY or INFO_REQUEST.' })
  @IsIn(MESSAGE_KINDS, { context: { code: 'INVALID_MESSAGE_KIND' } })
  kind: MessageKind;

  @ApiProperty({ type: LocalizedTextInput })
  @ValidateNested() @Type(() => LocalizedTextInput)
  body: LocalizedTextInput;

  @ApiProperty({ example: 1, description: 'The case version the agent saw (GET returns it); a stale version gets 409 CASE_VERSION_CONFLICT' })
  @IsInt({ context: { code: 'INVALID_VERSION' } }) @Min(1, { context: { code: 'INVALID_VERSION' } })
  expectedVersion: number;
}
