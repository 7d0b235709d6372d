import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { FieldLimits } from '@postbridge/contracts';
import { transition } from '@postbridge/domain';
import type { CaseStatus, ReplyOutcome } from '@postbridge/domain';
import { UnitOfWork } from '@postbridge/messaging';
import { ApiException } from '@postbridge/platform';
import type { Reader } from '../../i18n/reader';
import { NodeContext } from '../../node-context';
import { caseTemplateValues, ReplyFacts, TemplateLibrary } from '../../templates/shared/template-library';
import type { ReplyTemplate } from '../../templates/shared/reply-template';
import { Agent } from '../shared/agent.decorator';
import { caseMessageEnvelope } from '../shared/case-envelopes';
import { CaseEntity } from '../shared/case.entity';
import type { RenderedTemplateDto } from '../shared/case.response.dto';
import { CaseMessageEntity } from '../shared/case-message.entity';
import { assertTakesFreeText, lockForChange } from '../shared/case-lookup';
import { sideOf } from '../shared/case.mapper';
import { CaseRepository } from '../shared/case.repository.port';
import { tagFreeText, TaggedText } from '../shared/free-text';
import { AddCaseMessageRequest } from './add-case-message.request.dto';

/** What a message is made of, whether it is sent (addCaseMessage) or previewed. */
export type MessageInput = Omit<AddCaseMessageRequest, 'expectedVersion'>;

// A partner's clock may run a little ahead; beyond this an event date is a typing error.
const FUTURE_TOLERANCE_MS = 5 * 60_000;

@Injectable()
export class AddCaseMessageService {
  constructor(
    private readonly node: NodeContext,
    private readonly cases: CaseRepository,
    private readonly uow: UnitOfWork,
    private readonly templates: TemplateLibrary,
  ) {}

  async execute(caseId: string, req: AddCaseMessageRequest, agent: Agent, reader: Reader): Promise<CaseEntity> {
    const me = this.node.operatorCode;
    const { template, facts } = await this.compose(req, reader);
    return this.uow.run(async ({ manager, enqueue }) => {
      const c = await lockForChange(this.cases, manager, caseId, req.expectedVersion);
      const draft = draftMessage(c, me, req, template, facts, reader);
      assertSendable(draft);
      // Every message carries text (a template's too, and a reply's signedBy).
      assertTakesFreeText(c);
      const { from, to, body } = draft;
      const now = new Date();
      const m: CaseMessageEntity = Object.assign(new CaseMessageEntity(), {
        id: randomUUID(), caseId, kind: req.kind, bodyText: body.text, bodyLanguage: body.language, bodyLanguageSource: body.languageSource,
        ...facts, templateId: template?.id ?? null,
        authorAgent: agent.id, authorOperator: me, sentAt: now, receivedAfterClose: false, createdAt: now,
      });
      await this.cases.addMessage(manager, m);
      // The destination's first message ends the case's time in the NEW queue, at both nodes.
      const firstResponse = sideOf(c, me) === 'DESTINATION' && c.firstResponseAt === null ? { firstResponseAt: now } : {};
      const updated = await this.cases.update(manager, c, { status: to, lastActivityAt: now, ...firstResponse });
      await this.cases.addHistory(manager, {
        caseId, occurredAt: now, operatorCode: me, agentId: agent.id, action: 'MESSAGE_ADDED', fromStatus: from, toStatus: to,
        detail: { kind: req.kind, messageId: m.id, language: body.language, ...(facts.outcome ? { outcome: facts.outcome } : {}), ...(template ? { templateId: template.id } : {}) },
        envelopeMessageId: null,
      });
      await enqueue({ topic: this.node.outboundCaseTopic, key: caseId, envelope: caseMessageEnvelope(c, me, m, agent) });
      return updated;
    });
  }

  /** The checks that need no case: the template and the reply's facts (previewCaseMessage makes them too). */
  async compose(req: MessageInput, reader: Reader): Promise<{ template: ReplyTemplate | null; facts: ReplyFacts }> {
    const template = req.templateId === undefined ? null : await this.templateFor(req.templateId, req, reader);
    return { template, facts: replyFacts(req, template) };
  }

  /** The version the sending agent reads; its kind must be the message's. */
  private async templateFor(id: string, req: MessageInput, reader: Reader): Promise<ReplyTemplate> {
    if (req.body !== undefined) throw new ApiException(422, 'BODY_AND_TEMPLATE', 'give either a body or a templateId: the partner renders the template in its own language, so edits to its text would be lost');
    const versions = await this.templates.versions(id);
    const t = TemplateLibrary.pick(versions, reader) ?? versions.values().next().value;
    if (!t) throw new ApiException(422, 'TEMPLATE_NOT_FOUND', `no template ${id} at this node (GET /templates lists them)`);
    if (t.kind !== req.kind) throw new ApiException(422, 'TEMPLATE_KIND_MISMATCH', `template ${id} is written for ${t.kind} messages, not ${req.kind}`, { templateKind: t.kind });
    return t;
  }
}

function requiredBody(req: MessageInput): { text: string; language?: string } {
  if (req.body === undefined) throw new ApiException(400, 'BODY_REQUIRED', 'give a body (free text) or a templateId (a saved reply)');
  return req.body;
}

/** The structured facts of a REPLY; refused on other kinds so nothing is sent that the partner would not show. */
function replyFacts(req: MessageInput, template: ReplyTemplate | null): ReplyFacts {
  const given = (['outcome', 'eventAt', 'signedBy', 'office'] as const).filter((f) => req[f] !== undefined);
  if (req.kind !== 'REPLY') {
    if (given.length > 0) throw new ApiException(422, 'REPLY_FIELDS_NOT_ALLOWED', `${given.join(', ')} belong to a REPLY, not to ${req.kind}`, { fields: given });
    return { outcome: null, eventAt: null, signedBy: null, office: null };
  }
  const outcome: ReplyOutcome | undefined = req.outcome ?? template?.outcome ?? undefined;
  if (outcome === undefined) throw new ApiException(422, 'OUTCOME_REQUIRED', 'a REPLY says what this post found: give outcome (GET /catalogue/replyOutcome lists the codes)');
  if (req.outcome !== undefined && template?.outcome && req.outcome !== template.outcome) {
    throw new ApiException(422, 'OUTCOME_CONFLICT', `template ${template.id} reports ${template.outcome}, not ${req.outcome}`, { templateOutcome: template.outcome });
  }
  const eventAt = req.eventAt === undefined ? null : new Date(req.eventAt);
  if (eventAt && eventAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) throw new ApiException(422, 'EVENT_IN_FUTURE', 'eventAt lies in the future');
  return { outcome, eventAt, signedBy: req.signedBy ?? null, office: req.office ?? null };
}

/** The message as the sender would send it: the case's next status and the text. */
export interface MessageDraft {
  readonly from: CaseStatus;
  readonly to: CaseStatus;
  readonly template: ReplyTemplate | null;
  /** The template in the sender's language, filled from the case; null for free text. */
  readonly rendered: RenderedTemplateDto | null;
  readonly body: TaggedText;
}

/**
 * A message checked against the case as addCaseMessage checks it, short of refusing missing values
 * (assertSendable does), so a preview can show which are missing.
 */
export function draftMessage(c: CaseEntity, me: string, req: MessageInput, template: ReplyTemplate | null, facts: ReplyFacts, reader: Reader): MessageDraft {
  const from = c.status;
  const to = transition(from, { type: 'MESSAGE', kind: req.kind }, sideOf(c, me));
  if (template === null) return { from, to, template, rendered: null, body: tagFreeText(requiredBody(req), reader) };
  const rendered = TemplateLibrary.render(template, caseTemplateValues(c, facts), reader);
  if (rendered === null) throw new ApiException(422, 'TEMPLATE_INVALID', `template ${template.id} (${template.language}) no longer passes the template checks: correct it with PUT /templates/${template.id}/${template.language}`);
  return { from, to, template, rendered, body: { text: rendered.text, language: template.language, languageSource: 'TEMPLATE' } };
}

/** A template is sent only with every placeholder it uses filled, and no longer than every party stores. */
export function assertSendable(d: MessageDraft): void {
  if (d.template === null || d.rendered === null) return;
  const { text, missing } = d.rendered;
  const t = d.template;
  if (missing.length > 0) {
    throw new ApiException(422, 'TEMPLATE_VALUE_MISSING', `template ${t.id} needs ${missing.join(', ')}: give them with the message`, { missing });
  }
  // Long values can stretch a template past what every party stores; refused here, not by the broker.
  if (text.length > FieldLimits.text) {
    throw new ApiException(422, 'TEMPLATE_TOO_LONG', `template ${t.id} filled from this case is ${text.length} characters; the limit is ${FieldLimits.text}`, { length: text.length, limit: FieldLimits.text });
  }
}
