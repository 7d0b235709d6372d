import { ApiProperty } from '@nestjs/swagger';
import { RenderedForResponse } from '../../i18n/display.response.dto';

export class ResponseTimeReportRow {
  @ApiProperty({ example: 'US', description: 'Responding post' }) responder: string;
  @ApiProperty({ example: 'EMS' }) network: string;
  @ApiProperty({ example: 40, description: 'Answered rounds (each reply to a request or follow-up counts once)' }) answered: number;
  @ApiProperty({ example: 36, description: 'Answered within the target' }) met: number;
  @ApiProperty({ example: 4 }) missed: number;
  @ApiProperty({ example: 0.9, description: 'met / answered, 4 decimals' }) onTimeRate: number;
  @ApiProperty({ example: 6.5, nullable: true, type: Number, description: "Median working hours (responder's calendar, pauses excluded) from request to answer" })
  medianWorkingHours: number | null;
  @ApiProperty({ example: 15.25, nullable: true, type: Number, description: '90th percentile of the same (interpolated)' }) p90WorkingHours: number | null;
  @ApiProperty({ example: 1.5, nullable: true, type: Number, description: "Median working hours from a case's first request to the responder's first message (reply or information request)" })
  medianFirstResponseWorkingHours: number | null;
}

/** The report's instants as wall times for the reader. Rows carry operator and network codes and figures only: nothing to label. */
export class ResponseTimeReportDisplay extends RenderedForResponse {
  @ApiProperty({ nullable: true, type: String, example: '1. März 2026, 00:00 UTC' }) from: string | null;
  @ApiProperty({ nullable: true, type: String, example: '1. Apr. 2026, 00:00 UTC' }) to: string | null;
  @ApiProperty({ example: '4. März 2026, 17:00 UTC' }) generatedAt: string;
}

export class ResponseTimeReportResponse {
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) from: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) to: string | null;
  @ApiProperty({ format: 'date-time', description: "The broker clock's time of the report" }) generatedAt: string;
  @ApiProperty({ type: [ResponseTimeReportRow], description: 'Per responder and network, ordered by both' }) rows: ResponseTimeReportRow[];
  @ApiProperty({ type: ResponseTimeReportDisplay, description: "from, to and generatedAt in the reader's locale and zone (JSON only; the CSV has the rows alone)" })
  display: ResponseTimeReportDisplay;
}
