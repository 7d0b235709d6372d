import { ApiPropertyOptional } from '@nestjs/swagger';
import { NETWORK_CODE } from '@postbridge/contracts';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DEADLINE_STATES, DeadlineState } from '@postbridge/domain';
import { ReaderTimeZone } from '../../i18n/reader.decorator';
import { PageQuery } from '../../shared/page.query.dto';

export class ListDeadlinesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DEADLINE_STATES, description: 'State as last announced (RUNNING, DUE_SOON, OVERDUE, ESCALATED, PAUSED, MET, MISSED, STOPPED)' })
  @IsOptional()
  @IsIn(DEADLINE_STATES, { context: { code: 'INVALID_DEADLINE_STATE' } })
  state?: DeadlineState;

  @ApiPropertyOptional({ description: 'Operator code of the responding post', example: 'US', maxLength: 10, pattern: '^[A-Z0-9]{2,10}$' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{2,10}$/, { message: 'responder must be an operator code', context: { code: 'INVALID_OPERATOR_CODE' } })
  responder?: string;

  @ApiPropertyOptional({ description: 'Network (agreement) code', example: 'EMS', maxLength: 20, pattern: NETWORK_CODE.source })
  @IsOptional()
  @Matches(NETWORK_CODE, { message: 'network must be a network code such as EMS', context: { code: 'INVALID_NETWORK_CODE' } })
  network?: string;

  @ReaderTimeZone()
  tz?: string;
}
