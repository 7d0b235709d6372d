import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { TextLimits } from '@postbridge/contracts';
import { IsText } from '@postbridge/platform';
import { IsLanguageTag } from './request-validators';

export class LocalizedTextInput {
  @ApiProperty({ example: 'The customer says the parcel never arrived.', minLength: 1, maxLength: TextLimits.text, description: 'Up to 4,000 characters (Unicode code points); line breaks and tabs are allowed, other control characters are not' })
  @IsText({ min: 1, max: TextLimits.text, multiline: true })
  text: string;

  @ApiPropertyOptional({
    example: 'en',
    maxLength: TextLimits.languageTag,
    description: "BCP 47 tag of the language the text is written in. Omitted: detected from the text; when detection is unsure, the agent's own language is assumed (languageSource tells which).",
  })
  @IsOptional() @IsLanguageTag()
  language?: string;
}
