import { Injectable } from '@nestjs/common';
import { Display } from '@postbridge/catalogue';
import { ApiException } from '@postbridge/platform';
import type { ShippedLanguage } from '@postbridge/catalogue';
import type { Reader } from '../../i18n/reader';
import { NodeContext } from '../../node-context';
import { caseTemplateValues, ReplyFacts, TemplateLibrary } from '../../templates/shared/template-library';
import type { ReplyTemplate } from '../../templates/shared/reply-template';
import { baseLanguage } from '../../translation/language-tag';
import { AddCaseMessageService, assertSendable, draftMessage, MessageDraft } from '../add-case-message/add-case-message.service';
import { caseNotFound } from '../shared/case-lookup';
import { CaseEntity } from '../shared/case.entity';
import { CaseMessageEntity } from '../shared/case-message.entity';
import { CaseRepository } from '../shared/case.repository.port';
import { PreviewCaseMessageRequest } from './preview-case-message.request.dto';
import { PartnerRenderingDto, PreviewCaseMessageResponse } from './preview-case-message.response.dto';

/**
 * The message addCaseMessage would send, made by its own checks and rendering, for the agent to
 * read before sending: nothing is stored, sent or locked.
 */
@Injectable()
export class PreviewCaseMessageService {
  constructor(
    private readonly node: NodeContext,
    private readonly cases: CaseRepository,
    private readonly sender: AddCaseMessageService,
    private readonly templates: TemplateLibrary,
  ) {}

  async execute(caseId: string, req: PreviewCaseMessageRequest, reader: Reader): Promise<PreviewCaseMessageResponse> {
    const me = this.node.operatorCode;
    const { template, facts } = await this.sender.compose(req, reader);
    const c = await this.cases.findById(caseId);
    if (!c) throw caseNotFound(caseId);
    if (req.expectedVersion !== undefined && c.version !== req.expectedVersion) {
      throw new ApiException(409, 'CASE_VERSION_CONFLICT', `the case changed since version ${req.expectedVersion}; reload it (current version ${c.version})`, {
        expectedVersion: req.expectedVersion,
        currentVersion: c.version,
      });
    }
    const draft = draftMessage(c, me, req, template, facts, reader);
    const refusalCode = refusalOf(draft);
    const partnerLanguage = template ? await this.partnerLanguageOf(c) : null;
    const partner = template && partnerLanguage ? await this.renderForPartner(template, c, facts, partnerLanguage, reader) : null;
    const d = new Display(reader);
    return {
      caseId: c.id,
      kind: req.kind,
      templateId: template?.id ?? null,
      outcome: facts.outcome,
      eventAt: facts.eventAt?.toISOString() ?? null,
      signedBy: facts.signedBy,
      office: facts.office,
      body: { text: draft.body.text, language: draft.body.language, languageSource: draft.body.languageSource },
      rendered: draft.rendered,
      partner,
      missing: draft.rendered?.missing ?? [],
      sendable: refusalCode === null,
      refusalCode,
      statusAfter: draft.to,
      display: {
        ...d.renderedFor(),
        kind: d.code('messageKind', req.kind),
        outcome: d.code('replyOutcome', facts.outcome),
        eventAt: d.instant(facts.eventAt),
        statusAfter: d.code('caseStatus', draft.to),
        bodyLanguage: d.languageName(draft.body.language),
        partnerLanguage: partnerLanguage ? d.languageName(partnerLanguage) : null,
      },
    };
  }

  /** The language the partner last wrote in at this case: its newest message, else the description of a case it opened. */
  private async partnerLanguageOf(c: CaseEntity): Promise<string | null> {
    const me = this.node.operatorCode;
    const theirs = (await this.cases.messagesOf(c.id)).filter((m: CaseMessageEntity) => m.authorOperator !== me);
    const newest = theirs[theirs.length - 1];
    if (newest) return newest.bodyLanguage;
    return c.originOperator !== me ? c.descriptionLanguage : null;
  }

  /** This node's version in the partner's language, on the partner's clock when the deadline names it. */
  private async renderForPartner(t: ReplyTemplate, c: CaseEntity, facts: ReplyFacts, tag: string, reader: Reader): Promise<PartnerRenderingDto | null> {
    const partnerCode = c.originOperator === this.node.operatorCode ? c.destinationOperator : c.originOperator;
    const timeZone = c.deadline?.responderOperator === partnerCode ? c.deadline.responderTimeZone : 'UTC';
    const base = baseLanguage(tag);
    const version = TemplateLibrary.pick(await this.templates.versions(t.id), { chain: [tag, base] as ShippedLanguage[] });
    if (!version) return null;
    const partnerReader: Reader = { ...reader, language: base as ShippedLanguage, chain: [base as ShippedLanguage], locale: tag, timeZone };
    const rendered = TemplateLibrary.render(version, caseTemplateValues(c, facts), partnerReader);
    return rendered ? { ...rendered, partnerLanguage: tag, timeZone } : null;
  }
}

/** What sending would refuse the draft for (missing values, length), as its code; null when it would go. */
function refusalOf(draft: MessageDraft): PreviewCaseMessageResponse['refusalCode'] {
  try {
    assertSendable(draft);
    return null;
  } catch (e) {
    if (e instanceof ApiException) return e.code as PreviewCaseMessageResponse['refusalCode'];
    throw e;
  }
}
