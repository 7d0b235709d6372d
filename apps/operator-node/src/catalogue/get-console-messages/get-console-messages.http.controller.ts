import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { consoleMessages, LANGUAGE_PACKS, SHIPPED_LANGUAGES } from '@postbridge/catalogue';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { CurrentReader, RendersForReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { requireShippedLanguage } from '../../i18n/shipped-language';
import { GetCatalogueQuery } from '../get-catalogue/get-catalogue.query.dto';
import { ConsoleMessagesResponse } from './get-console-messages.response.dto';

/**
 * The agent console's words, served by the node in the language it negotiates for the reader,
 * like every other label: the console's bundle carries no translations of its own.
 */
@ApiTags('catalogue')
@RequirePermission('reference:read')
@Controller('catalogue')
export class GetConsoleMessagesHttpController {
  @Get('messages')
  @ApiOperation({ operationId: 'getConsoleMessages', summary: 'The agent console’s texts (ICU MessageFormat) in the reader’s language, or in ?lang=' })
  @RendersForReader()
  @ApiOkResponse({ type: ConsoleMessagesResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_LANGUAGE_TAG' })
  @ApiUnprocessableEntityResponse({ type: ApiErrorBody, description: 'LANGUAGE_NOT_SUPPORTED' })
  get(@Query() q: GetCatalogueQuery, @CurrentReader() reader: Reader, @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown }): ConsoleMessagesResponse {
    const language = q.lang === undefined ? reader.language : requireShippedLanguage(q.lang);
    if (q.lang !== undefined) reply.header('Content-Language', language);
    const bundle = consoleMessages(language);
    // de-CH formats dates the Swiss way; a German label set asked for by ?lang=de alone formats as de.
    const locale = reader.language === language ? reader.locale : language;
    // Asked for by language, the answer is the same for everyone until the next release; without
    // ?lang= it follows the reader's profile, which may change at any time (no-store, the default).
    if (q.lang !== undefined) reply.header('Cache-Control', 'private, max-age=300');
    return {
      language,
      direction: bundle.direction,
      locale,
      languages: SHIPPED_LANGUAGES.map((code) => ({ code, name: LANGUAGE_PACKS[code].name })),
      messages: { ...bundle.messages },
    };
  }
}
