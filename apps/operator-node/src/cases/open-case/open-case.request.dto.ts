import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDefined, IsEmail, IsIn, IsOptional, Matches } from 'class-validator';
import { TextLimits } from '@postbridge/contracts';
import { IsBoundedString, IsText, NestedObject } from '@postbridge/platform';
import { CASE_PRIORITIES, CasePriority, INQUIRY_REASONS, INQUIRY_TYPES, InquiryReason, InquiryType, REQUESTED_ACTIONS, RequestedAction } from '@postbridge/domain';
import { LocalizedTextInput } from '../shared/localized-text.dto';
import { IsLanguageTag, IsOperatorCodeField, IsS10ItemId } from '../shared/request-validators';

export class CustomerContactInput {
  @ApiProperty({ example: 'Jane Doe', minLength: 1, maxLength: TextLimits.name, description: 'Up to 200 characters, no control characters' })
  @IsText({ min: 1, max: TextLimits.name })
  name: string;

  @ApiPropertyOptional({ example: 'jane@example.org', format: 'email', maxLength: TextLimits.email })
  @IsOptional() @IsEmail({}, { context: { code: 'INVALID_EMAIL' } }) @IsBoundedString(TextLimits.email, 'INVALID_EMAIL')
  email?: string;

  @ApiPropertyOptional({ example: '+41 58 338 11 11', maxLength: TextLimits.phone, pattern: '^\\+?[0-9 ()./-]{4,40}$' })
  @IsOptional() @Matches(/^\+?[0-9 ()./-]{4,40}$/, { message: 'phone must be a phone number', context: { code: 'INVALID_PHONE' } }) @IsBoundedString(TextLimits.phone, 'INVALID_PHONE')
  phone?: string;

  @ApiPropertyOptional({ example: 'de', maxLength: TextLimits.languageTag, description: 'Language the customer wants to be answered in' })
  @IsOptional() @IsLanguageTag()
  preferredLanguage?: string;
}

export class OpenCaseRequest {
  @ApiProperty({ example: 'RB123456785GB', maxLength: 40, description: 'UPU S10 item id (spaces and lower case are accepted and normalised)' })
  @IsS10ItemId()
  itemId: string;

  @ApiPropertyOptional({ example: 'US', maxLength: 10, pattern: '^[A-Z0-9]{2,10}$', description: 'Operator code of the partner post that must answer; may be omitted when the tracking data shows it' })
  @IsOptional() @IsOperatorCodeField()
  destinationOperator?: string;

  @ApiProperty({ enum: INQUIRY_TYPES, example: 'FULL_INVESTIGATION' })
  @IsIn(INQUIRY_TYPES, { context: { code: 'INVALID_INQUIRY_TYPE' } })
  inquiryType: InquiryType;

  @ApiProperty({ enum: INQUIRY_REASONS, isArray: true, example: ['NOT_ARRIVED'], description: 'What the customer reports: 1-10 distinct codes (GET /catalogue/inquiryReason lists them with labels)' })
  // class-validator reports the last decorator first, and the first report gives the error code.
  @IsIn(INQUIRY_REASONS, { each: true, context: { code: 'INVALID_REASON' } }) @ArrayUnique({ context: { code: 'DUPLICATE_CODE' } })
  @ArrayMaxSize(10, { context: { code: 'TOO_MANY_CODES' } }) @ArrayMinSize(1, { context: { code: 'REASON_REQUIRED' } }) @IsArray({ context: { code: 'INVALID_REASON' } })
  @IsDefined({ context: { code: 'REASON_REQUIRED' } })
  reasons: InquiryReason[];

  @ApiPropertyOptional({ enum: REQUESTED_ACTIONS, isArray: true, example: ['INVESTIGATE'], description: 'What this post asks the partner post to do: up to 10 distinct codes' })
  @IsIn(REQUESTED_ACTIONS, { each: true, context: { code: 'INVALID_REQUESTED_ACTION' } }) @ArrayUnique({ context: { code: 'DUPLICATE_CODE' } })
  @ArrayMaxSize(10, { context: { code: 'TOO_MANY_CODES' } }) @IsArray({ context: { code: 'INVALID_REQUESTED_ACTION' } }) @IsOptional()
  requestedActions?: RequestedAction[];

  @ApiPropertyOptional({ enum: CASE_PRIORITIES, default: 'NORMAL', description: 'URGENT raises an "urgent inquiry" alert at the destination post' })
  @IsOptional() @IsIn(CASE_PRIORITIES, { context: { code: 'INVALID_PRIORITY' } })
  priority?: CasePriority;

  @ApiProperty({ type: CustomerContactInput })
  @NestedObject(() => CustomerContactInput, { requiredCode: 'CUSTOMER_REQUIRED' })
  customer: CustomerContactInput;

  @ApiProperty({ type: LocalizedTextInput, description: 'What the customer says, in the language it was written in (tagged, detected or assumed)' })
  @NestedObject(() => LocalizedTextInput, { requiredCode: 'DESCRIPTION_REQUIRED' })
  description: LocalizedTextInput;
}
