import { ApiProperty } from '@nestjs/swagger';
import { CaseResponse } from '../shared/case.response.dto';

/** Cases per work queue at this node; every queue is listed, empty ones with 0. */
export class QueueCountsResponse {
  @ApiProperty() NEW: number;
  @ApiProperty() IN_PROGRESS: number;
  @ApiProperty() AWAITING_PARTNER: number;
  @ApiProperty() AWAITING_OUR_REPLY: number;
  @ApiProperty() DUE_SOON: number;
  @ApiProperty() OVERDUE: number;
  @ApiProperty() RESOLVED: number;
}

export class QueueListResponse {
  @ApiProperty({ type: QueueCountsResponse, description: 'For the whole node, whatever the filters' }) counts: QueueCountsResponse;
  @ApiProperty({ type: [CaseResponse], description: 'By due time (cases without one last), then oldest first' }) items: CaseResponse[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ description: 'Cases matching the filters' }) total: number;
}
