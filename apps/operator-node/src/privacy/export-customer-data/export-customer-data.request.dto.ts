import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsEmail } from 'class-validator';
import { TextLimits } from '@postbridge/contracts';
import { IsBoundedString } from '@postbridge/platform';

export class ExportCustomerDataRequest {
  @ApiProperty({ format: 'email', maxLength: TextLimits.email, example: 'jane@example.org', description: 'The customer whose data to export (compared case-insensitively); in the body, so it never lands in a URL or an access log' })
  @IsEmail({}, { context: { code: 'INVALID_EMAIL' } }) @IsBoundedString(TextLimits.email, 'INVALID_EMAIL') @IsDefined({ context: { code: 'EMAIL_REQUIRED' } })
  customerEmail: string;
}
