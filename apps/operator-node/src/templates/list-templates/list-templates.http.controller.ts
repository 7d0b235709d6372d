import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, RequirePermission } from '@postbridge/platform';
import { RendersForReader, CurrentReader } from '../../i18n/reader.decorator';
import type { Reader } from '../../i18n/reader';
import { TemplateLibrary } from '../shared/template-library';
import { toTemplateSummary } from '../shared/template.mapper';
import { TemplateListResponse } from '../shared/template.response.dto';
import { ListTemplatesQuery } from './list-templates.query.dto';

@ApiTags('templates')
@RequirePermission('templates:read')
@Controller('templates')
export class ListTemplatesHttpController {
  constructor(private readonly library: TemplateLibrary) {}

  @Get()
  @ApiOperation({ operationId: 'listTemplates', summary: "Saved replies an agent can pick, each in the agent's language" })
  @RendersForReader()
  @ApiOkResponse({ type: TemplateListResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_MESSAGE_KIND, INVALID_OUTCOME' })
  async listTemplates(@Query() q: ListTemplatesQuery, @CurrentReader() reader: Reader): Promise<TemplateListResponse> {
    const items = [...(await this.library.all()).values()]
      .map((versions) => toTemplateSummary(versions, reader))
      .filter((t) => (q.kind === undefined || t.kind === q.kind) && (q.outcome === undefined || t.outcome === q.outcome))
      .sort((a, b) => a.id.localeCompare(b.id));
    return { items };
  }
}
