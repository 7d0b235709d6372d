import { Injectable } from '@nestjs/common';
import type { Reader } from '../../i18n/reader';
import { NodeContext } from '../../node-context';
import { caseTemplateValues, TemplateLibrary } from '../../templates/shared/template-library';
import type { ReplyTemplate } from '../../templates/shared/reply-template';
import { sameBaseLanguage } from '../../translation/language-tag';
import { OriginalText, TranslationService } from '../../translation/translation.service';
import { CaseEntity } from './case.entity';
import { CaseMessageEntity } from './case-message.entity';
import { CaseTexts, TextExtras, toCaseResponse } from './case.mapper';
import { CaseRepository } from './case.repository.port';
import { CaseResponse, RenderedTemplateDto } from './case.response.dto';

/**
 * Renders this node's copy of a case for one reader: labels and wall times, each message's
 * template in the reader's language, and machine translations when a service is configured.
 */
@Injectable()
export class CasePresenter {
  constructor(
    private readonly node: NodeContext,
    private readonly cases: CaseRepository,
    private readonly templates: TemplateLibrary,
    private readonly translations: TranslationService,
  ) {}

  /** One case with its messages (loaded unless given). */
  async one(c: CaseEntity, reader: Reader, messages?: CaseMessageEntity[]): Promise<CaseResponse> {
    const all = messages ?? (await this.cases.messagesOf(c.id));
    const rendered = await this.renderTemplates(c, all, reader);
    const texts = await this.translate(c, all, rendered, reader);
    return toCaseResponse(c, { operatorCode: this.node.operatorCode, timeZone: this.node.timeZone, reader, texts }, all);
  }

  /** Cases of a listing: labels and wall times; no messages, so nothing to render or translate. */
  many(cs: CaseEntity[], reader: Reader): CaseResponse[] {
    return cs.map((c) => toCaseResponse(c, { operatorCode: this.node.operatorCode, timeZone: this.node.timeZone, reader }));
  }

  /** Each template message in this node's own version for the reader, filled from the case. */
  private async renderTemplates(c: CaseEntity, messages: CaseMessageEntity[], reader: Reader): Promise<Map<string, RenderedTemplateDto | null>> {
    const byId = new Map<string, ReplyTemplate | null>();
    const out = new Map<string, RenderedTemplateDto | null>();
    for (const m of messages) {
      if (m.templateId === null) continue;
      if (!byId.has(m.templateId)) byId.set(m.templateId, await this.templates.forReader(m.templateId, reader));
      const t = byId.get(m.templateId) ?? null;
      // Ids are not coordinated between posts: this node's template of that id must be written for this kind of message.
      const fits = t !== null && t.kind === m.kind && (t.outcome === null || t.outcome === m.outcome);
      out.set(m.id, fits ? TemplateLibrary.render(t, caseTemplateValues(c, m), reader) : null);
    }
    return out;
  }

  private async translate(c: CaseEntity, messages: CaseMessageEntity[], rendered: Map<string, RenderedTemplateDto | null>, reader: Reader): Promise<CaseTexts> {
    const wanted: Array<{ slot: string; original: OriginalText }> = [];
    const want = (slot: string, text: string | null, language: string | null) => {
      if (text && language && !sameBaseLanguage(language, reader.language)) wanted.push({ slot, original: { text, language } });
    };
    if (this.translations.enabled) {
      want('description', c.descriptionText, c.descriptionLanguage);
      want('note', c.resolutionNoteText, c.resolutionNoteLanguage);
      for (const m of messages) {
        // A template rendered in the reader's own language needs no machine.
        if (rendered.get(m.id)?.language !== reader.language) want(m.id, m.bodyText, m.bodyLanguage);
      }
    }
    const results = wanted.length ? await this.translations.translateAll(wanted.map((w) => w.original), reader.language) : [];
    const extras = new Map<string, TextExtras>(wanted.map((w, i) => [w.slot, { translation: results[i].translation, ...(results[i].error ? { translationError: results[i].error } : {}) }]));
    return {
      description: extras.get('description'),
      resolutionNote: extras.get('note'),
      messages: new Map(messages.map((m) => [m.id, { body: extras.get(m.id), template: rendered.get(m.id) ?? null }])),
    };
  }
}
