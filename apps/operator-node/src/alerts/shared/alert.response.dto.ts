import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALERT_TYPES, AlertType } from '@postbridge/domain';
import { ALERT_AUDIENCES, AlertAudience, StoredAlert } from './alert';

export class AlertResponse {
  @ApiProperty({ example: '42', description: 'Grows in commit order; pass as `since` or Last-Event-ID to read what followed' }) id: string;
  @ApiProperty({ enum: ALERT_TYPES }) type: AlertType;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'RB123456785GB' }) itemId: string;
  @ApiProperty({ enum: ALERT_AUDIENCES, description: 'SUPERVISORS for escalations, AGENTS otherwise' }) audience: AlertAudience;
  @ApiPropertyOptional({ nullable: true, type: String, description: "The case's assignee at this node when the alert was raised" }) assignee: string | null;
  @ApiProperty({
    type: Object,
    description: 'direction, partnerOperator, inquiryType, priority and status of the case, plus what the trigger adds (e.g. kind of message, deadline state and due time, refusal reason)',
  })
  payload: Record<string, unknown>;
  @ApiProperty({ example: '2026-11-23T10:00:00.000Z' }) createdAt: string;
}

export class AlertListResponse {
  @ApiProperty({ type: [AlertResponse], description: 'Oldest first' }) items: AlertResponse[];
  @ApiProperty({ example: '42', description: 'Pass as `since` to get the alerts after these (also the id to resume a stream from)' }) nextSince: string;
  @ApiProperty({ description: 'More alerts follow after `nextSince`' }) hasMore: boolean;
}

export function toAlertResponse(a: StoredAlert): AlertResponse {
  return { id: a.id, type: a.type, caseId: a.caseId, itemId: a.itemId, audience: a.audience, assignee: a.assignee, payload: a.payload, createdAt: a.createdAt.toISOString() };
}
