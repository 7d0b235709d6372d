import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsLanguageTag } from '../../cases/shared/request-validators';

export class GetCatalogueQuery {
  @ApiPropertyOptional({ example: 'ja', maxLength: 35, description: "Labels in this language instead of the reader's (e.g. to fill a CRM's picklists per language)" })
  @IsOptional() @IsLanguageTag()
  lang?: string;
}
