import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { checkTemplateBody, SHIPPED_LANGUAGES, ShippedLanguage, TemplatePlaceholder, templatePlaceholders } from '@postbridge/catalogue';
import { TEMPLATE_ID } from '@postbridge/contracts';
import { ApiErrorBody, ApiException, RequirePermission } from '@postbridge/platform';
import { Agent, CurrentAgent } from '../../cases/shared/agent.decorator';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { NodeTemplateRepository } from '../shared/node-template.repository.port';
import { TemplateIdPipe, TemplateLanguagePipe } from '../shared/template-params';
import { TemplateLibrary } from '../shared/template-library';
import { toTemplateResponse } from '../shared/template.mapper';
import { TemplateResponse } from '../shared/template.response.dto';
import { PutTemplateRequest } from './put-template.request.dto';

const REPLY_ONLY: ReadonlySet<TemplatePlaceholder> = new Set(['outcome', 'eventAt', 'signedBy', 'office']);

@ApiTags('templates')
@RequirePermission('templates:write')
@Controller('templates')
export class PutTemplateHttpController {
  constructor(private readonly library: TemplateLibrary, private readonly nodeTemplates: NodeTemplateRepository) {}

  @Put(':templateId/:language')
  @HttpCode(200)
  @ApiOperation({ operationId: 'putTemplate', summary: "Add or replace this node's version of a saved reply in one language (overrides a standard version)" })
  @ApiParam({ name: 'templateId', description: 'Template id, e.g. DELIVERED_WITH_SIGNATURE', schema: { type: 'string', maxLength: 64, pattern: TEMPLATE_ID.source } })
  @ApiParam({ name: 'language', description: 'A language the catalogue ships (a bare code, no region)', enum: SHIPPED_LANGUAGES })
  @RendersForReader()
  @ApiOkResponse({ type: TemplateResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_TEMPLATE_ID, INVALID_LANGUAGE_TAG, INVALID_MESSAGE_KIND, INVALID_OUTCOME, INVALID_TEXT_LENGTH' })
  @ApiUnprocessableEntityResponse({
    type: ApiErrorBody,
    description: 'LANGUAGE_NOT_SUPPORTED; TEMPLATE_INVALID (details.problems: TEMPLATE_SYNTAX, UNKNOWN_PLACEHOLDER, UNSUPPORTED_ARGUMENT, ...); TEMPLATE_KIND_CONFLICT (other languages of the id have another kind or outcome); OUTCOME_NOT_ALLOWED (outcome on a non-REPLY template); REPLY_PLACEHOLDER_NOT_ALLOWED (outcome, eventAt, signedBy or office in a non-REPLY template)',
  })
  async putTemplate(
    @Param('templateId', TemplateIdPipe) id: string,
    @Param('language', TemplateLanguagePipe) language: ShippedLanguage,
    @Body() body: PutTemplateRequest,
    @CurrentAgent() agent: Agent,
    @CurrentReader() reader: Reader,
  ): Promise<TemplateResponse> {
    const problems = checkTemplateBody(body.body, language);
    if (problems.length > 0) {
      throw new ApiException(422, 'TEMPLATE_INVALID', `the template body cannot be used: ${problems.map((p) => p.detail).join('; ')}`, { problems });
    }
    const outcome = body.outcome ?? null;
    if (outcome !== null && body.kind !== 'REPLY') throw new ApiException(422, 'OUTCOME_NOT_ALLOWED', 'only a REPLY template reports an outcome');
    // Only a REPLY carries these facts, so any other template using them could never be sent.
    const replyOnly = body.kind === 'REPLY' ? [] : templatePlaceholders(body.body, language).filter((p) => REPLY_ONLY.has(p));
    if (replyOnly.length > 0) {
      throw new ApiException(422, 'REPLY_PLACEHOLDER_NOT_ALLOWED', `${replyOnly.join(', ')} exist only on a REPLY, not in a ${body.kind} template`, { placeholders: replyOnly });
    }
    const standard = TemplateLibrary.standardVersions(id);
    await this.nodeTemplates.save({ id, language, kind: body.kind, outcome, title: body.title, body: body.body, updatedBy: agent.id }, (nodeVersions) => {
      const clash = [...standard, ...nodeVersions].find((t) => t.language !== language && (t.kind !== body.kind || t.outcome !== outcome));
      if (clash) {
        throw new ApiException(422, 'TEMPLATE_KIND_CONFLICT', `${id} is a ${clash.kind}${clash.outcome ? ` (${clash.outcome})` : ''} template in ${clash.language}; every language of a template has the same kind and outcome`, {
          kind: clash.kind,
          outcome: clash.outcome,
        });
      }
    });
    return toTemplateResponse(await this.library.versions(id), reader);
  }
}
