import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { ALERT_TYPES, AlertType } from '@postbridge/domain';
import { CaseDisplay } from '../../cases/shared/case.response.dto';
import { ALERT_AUDIENCES, AlertAudience } from './alert';

/** Labels of the payload's coded fields, under the same names; a field the payload lacks is absent here too. */
export class AlertPayloadDisplay {
  @ApiPropertyOptional({ example: 'Vollständige Nachforschung' }) inquiryType?: string;
  @ApiPropertyOptional({ example: 'Dringend' }) priority?: string;
  @ApiPropertyOptional({ example: 'Offen' }) status?: string;
  @ApiPropertyOptional({ example: 'Antwort', description: 'REPLY_RECEIVED: kind of message' }) kind?: string;
  @ApiPropertyOptional({ example: 'Zugestellt mit Unterschrift', description: 'REPLY_RECEIVED: what the destination post found' }) outcome?: string;
  @ApiPropertyOptional({ description: 'CASE_REFUSED: why the network refused' }) reason?: string;
  @ApiPropertyOptional({ description: 'Deadline alerts: state of the deadline' }) deadlineState?: string;
  @ApiPropertyOptional({ example: '30.11.2026, 20:00 MEZ', description: "Deadline alerts: the due time as the reader's wall time" }) dueAt?: string;
  @ApiPropertyOptional({ description: 'TRACKING_UPDATED: the latest new scan' }) lastCode?: string;
  @ApiPropertyOptional({ example: 'Deutsch', description: "New inquiries: the customer's language, named in the reader's language" }) customerLanguage?: string;
}

/** The alert's type, time and coded payload fields in the reader's language, locale and time zone (Content-Language names it). */
export class AlertDisplay extends PickType(CaseDisplay, ['language', 'locale', 'timeZone', 'direction'] as const) {
  @ApiProperty({ example: 'Dringende Anfrage' }) type: string;
  @ApiProperty({ example: '23. Nov. 2026, 11:00 MEZ' }) createdAt: string;
  @ApiProperty({ type: AlertPayloadDisplay }) payload: AlertPayloadDisplay;
}

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
  @ApiProperty({ type: AlertDisplay }) display: AlertDisplay;
}

export class AlertListResponse {
  @ApiProperty({ type: [AlertResponse], description: 'Oldest first' }) items: AlertResponse[];
  @ApiProperty({ example: '42', description: 'Pass as `since` to get the alerts after these (also the id to resume a stream from)' }) nextSince: string;
  @ApiProperty({ description: 'More alerts follow after `nextSince`' }) hasMore: boolean;
}
