import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiParam, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { SHIPPED_LANGUAGES, ShippedLanguage } from '@postbridge/catalogue';
import { TEMPLATE_ID } from '@postbridge/contracts';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { CurrentAgent } from '../../cases/shared/agent.decorator';
import { NodeTemplateRepository } from '../shared/node-template.repository.port';
import { TemplateIdPipe, TemplateLanguagePipe, templateNotFound } from '../shared/template-params';

@ApiTags('templates')
@RequirePermission('templates:write')
@Controller('templates')
export class DeleteTemplateHttpController {
  constructor(private readonly nodeTemplates: NodeTemplateRepository) {}

  @Delete(':templateId/:language')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteTemplate', summary: "Remove this node's version in one language (a standard version it overrode applies again)" })
  @ApiParam({ name: 'templateId', description: 'Template id, e.g. DELIVERED_WITH_SIGNATURE', schema: { type: 'string', maxLength: 64, pattern: TEMPLATE_ID.source } })
  @ApiParam({ name: 'language', description: 'A language the catalogue ships (a bare code, no region)', enum: SHIPPED_LANGUAGES })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_TEMPLATE_ID, INVALID_LANGUAGE_TAG' })
  @ApiUnprocessableEntityResponse({ type: ApiErrorBody, description: 'LANGUAGE_NOT_SUPPORTED' })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'TEMPLATE_NOT_FOUND: this node has no own version in that language (standard versions cannot be removed)' })
  async deleteTemplate(@Param('templateId', TemplateIdPipe) id: string, @Param('language', TemplateLanguagePipe) language: ShippedLanguage, @CurrentAgent() _agent: unknown): Promise<void> {
    if (!(await this.nodeTemplates.delete(id, language))) throw templateNotFound(`${id}/${language}`);
  }
}
