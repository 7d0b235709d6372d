import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { MAX_TRACKING_BATCH_EVENTS, TextLimits } from '@postbridge/contracts';
import { TRACKING_EVENT_CODES } from '@postbridge/domain';

// Only the batch is checked here. Each event (its JSON shape, unknown fields, S10 id, code, time,
// office, text) is judged on its own by validateTrackingEvents: a bad scan is reported with its
// index and codes, and never fails the batch or loses the good scans next to it.
// This class documents an event in OpenAPI; events are not validated as instances of it.
export class TrackingEventRequest {
  @ApiProperty({ example: 'RB123456785GB', maxLength: 13, description: 'UPU S10 item id' })
  itemId: string;

  @ApiProperty({ example: 'EMC', enum: TRACKING_EVENT_CODES, description: 'UPU EMSEVT event code' })
  code: string;

  @ApiProperty({ example: '2026-11-20T08:15:00+01:00', format: 'date-time', maxLength: TextLimits.instant, description: 'ISO-8601 date-time with an explicit offset (Z or ±hh:mm): the local time at the office' })
  occurredAt: string;

  @ApiProperty({ example: 'CHZRHA', minLength: 6, maxLength: 6, description: '6-character IMPC office code; its first two letters are its country' })
  office: string;

  @ApiPropertyOptional({ type: String, example: 'Zürich-Mülligen', maxLength: TextLimits.trackingText, nullable: true, description: 'Free text shown to agents; no control characters' })
  location?: string | null;

  @ApiPropertyOptional({ type: String, example: '11', maxLength: TextLimits.trackingText, nullable: true, description: 'Only on EMH: UPU non-delivery reason code' })
  nonDeliveryReason?: string | null;

  @ApiPropertyOptional({ type: String, example: 'A', maxLength: TextLimits.trackingText, nullable: true, description: 'Only on EMH: UPU action taken after the failed attempt' })
  nonDeliveryAction?: string | null;

  @ApiPropertyOptional({
    type: String,
    example: 'US',
    minLength: 2,
    maxLength: 2,
    nullable: true,
    description: 'On this post\'s despatch/export scans of its own items: ISO 3166-1 alpha-2 country the item is sent to. The broker takes the item\'s destination from it (or from a case) and forwards the destination post\'s scans only then.',
  })
  destinationCountry?: string | null;
}

export class IngestTrackingEventsRequest {
  @ApiProperty({ type: [TrackingEventRequest], minItems: 1, maxItems: MAX_TRACKING_BATCH_EVENTS, description: `1 to ${MAX_TRACKING_BATCH_EVENTS} events; larger feeds are split by the sender` })
  // Bottom first: with stopAtFirstError the type check runs before the sizes.
  @ArrayMaxSize(MAX_TRACKING_BATCH_EVENTS, { message: `a batch carries at most ${MAX_TRACKING_BATCH_EVENTS} events`, context: { code: 'BATCH_TOO_LARGE' } })
  @ArrayMinSize(1, { context: { code: 'EMPTY_BATCH' } })
  @IsArray({ message: 'events must be a JSON array of events', context: { code: 'INVALID_FIELD_TYPE' } })
  // Plain JSON values: each is checked on its own (see above).
  events: unknown[];
}
