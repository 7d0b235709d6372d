import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { MAX_TRACKING_BATCH_EVENTS } from '@postbridge/contracts';
import { TRACKING_EVENT_CODES } from '@postbridge/domain';

// Only the shape is checked here. Whether an event is right (S10 id, code, time, office) is the
// domain's call, per event: a bad scan is reported with its index, never fails the batch.
const text = { context: { code: 'INVALID_FIELD_TYPE' } };

export class TrackingEventRequest {
  @ApiProperty({ example: 'RB123456785GB', description: 'UPU S10 item id' })
  @IsOptional() @IsString(text)
  itemId: string;

  @ApiProperty({ example: 'EMC', enum: TRACKING_EVENT_CODES, description: 'UPU EMSEVT event code' })
  @IsOptional() @IsString(text)
  code: string;

  @ApiProperty({ example: '2026-11-20T08:15:00+01:00', description: 'ISO-8601 date-time with an explicit offset (Z or ±hh:mm): the local time at the office' })
  @IsOptional() @IsString(text)
  occurredAt: string;

  @ApiProperty({ example: 'CHZRHA', description: '6-character IMPC office code; its first two letters are its country' })
  @IsOptional() @IsString(text)
  office: string;

  @ApiPropertyOptional({ example: 'Zürich-Mülligen', maxLength: 200, nullable: true })
  @IsOptional() @IsString(text)
  location?: string | null;

  @ApiPropertyOptional({ example: '11', nullable: true, description: 'Only on EMH: UPU non-delivery reason code' })
  @IsOptional() @IsString(text)
  nonDeliveryReason?: string | null;

  @ApiPropertyOptional({ example: 'A', nullable: true, description: 'Only on EMH: UPU action taken after the failed attempt' })
  @IsOptional() @IsString(text)
  nonDeliveryAction?: string | null;
}

export class IngestTrackingEventsRequest {
  @ApiProperty({ type: [TrackingEventRequest], minItems: 1, maxItems: MAX_TRACKING_BATCH_EVENTS, description: `1 to ${MAX_TRACKING_BATCH_EVENTS} events; larger feeds are split by the sender` })
  @IsArray({ context: { code: 'INVALID_FIELD_TYPE' } })
  @ArrayMinSize(1, { context: { code: 'EMPTY_BATCH' } })
  @ArrayMaxSize(MAX_TRACKING_BATCH_EVENTS, { message: `a batch carries at most ${MAX_TRACKING_BATCH_EVENTS} events`, context: { code: 'BATCH_TOO_LARGE' } })
  @IsObject({ each: true, message: 'each event must be a JSON object', context: { code: 'INVALID_FIELD_TYPE' } })
  @ValidateNested({ each: true })
  @Type(() => TrackingEventRequest)
  events: TrackingEventRequest[];
}
