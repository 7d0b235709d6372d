import { templatePlaceholders, Display } from '@postbridge/catalogue';
import type { Reader } from '../../i18n/reader';
import type { ReplyTemplate } from './reply-template';
import { TemplateLibrary } from './template-library';
import type { TemplateResponse, TemplateSummaryResponse, TemplateVersionResponse } from './template.response.dto';

export function toTemplateVersion(t: ReplyTemplate): TemplateVersionResponse {
  return {
    language: t.language,
    title: t.title,
    body: t.body,
    placeholders: placeholdersOf(t),
    source: t.source,
    updatedBy: t.updatedBy,
    updatedAt: t.updatedAt ? t.updatedAt.toISOString() : null,
  };
}

// A stored body a newer release no longer accepts still lists (with no placeholders) rather than failing the listing.
function placeholdersOf(t: ReplyTemplate): string[] {
  try {
    return templatePlaceholders(t.body, t.language);
  } catch {
    return [];
  }
}

// Every version of an id shares kind and outcome (checked when saving), so any one speaks for all.
function head(versions: ReadonlyMap<string, ReplyTemplate>): ReplyTemplate {
  const first = versions.values().next();
  if (first.done) throw new Error('a template without versions');
  return first.value;
}

export function toTemplateSummary(versions: ReadonlyMap<string, ReplyTemplate>, reader: Reader): TemplateSummaryResponse {
  const t = head(versions);
  const shown = TemplateLibrary.pick(versions, reader);
  const d = new Display(reader);
  return {
    id: t.id,
    kind: t.kind,
    outcome: t.outcome,
    languages: [...versions.keys()].sort(),
    version: shown ? toTemplateVersion(shown) : null,
    display: { kind: d.code('messageKind', t.kind), outcome: d.code('replyOutcome', t.outcome) },
  };
}

export function toTemplateResponse(versions: ReadonlyMap<string, ReplyTemplate>, reader: Reader): TemplateResponse {
  const t = head(versions);
  const d = new Display(reader);
  return {
    id: t.id,
    kind: t.kind,
    outcome: t.outcome,
    versions: [...versions.values()].sort((a, b) => a.language.localeCompare(b.language)).map(toTemplateVersion),
    display: { kind: d.code('messageKind', t.kind), outcome: d.code('replyOutcome', t.outcome) },
  };
}
