import { ApiProperty } from '@nestjs/swagger';
import { SHIPPED_LANGUAGES } from '@postbridge/catalogue';

export class ConsoleLanguageResponse {
  @ApiProperty({ enum: SHIPPED_LANGUAGES, example: 'de' }) code: string;
  @ApiProperty({ example: 'Deutsch', description: 'The language’s name for itself, for a language picker' }) name: string;
}

export class ConsoleMessagesResponse {
  @ApiProperty({ enum: SHIPPED_LANGUAGES, example: 'de', description: 'Language of these messages' }) language: string;
  @ApiProperty({ enum: ['ltr', 'rtl'] }) direction: 'ltr' | 'rtl';
  @ApiProperty({ example: 'de-CH', description: 'Locale for dates and numbers: the reader’s when it is in this language, else the language' }) locale: string;
  @ApiProperty({ type: [ConsoleLanguageResponse], description: 'Every language the console ships in' }) languages: ConsoleLanguageResponse[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'screen.queues': 'Warteschlangen', 'queue.caption': '{count, plural, one {# Fall} other {# Fälle}}' },
    description: 'The console’s texts by key, ICU MessageFormat',
  })
  messages: Record<string, string>;
}
