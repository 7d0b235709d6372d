import { ApiProperty } from '@nestjs/swagger';
import { TrackingEventErrorCode } from '@postbridge/domain';

export class TrackingEventErrorResponse {
  @ApiProperty({ example: 'itemId' }) field: string;
  @ApiProperty({ enum: Object.values(TrackingEventErrorCode), example: 'INVALID_ITEM_ID' }) code: string;
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
