import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CASE_PRIORITIES, CASE_STATUSES, DEADLINE_EVENT_KINDS, DEADLINE_STATES, INQUIRY_REASONS, INQUIRY_TYPES, LANGUAGE_SOURCES, MESSAGE_KINDS, PAUSE_REASONS, PRODUCT_FAMILIES, REFUSAL_REASONS,
  REPLY_OUTCOMES, REQUESTED_ACTIONS, RESOLUTION_CODES, TARGET_UNITS, WORK_QUEUES,
} from '@postbridge/domain';
import type {
  AllowedAction, CasePriority, CaseStatus, DeadlineEventKind, DeadlineState, InquiryReason, InquiryType, LanguageSource, MessageKind, PauseReason, ProductFamily, RefusalReason, ReplyOutcome,
  RequestedAction, ResolutionCode, TargetUnit, WorkQueue,
} from '@postbridge/domain';
import { TRANSLATION_ERROR_CODES } from '../../translation/translation-unavailable.error';
import { HISTORY_ACTIONS, HistoryAction } from './case-history.entity';
import { PERSONAL_DATA_REMOVALS, PersonalDataRemoval } from './case.entity';

/** A machine translation of a free text into the reader's language; shown next to the original, never instead of it. */
export class MachineTranslationDto {
  @ApiProperty({ example: 'The parcel has not arrived.' }) text: string;
  @ApiProperty({ example: 'en', description: 'Language translated into (the reader\'s)' }) language: string;
  @ApiProperty({ example: true, description: 'Always true: made by a machine, not by a person' }) machine: true;
  @ApiProperty({ example: 'libretranslate', description: 'The translation service' }) provider: string;
}

export class LocalizedTextDto {
  @ApiProperty({ example: 'Parcel not received, tracking stops at export.', description: 'The original text, as written' }) text: string;
  @ApiProperty({ example: 'en', description: 'BCP 47 language tag of the text' }) language: string;
  @ApiProperty({ enum: LANGUAGE_SOURCES, description: 'Where the tag came from: GIVEN by the author, DETECTED, ASSUMED (detection unsure: the author\'s own language), TEMPLATE' }) languageSource: LanguageSource;
  @ApiPropertyOptional({ type: String, example: 'Englisch', description: "The text's language, named in the reader's language" }) languageName?: string;
  @ApiPropertyOptional({ type: MachineTranslationDto, nullable: true, description: "Present only when a translation service is configured and the text is not in the reader's language; null when the service failed (see translationError)" }) translation?: MachineTranslationDto | null;
  @ApiPropertyOptional({ enum: TRANSLATION_ERROR_CODES, description: 'Why no translation could be shown' }) translationError?: string;
}

/** A saved reply rendered in the reader's language from this node's own version of the template. */
export class RenderedTemplateDto {
  @ApiProperty({ example: 'DELIVERED_WITH_SIGNATURE' }) id: string;
  @ApiProperty({ example: 'ja', description: 'Language it was rendered in (the reader\'s, or the nearest one the template has)' }) language: string;
  @ApiProperty({ example: '郵便物 RB123456785CH は …' }) text: string;
  @ApiProperty({ example: [], isArray: true, type: String, description: 'Placeholders the case had no value for (rendered as —)' }) missing: string[];
}

export class CustomerContactResponse {
  @ApiProperty({ example: 'Jane Doe' }) name: string;
  @ApiPropertyOptional({ nullable: true, type: String }) email: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) phone: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) preferredLanguage: string | null;
}

/** Labels and wall times of a message for the reader (codes and UTC instants stay in their own fields). */
export class CaseMessageDisplay {
  @ApiProperty({ example: 'Antwort' }) kind: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Zugestellt mit Unterschrift' }) outcome: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '20. Nov. 2026, 14:05 MEZ' }) eventAt: string | null;
  @ApiProperty({ example: '23. Nov. 2026, 09:12 MEZ' }) sentAt: string;
}

export class CaseMessageResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind: MessageKind;
  @ApiProperty({ type: LocalizedTextDto, description: "The sender's text: free text, or the template rendered in the sender's language" }) body: LocalizedTextDto;
  @ApiPropertyOptional({ nullable: true, enum: REPLY_OUTCOMES, description: 'REPLY only: what the destination post found' }) outcome: ReplyOutcome | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'REPLY only: the date the outcome is about (UTC)' }) eventAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'REPLY only: who signed for the item' }) signedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'REPLY only: the office concerned' }) office: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The saved reply the sender picked' }) templateId: string | null;
  @ApiPropertyOptional({ nullable: true, type: RenderedTemplateDto, description: "The template in the reader's language, when this node has it; else read `body`" }) template: RenderedTemplateDto | null;
  @ApiProperty() authorAgent: string;
  @ApiProperty() authorOperator: string;
  @ApiProperty() sentAt: string;
  @ApiProperty({ description: 'The message crossed the case resolution in flight' }) receivedAfterClose: boolean;
  @ApiProperty({ type: CaseMessageDisplay }) display: CaseMessageDisplay;
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

/** Labels of the case's codes and its instants as wall times, in the reader's language, locale and time zone (Content-Language names it). */
export class CaseDisplay {
  @ApiProperty({ example: 'de', description: 'Language of these labels' }) language: string;
  @ApiProperty({ example: 'de-CH' }) locale: string;
  @ApiProperty({ example: 'Europe/Zurich' }) timeZone: string;
  @ApiProperty({ enum: ['ltr', 'rtl'] }) direction: 'ltr' | 'rtl';
  @ApiProperty({ example: 'Vollständige Nachforschung' }) inquiryType: string;
  @ApiProperty({ isArray: true, type: String, example: ['Nicht angekommen'] }) reasons: string[];
  @ApiProperty({ isArray: true, type: String }) requestedActions: string[];
  @ApiProperty() priority: string;
  @ApiProperty() productFamily: string;
  @ApiProperty() status: string;
  @ApiProperty() queue: string;
  @ApiPropertyOptional({ nullable: true, type: String }) resolution: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) refusal: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) deadlineState: string | null;
  @ApiProperty({ isArray: true, type: String }) pausedFor: string[];
  @ApiProperty({ example: '23. Nov. 2026, 16:51 MEZ' }) openedAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) acceptedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) resolvedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) dueAt: string | null;
  @ApiProperty() lastActivityAt: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: "The item's current tracking status (trackingSummary.currentStatus.code), labelled" }) trackingStatus: string | null;
}

/** When and why the customer's personal data was removed from this node's copy of the case. */
export class PersonalDataRemovedResponse {
  @ApiProperty({ format: 'date-time', example: '2027-05-20T03:00:00.000Z' }) at: string;
  @ApiProperty({ enum: PERSONAL_DATA_REMOVALS, description: "RETENTION: the node's retention period for closed cases ended; ERASURE: a data-protection erasure (this post's or the partner's)" }) reason: PersonalDataRemoval;
}

export class CaseResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'RB123456785GB' }) itemId: string;
  @ApiProperty({ enum: PRODUCT_FAMILIES }) productFamily: ProductFamily;
  @ApiProperty({ enum: INQUIRY_TYPES }) inquiryType: InquiryType;
  @ApiProperty({ enum: INQUIRY_REASONS, isArray: true, description: 'What the customer reports' }) reasons: InquiryReason[];
  @ApiProperty({ enum: REQUESTED_ACTIONS, isArray: true, description: 'What the origin post asks the destination post to do' }) requestedActions: RequestedAction[];
  @ApiProperty({ enum: CASE_PRIORITIES }) priority: CasePriority;
  @ApiProperty({ enum: ['OUTGOING', 'INCOMING'], description: 'OUTGOING: this post filed it; INCOMING: a partner asks this post' }) direction: 'OUTGOING' | 'INCOMING';
  @ApiProperty({ example: 'CH' }) originOperator: string;
  @ApiProperty({ example: 'US' }) destinationOperator: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: CaseStatus;
  @ApiProperty({ enum: WORK_QUEUES, description: 'The work queue the case is in at this node (listQueue)' }) queue: WorkQueue;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Agent of this node working on the case (assignCase); not shared with the partner' }) assignee: string | null;
  @ApiPropertyOptional({ type: CustomerContactResponse, nullable: true, description: 'null once the personal data was removed (personalDataRemoved)' }) customer: CustomerContactResponse | null;
  @ApiProperty({ type: LocalizedTextDto, description: 'Its text is empty once the personal data was removed, as are the texts of the messages (their codes and facts stay)' }) description: LocalizedTextDto;
  @ApiPropertyOptional({ type: PersonalDataRemovedResponse, nullable: true, description: "Set when the customer's data (contacts, description, message texts, who signed, the resolution note) was removed at this node; codes and timings stay" }) personalDataRemoved: PersonalDataRemovedResponse | null;
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
  @ApiProperty({ type: CaseDisplay }) display: CaseDisplay;
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
  @ApiProperty({ type: Object, example: { action: 'Eröffnet', occurredAt: '23. Nov. 2026, 16:51 MEZ' }, description: "The action's label and the time in the reader's language and time zone" }) display: { action: string; occurredAt: string };
}

export class CaseHistoryResponse {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [CaseHistoryEntryResponse] }) entries: CaseHistoryEntryResponse[];
}
