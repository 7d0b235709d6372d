import { Injectable } from '@nestjs/common';
import type { Display } from '@postbridge/catalogue';
import { ApiException } from '@postbridge/platform';
import { DeadlineRepository, ResponseTimeRow } from '../shared/deadline.repository.port';
import { DeadlineService } from '../shared/deadline.service';
import { GetResponseTimeReportQuery } from './get-response-time-report.query.dto';
import { ResponseTimeReportResponse, ResponseTimeReportRow } from './response-time-report.response.dto';

const HOUR_MS = 3_600_000;
const round = (x: number, decimals: number) => Math.round(x * 10 ** decimals) / 10 ** decimals;
const hours = (ms: number | null) => (ms === null ? null : round(ms / HOUR_MS, 2));

// The CSV keeps exactly these columns: the rows hold operator and network codes (not catalogue
// codes, so there is no label to add) and figures, the same bytes for every reader.
export const CSV_COLUMNS = ['responder', 'network', 'answered', 'met', 'missed', 'onTimeRate', 'medianWorkingHours', 'p90WorkingHours', 'medianFirstResponseWorkingHours'] as const;

/** Response-time figures from the response facts (one per answered round). */
@Injectable()
export class ResponseTimeReportService {
  constructor(
    private readonly deadlines: DeadlineRepository,
    private readonly service: DeadlineService,
  ) {}

  /** `party`: only answers to cases that operator is a party to (null: the whole network). */
  async report(q: GetResponseTimeReportQuery, display: Display, party: string | null = null): Promise<ResponseTimeReportResponse> {
    const from = q.from !== undefined ? Date.parse(q.from) : undefined;
    const to = q.to !== undefined ? Date.parse(q.to) : undefined;
    if (from !== undefined && to !== undefined && from >= to) {
      throw new ApiException(400, 'INVALID_RANGE', `from (${q.from}) must be before to (${q.to})`);
    }
    const rows = await this.deadlines.responseTimes({ from, to, responder: q.responder, network: q.network, party: party ?? undefined });
    const generatedAt = new Date(this.service.now());
    const wall = (at: number | undefined) => (at === undefined ? null : display.instant(new Date(at)));
    return {
      from: from === undefined ? null : new Date(from).toISOString(),
      to: to === undefined ? null : new Date(to).toISOString(),
      generatedAt: generatedAt.toISOString(),
      rows: rows.map(toRow),
      display: { ...display.renderedFor(), from: wall(from), to: wall(to), generatedAt: display.instant(generatedAt) },
    };
  }

  toCsv(report: ResponseTimeReportResponse): string {
    const lines = [CSV_COLUMNS.join(',')];
    for (const r of report.rows) lines.push(CSV_COLUMNS.map((c) => csvField(r[c])).join(','));
    return lines.map((l) => `${l}\r\n`).join('');
  }
}

function toRow(r: ResponseTimeRow): ResponseTimeReportRow {
  return {
    responder: r.responder,
    network: r.network,
    answered: r.answered,
    met: r.met,
    missed: r.missed,
    onTimeRate: r.answered > 0 ? round(r.met / r.answered, 4) : 0,
    medianWorkingHours: hours(r.medianWorkingMs),
    p90WorkingHours: hours(r.p90WorkingMs),
    medianFirstResponseWorkingHours: hours(r.medianFirstResponseWorkingMs),
  };
}

/** RFC 4180: quoted when it holds a comma, quote or line break; null is an empty field. */
function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
