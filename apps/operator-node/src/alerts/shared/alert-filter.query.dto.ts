import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { ALERT_TYPES, AlertType } from '@postbridge/domain';
import { ALERT_AUDIENCES, AlertAudience, AlertFilter } from './alert';

const ALERT_ID = /^\d{1,18}$/;

/** `types=A,B` or `types=A&types=B`. */
const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : Array.isArray(value) ? value.flatMap((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : [v])) : value;

/** Filters shared by streamAlerts and listAlerts. */
export class AlertFilterQuery {
  @ApiPropertyOptional({ enum: ALERT_TYPES, isArray: true, description: 'Only these types (comma-separated or repeated)', example: ['NEW_INQUIRY', 'URGENT_INQUIRY'] })
  @IsOptional() @Transform(commaList) @IsArray({ context: { code: 'INVALID_ALERT_TYPE' } }) @ArrayMaxSize(ALERT_TYPES.length * 2)
  @IsIn(ALERT_TYPES, { each: true, message: `types must be among ${ALERT_TYPES.join(', ')}`, context: { code: 'INVALID_ALERT_TYPE' } })
  types?: AlertType[];

  @ApiPropertyOptional({ enum: ALERT_AUDIENCES, description: 'Only alerts for agents, or only those for supervisors (escalations)' })
  @IsOptional() @IsIn(ALERT_AUDIENCES, { context: { code: 'INVALID_AUDIENCE' } })
  audience?: AlertAudience;

  @ApiPropertyOptional({ format: 'uuid', maxLength: 36, description: "Only this case's alerts" })
  @IsOptional() @IsUUID('all', { context: { code: 'INVALID_CASE_ID' } })
  caseId?: string;

  @ApiPropertyOptional({ example: '41', maxLength: 18, pattern: ALERT_ID.source, description: 'Only alerts after this id' })
  @IsOptional() @Matches(ALERT_ID, { message: 'since must be an alert id (digits)', context: { code: 'INVALID_ALERT_ID' } })
  since?: string;

  toFilter(): AlertFilter {
    return { types: this.types, audience: this.audience, caseId: this.caseId };
  }
}

export const isAlertId = (v: string): boolean => ALERT_ID.test(v);
