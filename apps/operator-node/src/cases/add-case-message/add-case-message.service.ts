import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { FieldLimits } from '@postbridge/contracts';
import { transition } from '@postbridge/domain';
import type { ReplyOutcome } from '@postbridge/domain';
import { UnitOfWork } from '@postbridge/messaging';
import { ApiException } from '@postbridge/platform';
import type { Reader } from '../../i18n/reader';
import { NodeContext } from '../../node-context';
import { caseTemplateValues, ReplyFacts, TemplateLibrary } from '../../templates/shared/template-library';
import type { ReplyTemplate } from '../../templates/shared/reply-template';
import { Agent } from '../shared/agent.decorator';
import { caseMessageEnvelope } from '../shared/case-envelopes';
import { CaseEntity } from '../shared/case.entity';
import { CaseMessageEntity } from '../shared/case-message.entity';
import { lockForChange } from '../shared/case-lookup';
import { sideOf } from '../shared/case.mapper';
import { CaseRepository } from '../shared/case.repository.port';
import { tagFreeText, TaggedText } from '../shared/free-text';
import { AddCaseMessageRequest } from './add-case-message.request.dto';

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
    const template = req.templateId === undefined ? null : await this.templateFor(req.templateId, req, reader);
    const facts = replyFacts(req, template);
    return this.uow.run(async ({ manager, enqueue }) => {
      const c = await lockForChange(this.cases, manager, caseId, req.expectedVersion);
      const from = c.status;
      const to = transition(from, { type: 'MESSAGE', kind: req.kind }, sideOf(c, me));
      const now = new Date();
      const body = template ? renderForSender(template, c, facts, reader) : tagFreeText(requiredBody(req), reader);
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

  /** The version the sending agent reads; its kind must be the message's. */
  private async templateFor(id: string, req: AddCaseMessageRequest, reader: Reader): Promise<ReplyTemplate> {
    if (req.body !== undefined) throw new ApiException(422, 'BODY_AND_TEMPLATE', 'give either a body or a templateId: the partner renders the template in its own language, so edits to its text would be lost');
    const versions = await this.templates.versions(id);
    const t = TemplateLibrary.pick(versions, reader) ?? versions.values().next().value;
    if (!t) throw new ApiException(422, 'TEMPLATE_NOT_FOUND', `no template ${id} at this node (GET /templates lists them)`);
    if (t.kind !== req.kind) throw new ApiException(422, 'TEMPLATE_KIND_MISMATCH', `template ${id} is written for ${t.kind} messages, not ${req.kind}`, { templateKind: t.kind });
    return t;
  }
}

function requiredBody(req: AddCaseMessageRequest): { text: string; language?: string } {
  if (req.body === undefined) throw new ApiException(400, 'BODY_REQUIRED', 'give a body (free text) or a templateId (a saved reply)');
  return req.body;
}

/** The structured facts of a REPLY; refused on other kinds so nothing is sent that the partner would not show. */
function replyFacts(req: AddCaseMessageRequest, template: ReplyTemplate | null): ReplyFacts {
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

/** The template in the sender's language, filled from the case; every placeholder it uses must have a value. */
function renderForSender(t: ReplyTemplate, c: CaseEntity, facts: ReplyFacts, reader: Reader): TaggedText {
  const rendered = TemplateLibrary.render(t, caseTemplateValues(c, facts), reader);
  if (rendered === null) throw new ApiException(422, 'TEMPLATE_INVALID', `template ${t.id} (${t.language}) no longer passes the template checks: correct it with PUT /templates/${t.id}/${t.language}`);
  const { text, missing } = rendered;
  if (missing.length > 0) {
    throw new ApiException(422, 'TEMPLATE_VALUE_MISSING', `template ${t.id} needs ${missing.join(', ')}: give them with the message`, { missing });
  }
  // Long values can stretch a template past what every party stores; refused here, not by the broker.
  if (text.length > FieldLimits.text) {
    throw new ApiException(422, 'TEMPLATE_TOO_LONG', `template ${t.id} filled from this case is ${text.length} characters; the limit is ${FieldLimits.text}`, { length: text.length, limit: FieldLimits.text });
  }
  return { text, language: t.language, languageSource: 'TEMPLATE' };
}
