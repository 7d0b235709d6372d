import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TRACKING_EVENT_CODES, TRACKING_LEGS } from '@postbridge/domain';

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
}

export class TimelineStatusResponse {
  @ApiProperty({ enum: TRACKING_EVENT_CODES }) code: string;
  @ApiProperty() meaning: string;
  @ApiProperty({ example: '2026-11-20T07:15:00.000Z' }) at: string | null;
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

export class ItemTimelineResponse {
  @ApiProperty({ example: 'RB123456785GB' }) itemId: string;
  @ApiProperty({ type: [TimelineEventResponse], description: 'Chronological; empty when this node has no event for the item' }) events: TimelineEventResponse[];
  @ApiProperty({ type: TimelineSummaryResponse }) summary: TimelineSummaryResponse;
}
