import { ApiProperty } from '@nestjs/swagger';
import { PRESENCE_ACTIVITIES } from './case-presence';
import type { PresenceActivity } from './case-presence';

export class CaseViewerResponse {
  @ApiProperty({ example: 'bob.smith' }) principalId: string;
  @ApiProperty({ example: 'Bob Smith' }) displayName: string;
  @ApiProperty({ enum: PRESENCE_ACTIVITIES }) activity: PresenceActivity;
  @ApiProperty({ example: '2026-11-23T09:12:00.000Z', description: 'When this activity began' }) since: string;
}

export class CasePresenceResponse {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [CaseViewerResponse], description: 'Everyone else at this post with the case open (not the caller), oldest first; at most 100' }) viewers: CaseViewerResponse[];
}
