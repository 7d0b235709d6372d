import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { TRACKING_EVENT_CODES, TRACKING_LEGS } from '@postbridge/domain';
import { CaseDisplay } from '../../cases/shared/case.response.dto';

/** Labels of an event's codes and its time as wall times, in the reader's language, locale and time zone. */
export class TimelineEventDisplay {
  @ApiProperty({ example: 'Abgang aus dem Auswechslungsamt (Ausgang)' }) code: string;
  @ApiProperty({ example: 'Aufgabeland' }) leg: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'EMH only; a code this node does not know yet is named as such' }) nonDeliveryReason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'EMH only; a code this node does not know yet is named as such' }) nonDeliveryAction: string | null;
  @ApiProperty({ example: '20. Nov. 2026, 08:15 MEZ', description: "The reader's wall time" }) occurredAt: string;
  @ApiProperty({ example: '20. Nov. 2026, 08:15 UTC+01:00', description: 'Wall time at the office, with the offset the post reported' }) occurredAtLocal: string;
}

export class TimelineEventResponse {
  @ApiProperty({ enum: TRACKING_EVENT_CODES, example: 'EMC' }) code: string;
  @ApiProperty({ example: 'Departure from outward office of exchange' }) meaning: string;
  @ApiProperty({ enum: TRACKING_LEGS }) leg: string;
  @ApiProperty({ example: '2026-11-20T08:15:00.000+01:00', description: 'Local time at the office, with the offset the post reported' }) occurredAt: string;
  @ApiProperty({ example: '2026-11-20T07:15:00.000Z' }) occurredAtUtc: string;
  @ApiProperty({ example: 'CHZRHA' }) office: string;
  @ApiProperty({ example: 'CH' }) officeCountry: string;
  @ApiPropertyOptional({ nullable: true, type: String }) location: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'EMH only' }) nonDeliveryReason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'EMH only' }) nonDeliveryAction: string | null;
  @ApiProperty({ example: 'CH', description: 'Operator whose tracking system reported the event' }) sourceOperator: string;
  @ApiProperty({ type: TimelineEventDisplay }) display: TimelineEventDisplay;
}

export class TimelineStatusResponse {
  @ApiProperty({ enum: TRACKING_EVENT_CODES }) code: string;
  @ApiProperty() meaning: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-20T07:15:00.000Z' }) at: string | null;
  @ApiProperty({ example: 'CHZRHA' }) office: string;
}

export class CustomsHoldResponse {
  @ApiProperty() held: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'First EME of the current hold' }) since: string | null;
}

/** Same shape as a case's `trackingSummary`. Instants are ISO-8601 UTC. */
export class TimelineSummaryResponse {
  @ApiProperty() eventCount: number;
  @ApiPropertyOptional({ nullable: true, type: TimelineStatusResponse, description: 'Latest event; null when there is none' }) currentStatus: TimelineStatusResponse | null;
  @ApiPropertyOptional({ nullable: true, type: String }) postedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) exportedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) arrivedInDestinationAt: string | null;
  @ApiProperty({ type: CustomsHoldResponse }) customs: CustomsHoldResponse;
  @ApiProperty() deliveryAttempts: number;
  @ApiProperty() delivered: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) deliveredAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) deliveredOffice: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Issuing country of the S10 id' }) originCountry: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) destinationCountry: string | null;
}

/** Labels and wall times of the summary, in the reader's language, locale and time zone (Content-Language names it). */
export class ItemTimelineDisplay extends PickType(CaseDisplay, ['language', 'locale', 'timeZone', 'direction'] as const) {
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Zugestellt', description: "Label of `summary.currentStatus.code`" }) currentStatus: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '`summary.currentStatus.at`' }) currentStatusAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '18.11.2026, 10:02 MEZ' }) postedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) exportedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) arrivedInDestinationAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '`summary.customs.since`' }) customsHeldSince: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) deliveredAt: string | null;
}

export class ItemTimelineResponse {
  @ApiProperty({ example: 'RB123456785GB' }) itemId: string;
  @ApiProperty({ type: [TimelineEventResponse], description: 'Chronological; empty when this node has no event for the item' }) events: TimelineEventResponse[];
  @ApiProperty({ type: TimelineSummaryResponse }) summary: TimelineSummaryResponse;
  @ApiProperty({ type: ItemTimelineDisplay }) display: ItemTimelineDisplay;
}
