import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class TranslationLanguageResponse {
  @ApiProperty({ example: 'de' }) code: string;
  @ApiProperty({ example: 'German' }) name: string;
  @ApiProperty({ example: ['en', 'fr', 'it'], description: 'Languages this one can be translated into' }) targets: string[];
}

export class TranslationStatusResponse {
  @ApiProperty({ example: true, description: 'Whether this node shows machine translations next to originals' }) enabled: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'libretranslate' }) provider: string | null;
  @ApiPropertyOptional({ type: [TranslationLanguageResponse], description: 'Only when enabled' }) languages?: TranslationLanguageResponse[];
}

/** For responses that carry free text: the machine translation shown next to the original. */
export class MachineTranslationResponse {
  @ApiProperty({ example: 'The parcel has not arrived.' }) text: string;
  @ApiProperty({ example: 'en' }) language: string;
  @ApiProperty({ example: true, description: 'Always true: a machine translation, not the words of the author' }) machine: true;
  @ApiProperty({ example: 'libretranslate' }) provider: string;
}
