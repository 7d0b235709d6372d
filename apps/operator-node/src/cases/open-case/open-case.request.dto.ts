import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { CASE_PRIORITIES, CasePriority, INQUIRY_TYPES, InquiryType } from '@postbridge/domain';
import { LocalizedTextInput } from '../shared/localized-text.dto';
import { IsLanguageTag, IsOperatorCodeField, IsS10ItemId } from '../shared/request-validators';

export class CustomerContactInput {
  @ApiProperty({ example: 'Jane Doe', maxLength: 200 })
  @IsString() @Length(1, 200, { context: { code: 'INVALID_TEXT_LENGTH' } })
  name: string;

  @ApiPropertyOptional({ example: 'jane@example.org' })
  @IsOptional() @IsEmail({}, { context: { code: 'INVALID_EMAIL' } }) @Length(3, 254)
  email?: string;

  @ApiPropertyOptional({ example: '+41 58 338 11 11' })
  @IsOptional() @Matches(/^\+?[0-9 ()./-]{4,40}$/, { message: 'phone must be a phone number', context: { code: 'INVALID_PHONE' } })
  phone?: string;

  @ApiPropertyOptional({ example: 'de', description: 'Language the customer wants to be answered in' })
  @IsOptional() @IsLanguageTag()
  preferredLanguage?: string;
}

export class OpenCaseRequest {
  @ApiProperty({ example: 'RB123456785GB', description: 'UPU S10 item id (spaces and lower case are accepted and normalised)' })
  @IsS10ItemId()
  itemId: string;

  @ApiPropertyOptional({ example: 'US', description: 'Operator code of the partner post that must answer; may be omitted when the tracking data shows it' })
  @IsOptional() @IsOperatorCodeField()
  destinationOperator?: string;

  @ApiProperty({ enum: INQUIRY_TYPES, example: 'FULL_INVESTIGATION' })
  @IsIn(INQUIRY_TYPES, { context: { code: 'INVALID_INQUIRY_TYPE' } })
  inquiryType: InquiryType;

  @ApiPropertyOptional({ enum: CASE_PRIORITIES, default: 'NORMAL', description: 'URGENT raises an "urgent inquiry" alert at the destination post' })
  @IsOptional() @IsIn(CASE_PRIORITIES, { context: { code: 'INVALID_PRIORITY' } })
  priority?: CasePriority;

  @ApiProperty({ type: CustomerContactInput })
  @ValidateNested() @Type(() => CustomerContactInput)
  customer: CustomerContactInput;

  @ApiProperty({ type: LocalizedTextInput, description: 'What the customer says, in the language it was written in' })
  @ValidateNested() @Type(() => LocalizedTextInput)
  description: LocalizedTextInput;
}
