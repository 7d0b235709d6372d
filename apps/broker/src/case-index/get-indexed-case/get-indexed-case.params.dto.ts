import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class GetIndexedCaseParams {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  @IsUUID('all', { message: 'caseId must be a UUID', context: { code: 'INVALID_CASE_ID' } })
  caseId: string;
}
