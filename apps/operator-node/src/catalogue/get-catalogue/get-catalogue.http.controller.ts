import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CODE_SYSTEM_NAMES, CodeSystem, isCodeSystem, labelsOf, SHIPPED_LANGUAGES, textDirection } from '@postbridge/catalogue';
import { ApiErrorBody, ApiException, RequirePermission } from '@postbridge/platform';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import { requireShippedLanguage } from '../../i18n/shipped-language';
import type { Reader } from '../../i18n/reader';
import { CatalogueResponse } from './get-catalogue.response.dto';
import { GetCatalogueQuery } from './get-catalogue.query.dto';

@ApiTags('catalogue')
@RequirePermission('reference:read')
@Controller('catalogue')
export class GetCatalogueHttpController {
  @Get()
  @ApiOperation({ operationId: 'getCatalogue', summary: 'Every code a case carries, with its label in the reader’s language (codes travel; labels are rendered here)' })
  @RendersForReader()
  @ApiOkResponse({ type: CatalogueResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_LANGUAGE_TAG' })
  @ApiUnprocessableEntityResponse({ type: ApiErrorBody, description: 'LANGUAGE_NOT_SUPPORTED' })
  getCatalogue(@Query() q: GetCatalogueQuery, @CurrentReader() reader: Reader, @Res({ passthrough: true }) reply: HeaderReply): CatalogueResponse {
    return render(CODE_SYSTEM_NAMES, q, reader, reply);
  }

  @Get(':system')
  @ApiOperation({ operationId: 'getCodeSystem', summary: 'One code system (e.g. inquiryReason, replyOutcome) with labels' })
  @ApiParam({ name: 'system', description: 'A code system of the catalogue; any other name is 404 UNKNOWN_CODE_SYSTEM', enum: CODE_SYSTEM_NAMES })
  @RendersForReader()
  @ApiOkResponse({ type: CatalogueResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_LANGUAGE_TAG' })
  @ApiUnprocessableEntityResponse({ type: ApiErrorBody, description: 'LANGUAGE_NOT_SUPPORTED' })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'UNKNOWN_CODE_SYSTEM' })
  getCodeSystem(@Param('system') system: string, @Query() q: GetCatalogueQuery, @CurrentReader() reader: Reader, @Res({ passthrough: true }) reply: HeaderReply): CatalogueResponse {
    if (!isCodeSystem(system)) throw new ApiException(404, 'UNKNOWN_CODE_SYSTEM', `no code system "${system}"`, { systems: [...CODE_SYSTEM_NAMES] });
    return render([system], q, reader, reply);
  }
}

type HeaderReply = { header(name: string, value: string): unknown };

function render(systems: readonly CodeSystem[], q: GetCatalogueQuery, reader: Reader, reply: HeaderReply): CatalogueResponse {
  const asked = q.lang === undefined ? undefined : requireShippedLanguage(q.lang);
  const choice = asked ?? reader;
  const language = asked ?? reader.language;
  // ?lang= overrides the reader: the header must name what the body is in.
  if (asked) reply.header('Content-Language', asked);
  return {
    language,
    direction: textDirection(language),
    languages: [...SHIPPED_LANGUAGES],
    systems: systems.map((system) => ({ system, codes: labelsOf(system, choice).map(({ code, label }) => ({ code, label })) })),
  };
}
