import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsOptional, IsUUID } from 'class-validator';
import { TextLimits } from '@postbridge/contracts';
import { IsBoundedString, IsText } from '@postbridge/platform';

/** Exactly one of `caseId` and `customerEmail`. */
export class EraseCustomerDataRequest {
  @ApiPropertyOptional({ format: 'uuid', maxLength: 36, description: 'Erase this case' })
  @IsOptional() @IsUUID('all', { context: { code: 'INVALID_CASE_ID' } })
  caseId?: string;

  @ApiPropertyOptional({ format: 'email', maxLength: TextLimits.email, example: 'jane@example.org', description: "Erase every case at this node with this customer email (compared case-insensitively); in the body, so it never lands in a URL or an access log" })
  @IsOptional() @IsEmail({}, { context: { code: 'INVALID_EMAIL' } }) @IsBoundedString(TextLimits.email, 'INVALID_EMAIL')
  customerEmail?: string;

  @ApiPropertyOptional({ default: false, description: 'Erase even cases still open (not resolved or refused); needs a reason' })
  @IsOptional() @IsBoolean({ context: { code: 'INVALID_BOOLEAN' } })
  force?: boolean;

  @ApiPropertyOptional({ minLength: 1, maxLength: 1000, description: 'Why (required with force); kept with the erasure record, not in the audit log. Name no customer here.' })
  @IsOptional() @IsText({ min: 1, max: 1000, multiline: true })
  reason?: string;
}
