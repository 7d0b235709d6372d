import { ApiProperty } from '@nestjs/swagger';
import { TRACKING_EVENT_REJECTION_CODES } from '../shared/validate-tracking-events';

export class TrackingEventErrorResponse {
  @ApiProperty({ example: 'itemId', description: 'The field, or `event` when the event is not a JSON object' }) field: string;
  @ApiProperty({ enum: TRACKING_EVENT_REJECTION_CODES, example: 'INVALID_ITEM_ID' }) code: string;
  @ApiProperty({ example: 'check digit does not match' }) message: string;
}

export class RejectedTrackingEventResponse {
  @ApiProperty({ example: 17, description: 'Position of the event in the request (0-based)' }) index: number;
  @ApiProperty({ type: [TrackingEventErrorResponse], description: 'Every problem found, not only the first' }) errors: TrackingEventErrorResponse[];
}

export class IngestTrackingEventsResponse {
  @ApiProperty({ example: 4998, description: 'New events: stored, applied to open cases and forwarded to partner posts' }) accepted: number;
  @ApiProperty({ example: 0, description: 'Valid events already known (a re-sent batch is harmless); accepted + duplicates + rejected = events sent' }) duplicates: number;
  @ApiProperty({ type: [RejectedTrackingEventResponse], description: 'Invalid events; the others were kept' }) rejected: RejectedTrackingEventResponse[];
}
