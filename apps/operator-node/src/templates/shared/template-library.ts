import { Injectable, Logger } from '@nestjs/common';
import { renderTemplate, SHIPPED_LANGUAGES, STANDARD_TEMPLATES, TemplateValues } from '@postbridge/catalogue';
import type { ReplyOutcome } from '@postbridge/domain';
import type { Reader } from '../../i18n/reader';
import type { CaseEntity } from '../../cases/shared/case.entity';
import type { RenderedTemplateDto } from '../../cases/shared/case.response.dto';
import { NodeTemplateRepository } from './node-template.repository.port';
import type { ReplyTemplate } from './reply-template';

const STANDARD: ReadonlyMap<string, ReadonlyMap<string, ReplyTemplate>> = new Map(
  STANDARD_TEMPLATES.map((t) => [
    t.id,
    new Map(SHIPPED_LANGUAGES.map((language) => [language, { id: t.id, language, kind: t.kind, outcome: t.outcome ?? null, title: t.titles[language], body: t.bodies[language], source: 'STANDARD' as const, updatedBy: null, updatedAt: null }])),
  ]),
);

/** The facts of a reply that templates can show. */
export interface ReplyFacts {
  readonly outcome: ReplyOutcome | null;
  readonly eventAt: Date | null;
  readonly signedBy: string | null;
  readonly office: string | null;
}

/** Placeholder values from this node's copy of the case (both parties hold the same facts). */
export function caseTemplateValues(c: CaseEntity, facts?: ReplyFacts): TemplateValues {
  return {
    itemId: c.itemId,
    inquiryType: c.inquiryType,
    originOperator: c.originOperator,
    destinationOperator: c.destinationOperator,
    openedAt: c.openedAt,
    // Empty once the personal data was removed: the placeholder then renders as missing.
    ...(c.customerName ? { customerName: c.customerName } : {}),
    ...(facts?.outcome ? { outcome: facts.outcome } : {}),
    ...(facts?.eventAt ? { eventAt: facts.eventAt } : {}),
    ...(facts?.signedBy ? { signedBy: facts.signedBy } : {}),
    ...(facts?.office ? { office: facts.office } : {}),
  };
}

/**
 * Saved replies as this node has them: the standard set, with this node's own versions added or
 * overriding a standard one language by language.
 */
@Injectable()
export class TemplateLibrary {
  constructor(private readonly nodeTemplates: NodeTemplateRepository) {}

  /** The standard versions of an id (none for a node's own id). */
  static standardVersions(id: string): ReplyTemplate[] {
    return [...(STANDARD.get(id)?.values() ?? [])];
  }

  /** Every version of one template by language; empty when neither set has the id. */
  async versions(id: string): Promise<Map<string, ReplyTemplate>> {
    const merged = new Map(STANDARD.get(id) ?? []);
    for (const t of await this.nodeTemplates.versionsOf(id)) merged.set(t.language, t);
    return merged;
  }

  /** Every template by id, then by language. */
  async all(): Promise<Map<string, Map<string, ReplyTemplate>>> {
    const merged = new Map([...STANDARD].map(([id, byLanguage]) => [id, new Map(byLanguage)]));
    for (const t of await this.nodeTemplates.all()) {
      const byLanguage = merged.get(t.id) ?? new Map<string, ReplyTemplate>();
      byLanguage.set(t.language, t);
      merged.set(t.id, byLanguage);
    }
    return merged;
  }

  /** The version a reader reads: the first of their languages the template has, else null. */
  static pick(versions: ReadonlyMap<string, ReplyTemplate>, reader: Pick<Reader, 'chain'>): ReplyTemplate | null {
    for (const language of reader.chain) {
      const t = versions.get(language);
      if (t) return t;
    }
    return null;
  }

  async forReader(id: string, reader: Pick<Reader, 'chain'>): Promise<ReplyTemplate | null> {
    return TemplateLibrary.pick(await this.versions(id), reader);
  }

  /**
   * The template filled for a reader; null when a stored body no longer passes the checks (e.g. a
   * placeholder a newer release dropped), so one bad template never breaks reading a case.
   */
  static render(t: ReplyTemplate, values: TemplateValues, reader: Reader): RenderedTemplateDto | null {
    try {
      const { text, missing } = renderTemplate(t.body, values, { language: t.language, locale: localeFor(t.language, reader), timeZone: reader.timeZone });
      return { id: t.id, language: t.language, text, missing };
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      logger.warn(`template ${t.id}/${t.language} (${t.source}) cannot be rendered: ${e.message}`);
      return null;
    }
  }
}

const logger = new Logger(TemplateLibrary.name);

// Dates follow the reader's regional locale (de-CH) when the template is in the reader's language.
function localeFor(language: string, reader: Reader): string {
  return reader.language === language ? reader.locale : language;
}
