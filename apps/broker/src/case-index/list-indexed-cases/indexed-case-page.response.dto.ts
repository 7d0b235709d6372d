import { ApiProperty } from '@nestjs/swagger';
import { IndexedCaseResponse } from '../shared/indexed-case.response.dto';

export class IndexedCasePageResponse {
  @ApiProperty({ type: [IndexedCaseResponse] }) items: IndexedCaseResponse[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 50 }) pageSize: number;
  @ApiProperty({ example: 120, description: 'Cases matching the filters, over all pages' }) total: number;
}
