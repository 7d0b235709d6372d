import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PRESENCE_ACTIVITIES } from '../shared/case-presence';
import type { PresenceActivity } from '../shared/case-presence';

export class PutCasePresenceRequest {
  @ApiProperty({ enum: PRESENCE_ACTIVITIES, description: 'VIEWING: the case is open; WRITING: a reply is being written' })
  @IsIn(PRESENCE_ACTIVITIES, { context: { code: 'INVALID_ACTIVITY' } })
  activity: PresenceActivity;
}
