import { ApiProperty } from '@nestjs/swagger';

/** What every `display` object of the broker starts with: whom its labels and wall times are for. */
export class RenderedForResponse {
  @ApiProperty({ example: 'de', description: 'Language of these labels (Accept-Language, else en)' }) language: string;
  @ApiProperty({ example: 'de-CH', description: 'Locale of dates and numbers' }) locale: string;
  @ApiProperty({ example: 'UTC', description: 'Zone of the wall times (?tz=, else UTC)' }) timeZone: string;
  @ApiProperty({ enum: ['ltr', 'rtl'] }) direction: 'ltr' | 'rtl';
}
