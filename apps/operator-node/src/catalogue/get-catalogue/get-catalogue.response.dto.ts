import { ApiProperty } from '@nestjs/swagger';
import { CODE_SYSTEM_NAMES, SHIPPED_LANGUAGES } from '@postbridge/catalogue';

export class CodeLabelResponse {
  @ApiProperty({ example: 'NOT_ARRIVED' }) code: string;
  @ApiProperty({ example: 'Nicht angekommen' }) label: string;
}

export class CodeSystemResponse {
  @ApiProperty({ enum: CODE_SYSTEM_NAMES, example: 'inquiryReason' }) system: string;
  @ApiProperty({ type: [CodeLabelResponse] }) codes: CodeLabelResponse[];
}

export class CatalogueResponse {
  @ApiProperty({ enum: SHIPPED_LANGUAGES, description: 'Language of the labels (Content-Language has the locale)' }) language: string;
  @ApiProperty({ enum: ['ltr', 'rtl'] }) direction: 'ltr' | 'rtl';
  @ApiProperty({ enum: SHIPPED_LANGUAGES, isArray: true, description: 'Languages the catalogue ships, each complete' }) languages: string[];
  @ApiProperty({ type: [CodeSystemResponse] }) systems: CodeSystemResponse[];
}
