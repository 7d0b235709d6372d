import { ApiProperty, PickType } from '@nestjs/swagger';
import { CaseDisplay, CaseResponse } from '../shared/case.response.dto';

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

/** The label of each work queue, keyed like `counts`. */
export class QueueLabelsResponse {
  @ApiProperty({ example: 'Neu' }) NEW: string;
  @ApiProperty() IN_PROGRESS: string;
  @ApiProperty() AWAITING_PARTNER: string;
  @ApiProperty() AWAITING_OUR_REPLY: string;
  @ApiProperty() DUE_SOON: string;
  @ApiProperty() OVERDUE: string;
  @ApiProperty() RESOLVED: string;
}

/** Labels in the reader's language (Content-Language names it); each case carries its own `display`. */
export class QueueListDisplay extends PickType(CaseDisplay, ['language', 'locale', 'timeZone', 'direction'] as const) {
  @ApiProperty({ type: QueueLabelsResponse, description: 'Every queue, also those the filters leave out' }) queues: QueueLabelsResponse;
}

export class QueueListResponse {
  @ApiProperty({ type: QueueCountsResponse, description: 'For the whole node, whatever the filters' }) counts: QueueCountsResponse;
  @ApiProperty({ type: [CaseResponse], description: 'By due time (cases without one last), then oldest first' }) items: CaseResponse[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ description: 'Cases matching the filters' }) total: number;
  @ApiProperty({ type: QueueListDisplay }) display: QueueListDisplay;
}
