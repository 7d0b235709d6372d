import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_PRIORITIES, CASE_STATUSES, DEADLINE_EVENT_KINDS, DEADLINE_STATES, INQUIRY_TYPES, MESSAGE_KINDS, PAUSE_REASONS, PRODUCT_FAMILIES, REFUSAL_REASONS, RESOLUTION_CODES, TARGET_UNITS, WORK_QUEUES } from '@postbridge/domain';
import type { AllowedAction, CasePriority, CaseStatus, DeadlineEventKind, DeadlineState, InquiryType, MessageKind, PauseReason, ProductFamily, RefusalReason, ResolutionCode, TargetUnit, WorkQueue } from '@postbridge/domain';
import { HISTORY_ACTIONS, HistoryAction } from './case-history.entity';

export class LocalizedTextDto {
  @ApiProperty({ example: 'Parcel not received, tracking stops at export.' }) text: string;
  @ApiProperty({ example: 'en', description: 'BCP 47 language tag of the text' }) language: string;
}

export class CustomerContactResponse {
  @ApiProperty({ example: 'Jane Doe' }) name: string;
  @ApiPropertyOptional({ nullable: true, type: String }) email: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) phone: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) preferredLanguage: string | null;
}

export class CaseMessageResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind: MessageKind;
  @ApiProperty({ type: LocalizedTextDto }) body: LocalizedTextDto;
  @ApiProperty() authorAgent: string;
  @ApiProperty() authorOperator: string;
  @ApiProperty() sentAt: string;
  @ApiProperty({ description: 'The message crossed the case resolution in flight' }) receivedAfterClose: boolean;
}

export class CaseResolutionResponse {
  @ApiProperty({ enum: RESOLUTION_CODES }) code: ResolutionCode;
  @ApiPropertyOptional({ type: LocalizedTextDto, nullable: true }) note: LocalizedTextDto | null;
}

export class CaseRefusalResponse {
  @ApiProperty({ enum: REFUSAL_REASONS }) reason: RefusalReason;
  @ApiProperty() detail: string;
}

export class ResponseTargetResponse {
  @ApiProperty({ example: 2 }) value: number;
  @ApiProperty({ enum: TARGET_UNITS }) unit: TargetUnit;
}

/** The broker's deadline clock of the case, as of its latest snapshot (`asOf`). */
export class CaseDeadlineResponse {
  @ApiProperty({ enum: DEADLINE_STATES }) state: DeadlineState;
  @ApiProperty({ enum: DEADLINE_EVENT_KINDS, description: 'What last changed the clock' }) lastEvent: DeadlineEventKind;
  @ApiProperty({ example: 'EMS', description: 'Network (agreement) whose targets apply' }) network: string;
  @ApiProperty({ example: 1, description: '1 for the first request; +1 for each follow-up after an answer' }) round: number;
  @ApiProperty({ example: 'US', description: 'The post that must answer' }) responderOperator: string;
  @ApiProperty({ type: ResponseTargetResponse, description: "In working time of the responder's calendar" }) target: ResponseTargetResponse;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-11-30T19:00:00.000Z', description: 'UTC; null while paused or once the round ended' }) dueAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-11-30T20:00:00.000+01:00', description: "dueAt in this node's time zone" }) dueAtLocal: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-11-30T14:00:00.000-05:00', description: "dueAt in the responder's time zone" }) dueAtResponderLocal: string | null;
  @ApiProperty({ example: 'America/New_York' }) responderTimeZone: string;
  @ApiProperty({ example: 240, description: 'Working minutes left at `asOf`; negative once overdue' }) remainingWorkingMinutes: number;
  @ApiProperty({ enum: PAUSE_REASONS, isArray: true, description: 'Why the clock is stopped; empty while it runs' }) pausedFor: PauseReason[];
  @ApiProperty({ example: 1 }) remindersSent: number;
  @ApiProperty({ example: 2 }) remindersBeforeEscalation: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'When the broker next reminds, marks overdue or escalates, if the clock keeps running' }) nextMilestoneAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: "The responder's first message in this case" }) firstResponseAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: Boolean, description: 'Whether the last answered round met its target; null before any answer' }) lastAnswerMet: boolean | null;
  @ApiProperty({ description: 'When the broker computed this' }) asOf: string;
}

export class CaseResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'RB123456785GB' }) itemId: string;
  @ApiProperty({ enum: PRODUCT_FAMILIES }) productFamily: ProductFamily;
  @ApiProperty({ enum: INQUIRY_TYPES }) inquiryType: InquiryType;
  @ApiProperty({ enum: CASE_PRIORITIES }) priority: CasePriority;
  @ApiProperty({ enum: ['OUTGOING', 'INCOMING'], description: 'OUTGOING: this post filed it; INCOMING: a partner asks this post' }) direction: 'OUTGOING' | 'INCOMING';
  @ApiProperty({ example: 'CH' }) originOperator: string;
  @ApiProperty({ example: 'US' }) destinationOperator: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: CaseStatus;
  @ApiProperty({ enum: WORK_QUEUES, description: 'The work queue the case is in at this node (listQueue)' }) queue: WorkQueue;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Agent of this node working on the case (assignCase); not shared with the partner' }) assignee: string | null;
  @ApiProperty({ type: CustomerContactResponse }) customer: CustomerContactResponse;
  @ApiProperty({ type: LocalizedTextDto }) description: LocalizedTextDto;
  @ApiProperty() openedBy: string;
  @ApiProperty() openedAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) acceptedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) resolvedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: CaseResolutionResponse }) resolution: CaseResolutionResponse | null;
  @ApiPropertyOptional({ nullable: true, type: CaseRefusalResponse, description: 'Why the network refused to deliver the case' }) refusal: CaseRefusalResponse | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Response deadline (UTC), as `deadline.dueAt`' }) dueAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: CaseDeadlineResponse, description: "The network's response deadline; null until the broker starts the clock" }) deadline: CaseDeadlineResponse | null;
  @ApiPropertyOptional({ nullable: true, type: Object, description: 'Summary of the item tracking (filled by auto-population)' }) trackingSummary: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'When new tracking events for the item last reached this open case (the "updated tracking" alert); null if never' }) trackingUpdatedAt: string | null;
  @ApiProperty({ description: 'Tracking shows the item delivered: the agent may resolve at first contact' }) deliveredConsiderResolving: boolean;
  @ApiProperty() lastActivityAt: string;
  @ApiProperty({ description: 'Pass as expectedVersion when changing the case; a stale version gets 409' }) version: number;
  @ApiProperty({ description: 'What this node may do next', isArray: true, enum: ['MESSAGE:INFO', 'MESSAGE:REPLY', 'MESSAGE:INFO_REQUEST', 'RESOLVE'] }) allowedActions: AllowedAction[];
  @ApiPropertyOptional({ type: [CaseMessageResponse] }) messages?: CaseMessageResponse[];
}

export class CaseListResponse {
  @ApiProperty({ type: [CaseResponse] }) items: CaseResponse[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
}

export class CaseHistoryEntryResponse {
  @ApiProperty() occurredAt: string;
  @ApiProperty({ description: 'Operator (node) where it happened', example: 'US' }) operatorCode: string;
  @ApiPropertyOptional({ nullable: true, type: String }) agentId: string | null;
  @ApiProperty({ enum: HISTORY_ACTIONS }) action: HistoryAction;
  @ApiPropertyOptional({ nullable: true, enum: CASE_STATUSES }) fromStatus: CaseStatus | null;
  @ApiPropertyOptional({ nullable: true, enum: CASE_STATUSES }) toStatus: CaseStatus | null;
  @ApiProperty({ type: Object }) detail: Record<string, unknown>;
}

export class CaseHistoryResponse {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [CaseHistoryEntryResponse] }) entries: CaseHistoryEntryResponse[];
}
