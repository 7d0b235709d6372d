import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { INQUIRY_TYPES, PRODUCT_FAMILIES } from '@postbridge/domain';
import type { InquiryType, ProductFamily } from '@postbridge/domain';

/** The dates between which an inquiry about the item may be filed (inclusive), in the posting's calendar. */
export class FilingWindowResponse {
  @ApiProperty({ example: '2026-11-03', format: 'date', description: 'Posting date (the first posting scan, as the origin post counts days)' }) postedOn: string;
  @ApiProperty({ example: '2026-11-10', format: 'date', description: 'First day an inquiry may be filed' }) opensAt: string;
  @ApiProperty({ example: '2027-05-03', format: 'date', description: 'Last day an inquiry may be filed' }) closesAt: string;
  @ApiProperty({ example: true, description: 'Whether today is inside the window; always true in a 200 (outside it the preview is refused with INQUIRY_TOO_EARLY / INQUIRY_TOO_LATE, whose details give the window)' }) open: boolean;
}

export class FilingWindowDisplay {
  @ApiProperty({ example: '03.11.2026' }) postedOn: string;
  @ApiProperty({ example: '10.11.2026' }) opensAt: string;
  @ApiProperty({ example: '03.05.2027' }) closesAt: string;
}

/** Labels in the reader's language, locale and time zone (Content-Language names it). */
export class PreviewCaseDisplay {
  @ApiProperty({ example: 'de' }) language: string;
  @ApiProperty({ example: 'de-CH' }) locale: string;
  @ApiProperty({ example: 'Europe/Zurich' }) timeZone: string;
  @ApiProperty({ enum: ['ltr', 'rtl'] }) direction: 'ltr' | 'rtl';
  @ApiProperty({ example: 'Einschreiben' }) productFamily: string;
  @ApiProperty({ example: 'Vollständige Nachforschung' }) inquiryType: string;
  @ApiProperty({ example: 'Vereinigtes Königreich', description: 'The S10 country, named in the reader\'s language' }) originCountry: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: "The item's current tracking status, labelled" }) trackingStatus: string | null;
  @ApiPropertyOptional({ nullable: true, type: FilingWindowDisplay }) filingWindow: FilingWindowDisplay | null;
}

export class PreviewCaseResponse {
  @ApiProperty({ example: 'RB123456785GB', description: 'The item id, normalised' }) itemId: string;
  @ApiProperty({ enum: PRODUCT_FAMILIES, description: 'From the S10 service indicator' }) productFamily: ProductFamily;
  @ApiProperty({ enum: INQUIRY_TYPES }) inquiryType: InquiryType;
  @ApiProperty({ example: 'GB', description: 'ISO 3166-1 country of the S10 id (the issuing post)' }) originCountry: string;
  @ApiProperty({ example: 'US', description: 'The post the case would be sent to' }) destinationOperator: string;
  @ApiProperty({ enum: ['REQUESTED', 'TRACKING'], description: 'REQUESTED: as given; TRACKING: the post that scanned the item in the destination country' }) destinationSource: 'REQUESTED' | 'TRACKING';
  @ApiPropertyOptional({ nullable: true, type: Object, description: 'Summary of the item tracking, as the case would store it (trackingSummary of a case); null without tracking' }) trackingSummary: Record<string, unknown> | null;
  @ApiProperty({ description: 'Tracking shows the item delivered (the case would have deliveredConsiderResolving)' }) delivered: boolean;
  @ApiPropertyOptional({ nullable: true, type: FilingWindowResponse, description: 'null when tracking shows no posting scan (nothing to check the window against)' }) filingWindow: FilingWindowResponse | null;
  @ApiProperty({ type: PreviewCaseDisplay }) display: PreviewCaseDisplay;
}
