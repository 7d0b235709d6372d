import { Controller, Get, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { TEMPLATE_ID } from '@postbridge/contracts';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { TemplateIdPipe, templateNotFound } from '../shared/template-params';
import { TemplateLibrary } from '../shared/template-library';
import { toTemplateResponse } from '../shared/template.mapper';
import { TemplateResponse } from '../shared/template.response.dto';

@ApiTags('templates')
@RequirePermission('templates:read')
@Controller('templates')
export class GetTemplateHttpController {
  constructor(private readonly library: TemplateLibrary) {}

  @Get(':templateId')
  @ApiOperation({ operationId: 'getTemplate', summary: 'A saved reply in every language this node has it' })
  @ApiParam({ name: 'templateId', description: 'Template id, e.g. DELIVERED_WITH_SIGNATURE', schema: { type: 'string', maxLength: 64, pattern: TEMPLATE_ID.source } })
  @RendersForReader()
  @ApiOkResponse({ type: TemplateResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_TEMPLATE_ID' })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'TEMPLATE_NOT_FOUND' })
  async getTemplate(@Param('templateId', TemplateIdPipe) id: string, @CurrentReader() reader: Reader): Promise<TemplateResponse> {
    const versions = await this.library.versions(id);
    if (versions.size === 0) throw templateNotFound(id);
    return toTemplateResponse(versions, reader);
  }
}
