import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsLanguageTag } from './request-validators';

export class LocalizedTextInput {
  @ApiProperty({ example: 'The customer says the parcel never arrived.', maxLength: 4000 })
  @IsString() @Length(1, 4000, { context: { code: 'INVALID_TEXT_LENGTH' } })
  text: string;

  @ApiPropertyOptional({
    example: 'en',
    description: "BCP 47 tag of the language the text is written in. Omitted: detected from the text; when detection is unsure, the agent's own language is assumed (languageSource tells which).",
  })
  @IsOptional() @IsLanguageTag()
  language?: string;
}
