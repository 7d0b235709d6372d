import { Controller, Get, Logger } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, ApiException, RequirePermission } from '@postbridge/platform';
import { TranslationStatusResponse } from './translation.response.dto';
import { TranslationUnavailableError } from './translation-unavailable.error';
import { Translator } from './translator.port';

@ApiTags('translation')
@RequirePermission('reference:read')
@Controller('translation')
export class TranslationHttpController {
  private readonly logger = new Logger(TranslationHttpController.name);

  constructor(private readonly translator: Translator) {}

  @Get()
  @ApiOperation({
    operationId: 'getTranslation',
    summary: 'Whether this node shows machine translations of free text, and between which languages',
    description: 'Machine translations are always shown next to the original text, marked `machine: true`. Off unless the node has a translation service configured.',
  })
  @ApiOkResponse({ type: TranslationStatusResponse })
  @ApiServiceUnavailableResponse({ type: ApiErrorBody, description: 'TRANSLATION_UNAVAILABLE: translation is configured but the service cannot be reached' })
  async getTranslation(): Promise<TranslationStatusResponse> {
    const t = this.translator;
    if (!t.enabled) return { enabled: false, provider: null };
    try {
      return { enabled: true, provider: t.provider, languages: await t.languages() };
    } catch (e) {
      if (!(e instanceof TranslationUnavailableError)) throw e;
      // The service's own words may name hosts or keys: they go to the log, the caller gets codes.
      this.logger.warn(`translation service unavailable: ${e.message}`);
      throw new ApiException(503, 'TRANSLATION_UNAVAILABLE', 'the translation service cannot be reached or refused the request', { reason: e.code, ...(e.status !== null ? { serviceStatus: e.status } : {}) });
    }
  }
}
