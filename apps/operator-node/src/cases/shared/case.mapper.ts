import { DateTime } from 'luxon';
import { allowedActions, workQueueOf, WorkQueue } from '@postbridge/domain';
import { Display } from '@postbridge/catalogue';
import type { Reader } from '../../i18n/reader';
import { CaseEntity } from './case.entity';
import { CaseHistoryEntity } from './case-history.entity';
import { CaseMessageEntity } from './case-message.entity';
import { CaseDeadlineResponse, CaseHistoryEntryResponse, CaseMessageResponse, CaseResponse, LocalizedTextDto, MachineTranslationDto, RenderedTemplateDto } from './case.response.dto';
import { StoredDeadline } from './stored-deadline';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Whose copy is shown: this node's operator code and time zone (NodeContext fits). */
export interface CaseViewer {
  readonly operatorCode: string;
  readonly timeZone: string;
}

/** What a free text gains for its reader: a machine translation (only when a service is configured). */
export interface TextExtras {
  readonly translation?: MachineTranslationDto | null;
  readonly translationError?: string;
}

/** Texts computed for one reader before mapping (templates and translations need I/O). */
export interface CaseTexts {
  readonly description?: TextExtras;
  readonly resolutionNote?: TextExtras;
  readonly messages?: ReadonlyMap<string, { readonly body?: TextExtras; readonly template?: RenderedTemplateDto | null }>;
}

/** A case as one reader sees it: which node's copy, in whose language, with which rendered texts. */
export interface CaseView extends CaseViewer {
  readonly reader: Reader;
  readonly texts?: CaseTexts;
}

function localized(text: string, language: string, source: LocalizedTextDto['languageSource'], display: Display, extras?: TextExtras): LocalizedTextDto {
  return { text, language, languageSource: source, languageName: display.languageName(language), ...(extras ?? {}) };
}

export function sideOf(c: Pick<CaseEntity, 'originOperator'>, me: string): 'ORIGIN' | 'DESTINATION' {
  return c.originOperator === me ? 'ORIGIN' : 'DESTINATION';
}

export function queueOf(c: CaseEntity, me: string): WorkQueue {
  return workQueueOf({ side: sideOf(c, me), status: c.status, deadlineState: c.deadlineState, assignee: c.assignee, responded: c.firstResponseAt !== null });
}

/** An instant as ISO-8601 with the offset of `zone`, e.g. 2026-11-30T14:00:00.000-05:00. */
export function inZone(instant: string | null, zone: string): string | null {
  return instant === null ? null : DateTime.fromMillis(Date.parse(instant), { zone }).toISO();
}

export function toDeadlineResponse(d: StoredDeadline, viewerZone: string): CaseDeadlineResponse {
  return {
    state: d.state,
    lastEvent: d.kind,
    network: d.network,
    round: d.round,
    responderOperator: d.responderOperator,
    target: { value: d.target.value, unit: d.target.unit },
    dueAt: d.dueAt,
    dueAtLocal: inZone(d.dueAt, viewerZone),
    dueAtResponderLocal: inZone(d.dueAt, d.responderTimeZone),
    responderTimeZone: d.responderTimeZone,
    remainingWorkingMinutes: Math.trunc(d.remainingWorkingMs / 60_000) || 0,
    pausedFor: d.pausedFor,
    remindersSent: d.remindersSent,
    remindersBeforeEscalation: d.remindersBeforeEscalation,
    nextMilestoneAt: d.nextMilestoneAt,
    firstResponseAt: d.firstResponseAt,
    lastAnswerMet: d.lastAnswerMet,
    asOf: d.asOf,
  };
}

export function toCaseResponse(c: CaseEntity, view: CaseView, messages?: CaseMessageEntity[]): CaseResponse {
  const me = view.operatorCode;
  const d = new Display(view.reader);
  const queue = queueOf(c, me);
  return {
    id: c.id,
    itemId: c.itemId,
    productFamily: c.productFamily,
    inquiryType: c.inquiryType,
    reasons: c.reasons,
    requestedActions: c.requestedActions,
    priority: c.priority,
    direction: c.originOperator === me ? 'OUTGOING' : 'INCOMING',
    originOperator: c.originOperator,
    destinationOperator: c.destinationOperator,
    status: c.status,
    queue,
    assignee: c.assignee,
    customer: c.personalDataRemovedAt ? null : { name: c.customerName, email: c.customerEmail, phone: c.customerPhone, preferredLanguage: c.customerLanguage },
    description: localized(c.descriptionText, c.descriptionLanguage, c.descriptionLanguageSource, d, view.texts?.description),
    personalDataRemoved: c.personalDataRemovedAt && c.personalDataRemoval ? { at: c.personalDataRemovedAt.toISOString(), reason: c.personalDataRemoval } : null,
    openedBy: c.openedByAgent,
    openedAt: c.openedAt.toISOString(),
    acceptedAt: iso(c.acceptedAt),
    resolvedAt: iso(c.resolvedAt),
    resolution: c.resolutionCode
      ? { code: c.resolutionCode, note: c.resolutionNoteText ? localized(c.resolutionNoteText, c.resolutionNoteLanguage ?? 'und', c.resolutionNoteLanguageSource ?? 'GIVEN', d, view.texts?.resolutionNote) : null }
      : null,
    refusal: c.refusalReason ? { reason: c.refusalReason, detail: c.refusalDetail ?? '' } : null,
    dueAt: iso(c.dueAt),
    deadline: c.deadline ? toDeadlineResponse(c.deadline, view.timeZone) : null,
    trackingSummary: c.trackingSummary,
    trackingUpdatedAt: iso(c.trackingUpdatedAt),
    deliveredConsiderResolving: c.deliveredConsiderResolving,
    lastActivityAt: c.lastActivityAt.toISOString(),
    version: c.version,
    allowedActions: allowedActions(c.status, sideOf(c, me)),
    messages: messages?.map((m) => toMessageResponse(m, d, view.texts?.messages?.get(m.id))),
    display: {
      ...d.renderedFor(),
      inquiryType: d.code('inquiryType', c.inquiryType),
      reasons: d.codes('inquiryReason', c.reasons),
      requestedActions: d.codes('requestedAction', c.requestedActions),
      priority: d.code('casePriority', c.priority),
      productFamily: d.code('productFamily', c.productFamily),
      status: d.code('caseStatus', c.status),
      queue: d.code('workQueue', queue),
      resolution: d.code('resolutionCode', c.resolutionCode),
      refusal: d.code('refusalReason', c.refusalReason),
      deadlineState: d.code('deadlineState', c.deadline?.state ?? null),
      pausedFor: d.codes('pauseReason', c.deadline?.pausedFor ?? []),
      openedAt: d.instant(c.openedAt),
      acceptedAt: d.instant(c.acceptedAt),
      resolvedAt: d.instant(c.resolvedAt),
      dueAt: d.instant(c.deadline?.dueAt ?? iso(c.dueAt)),
      lastActivityAt: d.instant(c.lastActivityAt),
      // The stored summary keeps the English reference meaning; the reader gets their own label.
      trackingStatus: d.code('trackingEvent', (c.trackingSummary?.currentStatus?.code as string | undefined) ?? null),
    },
  };
}

export function toMessageResponse(m: CaseMessageEntity, d: Display, texts?: { body?: TextExtras; template?: RenderedTemplateDto | null }): CaseMessageResponse {
  return {
    id: m.id,
    kind: m.kind,
    body: localized(m.bodyText, m.bodyLanguage, m.bodyLanguageSource, d, texts?.body),
    outcome: m.outcome,
    eventAt: iso(m.eventAt),
    signedBy: m.signedBy,
    office: m.office,
    templateId: m.templateId,
    template: texts?.template ?? null,
    authorAgent: m.authorAgent,
    authorOperator: m.authorOperator,
    sentAt: m.sentAt.toISOString(),
    receivedAfterClose: m.receivedAfterClose,
    display: { kind: d.code('messageKind', m.kind), outcome: d.code('replyOutcome', m.outcome), eventAt: d.instant(m.eventAt), sentAt: d.instant(m.sentAt) },
  };
}

export function toHistoryEntry(h: CaseHistoryEntity, d: Display): CaseHistoryEntryResponse {
  return {
    occurredAt: h.occurredAt.toISOString(),
    operatorCode: h.operatorCode,
    agentId: h.agentId,
    action: h.action,
    fromStatus: h.fromStatus,
    toStatus: h.toStatus,
    detail: h.detail,
    display: { action: d.historyAction(h.action), occurredAt: d.instant(h.occurredAt) },
  };
}
