import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsLanguageTag } from './request-validators';

export class LocalizedTextInput {
  @ApiProperty({ example: 'The customer says the parcel never arrived.', maxLength: 4000 })
  @IsString() @Length(1, 4000, { context: { code: 'INVALID_TEXT_LENGTH' } })
  text: string;

  @ApiProperty({ example: 'en', description: 'BCP 47 tag of the language the text is written in' })
  @IsLanguageTag()
  language: string;
}
