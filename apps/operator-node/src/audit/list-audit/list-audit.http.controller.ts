import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody, ApiException, RequirePermission } from '@postbridge/platform';
import { AuditLogRepository } from '../shared/audit-log.repository.port';
import { ListAuditQuery } from './list-audit.query.dto';

export class AuditEntryResponse {
  @ApiProperty({ example: '1042' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ example: 'anna.meier' }) principalId: string;
  @ApiProperty({ example: 'Anna Meier' }) displayName: string;
  @ApiProperty({ type: String, nullable: true, example: 'console' }) clientId: string | null;
  @ApiProperty({ enum: ['bearer', 'session', 'partner'], description: 'partner: the partner post\'s data-protection role erased the case (principal and display name are the partner\'s, clientId its operator code)' }) via: string;
  @ApiProperty({ example: 'GET' }) method: string;
  @ApiProperty({ example: '/cases/:caseId' }) route: string;
  @ApiProperty({ example: 'getCase' }) operation: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) caseId: string | null;
  @ApiProperty({ example: 200 }) status: number;
  @ApiPropertyOptional({ type: Object, nullable: true, description: 'Route parameters other than the case id (template id, language, item id)' }) detail: Record<string, unknown> | null;
}

export class AuditPageResponse {
  @ApiProperty({ type: [AuditEntryResponse] }) items: AuditEntryResponse[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}

@ApiTags('audit')
@RequirePermission('audit:read')
@Controller('audit')
export class ListAuditHttpController {
  constructor(private readonly log: AuditLogRepository) {}

  @Get()
  @ApiOperation({ operationId: 'listAudit', summary: 'Who read customer data or changed anything at this node, newest first (append-only; this query is itself recorded)' })
  @ApiOkResponse({ type: AuditPageResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'INVALID_CASE_ID, INVALID_AGENT_ID, INVALID_DATE, INVALID_RANGE, INVALID_PAGE, INVALID_PAGE_SIZE, UNKNOWN_FIELD' })
  async listAudit(@Query() q: ListAuditQuery): Promise<AuditPageResponse> {
    const from = q.from ? new Date(q.from) : undefined;
    const to = q.to ? new Date(q.to) : undefined;
    if (from && to && from >= to) throw new ApiException(400, 'INVALID_RANGE', 'from must be before to');
    const { items, total } = await this.log.list({ caseId: q.caseId, principalId: q.principalId, from, to }, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    return {
      items: items.map((e) => ({ ...e, id: e.id!, at: e.at!.toISOString() })),
      page: q.page,
      pageSize: q.pageSize,
      total,
    };
  }
}
