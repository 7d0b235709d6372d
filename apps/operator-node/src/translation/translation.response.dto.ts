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
