import { ApiProperty } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import type { Display } from '@postbridge/catalogue';
import { DEADLINE_EVENT_KINDS, DEADLINE_STATES, INQUIRY_TYPES, PAUSE_REASONS, PRODUCT_FAMILIES, TARGET_UNITS } from '@postbridge/domain';
import type { DeadlineEventKind, DeadlineState, PauseReason, TargetUnit } from '@postbridge/domain';
import type { CaseDeadlineRecord } from '../shared/deadline.repository.port';
import type { DeadlineView } from '../shared/deadline-view';
import { RenderedForResponse } from '../../i18n/display.response.dto';

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

export class DeadlineTargetResponse {
  @ApiProperty({ example: 2 }) value: number;
  @ApiProperty({ enum: TARGET_UNITS }) unit: TargetUnit;
  @ApiProperty({ example: 34_200_000, description: "The target as working time of the responder's calendar, fixed when the round started" }) workingMs: number;
}

/** Labels of a deadline's codes and its instants as wall times, for the reader (Accept-Language, ?tz=). */
export class DeadlineDisplay extends RenderedForResponse {
  @ApiProperty({ example: 'Allgemeine Anfrage' }) inquiryType: string;
  @ApiProperty({ example: 'EMS (internationale Expresspost)' }) productFamily: string;
  @ApiProperty({ example: 'Läuft', description: 'Label of state' }) state: string;
  @ApiProperty({ example: 'Frist gestartet', description: 'Label of lastEvent' }) lastEvent: string;
  @ApiProperty({ example: 'Arbeitsstunden', description: 'Label of target.unit' }) targetUnit: string;
  @ApiProperty({ isArray: true, type: String, description: 'Labels of pausedFor' }) pausedFor: string[];
  @ApiProperty({ example: '4. März 2026, 15:00 UTC' }) roundStartedAt: string;
  @ApiProperty({ nullable: true, type: String, example: '5. März 2026, 15:00 UTC' }) dueAt: string | null;
  @ApiProperty({ nullable: true, type: String, example: '5. März 2026, 16:00 MEZ', description: "dueAt on the responder's clock (responderTimeZone), in the reader's locale" })
  dueAtResponder: string | null;
  @ApiProperty({ nullable: true, type: String }) nextMilestoneAt: string | null;
  @ApiProperty({ nullable: true, type: String }) firstResponseAt: string | null;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
}

export class DeadlineResponse {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'EE123456785CH' }) itemId: string;
  @ApiProperty({ example: 'EMS', description: 'Network (agreement) whose target applies' }) network: string;
  @ApiProperty({ example: 'CH' }) originOperator: string;
  @ApiProperty({ example: 'US', description: 'The post that must answer' }) responderOperator: string;
  @ApiProperty({ example: 'America/New_York', description: 'Zone of the calendar the deadline is computed in' }) responderTimeZone: string;
  @ApiProperty({ enum: INQUIRY_TYPES }) inquiryType: string;
  @ApiProperty({ enum: PRODUCT_FAMILIES }) productFamily: string;
  @ApiProperty({ example: 1, description: '1 for the first request, +1 for each follow-up after an answer' }) round: number;
  @ApiProperty({ type: DeadlineTargetResponse }) target: DeadlineTargetResponse;
  @ApiProperty({ enum: DEADLINE_STATES }) state: DeadlineState;
  @ApiProperty({ enum: DEADLINE_EVENT_KINDS, description: 'Kind of the last case.deadline sent' }) lastEvent: DeadlineEventKind;
  @ApiProperty({ example: 3, description: 'Sequence of the last case.deadline sent' }) sequence: number;
  @ApiProperty({ format: 'date-time' }) roundStartedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'UTC; null while the clock stands still with time left. For an ended round, the due time it had' })
  dueAt: string | null;
  @ApiProperty({ example: '2026-03-04T15:30:00.000-05:00', nullable: true, type: String, description: "dueAt in the responder's time zone" })
  dueAtResponderLocal: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Next reminder, overdue notice or escalation if the clock keeps running' })
  nextMilestoneAt: string | null;
  @ApiProperty({ example: 7_200_000, nullable: true, type: Number, description: 'Working time used in this round, pauses excluded (now, or when the round ended). Null (like the other computed fields) when the responder is no longer in the network file' })
  elapsedWorkingMs: number | null;
  @ApiProperty({ example: 27_000_000, nullable: true, type: Number, description: 'Working time left; negative once overdue' }) remainingWorkingMs: number | null;
  @ApiProperty({ enum: PAUSE_REASONS, isArray: true, description: 'Why the clock stands still now; empty while it runs' }) pausedFor: PauseReason[];
  @ApiProperty({ example: 1, nullable: true, type: Number }) remindersSent: number | null;
  @ApiProperty({ example: 2 }) remindersBeforeEscalation: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: "The responder's first message in the case" }) firstResponseAt: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'After an answer: whether it came within the target' }) met: boolean | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the round was answered or the case closed' }) closedAt: string | null;
  @ApiProperty({ type: DeadlineDisplay, description: "Labels and wall times in the reader's language and zone; the codes above stay as they are" }) display: DeadlineDisplay;

  static from(d: CaseDeadlineRecord, view: DeadlineView | null, responderTimeZone: string, display: Display): DeadlineResponse {
    // Without a view (responder gone from the network file): as last stored.
    const dueAt = d.closedAt !== null || !view ? d.dueAt : view.dueAt;
    const pausedFor = view?.pausedFor ?? [];
    const wall = (at: number | null | undefined) => (at == null ? null : display.instant(new Date(at)));
    return Object.assign(new DeadlineResponse(), {
      caseId: d.caseId,
      itemId: d.itemId,
      network: d.network,
      originOperator: d.originOperator,
      responderOperator: d.responderOperator,
      responderTimeZone,
      inquiryType: d.inquiryType,
      productFamily: d.productFamily,
      round: d.round,
      target: { value: d.targetValue, unit: d.targetUnit, workingMs: d.targetMs },
      state: d.state,
      lastEvent: d.lastEvent,
      sequence: d.sequence,
      roundStartedAt: new Date(d.startedAt).toISOString(),
      dueAt: iso(dueAt),
      dueAtResponderLocal: dueAt === null ? null : DateTime.fromMillis(dueAt, { zone: responderTimeZone }).toISO(),
      nextMilestoneAt: view ? iso(view.nextMilestoneAt) : null,
      elapsedWorkingMs: view?.elapsedMs ?? null,
      remainingWorkingMs: view?.remainingMs ?? null,
      pausedFor,
      remindersSent: view?.remindersSent ?? null,
      remindersBeforeEscalation: d.policy.remindersBeforeEscalation,
      firstResponseAt: iso(d.firstResponseAt),
      met: d.met,
      closedAt: iso(d.closedAt),
      display: {
        ...display.renderedFor(),
        inquiryType: display.code('inquiryType', d.inquiryType),
        productFamily: display.code('productFamily', d.productFamily),
        state: display.code('deadlineState', d.state),
        lastEvent: display.code('deadlineEventKind', d.lastEvent),
        targetUnit: display.code('targetUnit', d.targetUnit),
        pausedFor: display.codes('pauseReason', pausedFor),
        roundStartedAt: display.instant(new Date(d.startedAt)),
        dueAt: wall(dueAt),
        dueAtResponder: display.instantIn(dueAt, responderTimeZone),
        nextMilestoneAt: wall(view?.nextMilestoneAt),
        firstResponseAt: wall(d.firstResponseAt),
        closedAt: wall(d.closedAt),
      },
    });
  }
}

export class DeadlinePageResponse {
  @ApiProperty({ type: [DeadlineResponse] }) items: DeadlineResponse[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 50 }) pageSize: number;
  @ApiProperty({ example: 120, description: 'Deadlines matching the filters, over all pages' }) total: number;
}
