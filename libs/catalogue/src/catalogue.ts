import { CODE_SYSTEM_NAMES, CODE_SYSTEMS, CodeOf, CodeSystem, isCode, isCodeSystem } from './code-systems';
import { LANGUAGE_PACKS, LanguagePack } from './labels';
import { FALLBACK_LANGUAGE, resolveLanguage, SHIPPED_LANGUAGES, ShippedLanguage } from './languages';

/** A language tag (`de-CH`), or a negotiated choice whose fallback chain is then followed. */
export type LanguageChoice = string | { readonly chain: readonly ShippedLanguage[] };

/** Labels are looked up in: the exact tag, its base language (RFC 4647 lookup), then English. */
export function labelChain(choice: LanguageChoice): readonly ShippedLanguage[] {
  const preferred = typeof choice === 'string' ? [resolveLanguage(choice)] : choice.chain;
  const chain = preferred.filter((l): l is ShippedLanguage => l !== undefined && Object.hasOwn(LANGUAGE_PACKS, l));
  const ordered = [...new Set<ShippedLanguage>([...chain, FALLBACK_LANGUAGE])];
  return ordered.slice(0, ordered.indexOf(FALLBACK_LANGUAGE) + 1);
}

function textOf(pack: LanguagePack | undefined, system: CodeSystem, code: string): string | undefined {
  const labels: Readonly<Record<string, unknown>> | undefined = pack?.labels[system];
  const text = labels !== undefined && Object.hasOwn(labels, code) ? labels[code] : undefined;
  return typeof text === 'string' && text.trim() !== '' ? text : undefined;
}

/**
 * The label of a code in the reader's language. Never empty: a label missing in the reader's
 * language falls back along the chain to English (which the completeness test guarantees).
 * A code the system does not have is a programming error (RangeError); for codes received from
 * partners that may be newer than this catalogue, use `describeCode`.
 */
export function label<S extends CodeSystem>(system: S, code: CodeOf<S>, language: LanguageChoice): string {
  if (!isCodeSystem(system)) throw new RangeError(`Unknown code system ${JSON.stringify(system)}`);
  if (!isCode(system, code)) throw new RangeError(`${JSON.stringify(code)} is not a ${system} code`);
  for (const lang of labelChain(language)) {
    const text = textOf(LANGUAGE_PACKS[lang], system, code);
    if (text !== undefined) return text;
  }
  throw new Error(`The catalogue has no label for ${system}.${code}, not even in English`);
}

export interface CodeDescription {
  readonly system: CodeSystem;
  readonly code: string;
  /** False for a code this catalogue does not know (e.g. a partner's newer non-delivery code). */
  readonly known: boolean;
  /** The label, or for an unknown code a "code not recognised" text that names it. Never empty. */
  readonly label: string;
}

/** Render an untrusted code (as received over the wire) without failing on codes we do not know. */
export function describeCode(system: CodeSystem, code: string, language: LanguageChoice): CodeDescription {
  if (isCode(system, code)) return { system, code, known: true, label: label(system, code, language) };
  const [lang] = labelChain(language);
  const template = LANGUAGE_PACKS[lang].unknownCode;
  return { system, code, known: false, label: template.replace('{code}', code === '' ? '""' : code) };
}

/** Every code of a system with its label, in the domain's order (for pickers and enumerations). */
export function labelsOf<S extends CodeSystem>(
  system: S,
  language: LanguageChoice,
): ReadonlyArray<{ readonly code: CodeOf<S>; readonly label: string }> {
  return CODE_SYSTEMS[system].map((code: CodeOf<S>) => ({ code, label: label(system, code, language) }));
}

/** The name of a shipped language in that language (`日本語`, `العربية`). */
export function languageName(language: ShippedLanguage): string {
  return LANGUAGE_PACKS[language].name;
}

// What script a shipped language's labels must be written in: a label copied over from English
// into ja or ar fails, as does one in the wrong script altogether.
const SCRIPT_OF: Readonly<Record<ShippedLanguage, RegExp>> = {
  en: /\p{Script=Latin}/u,
  fr: /\p{Script=Latin}/u,
  de: /\p{Script=Latin}/u,
  es: /\p{Script=Latin}/u,
  ja: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u,
  ar: /\p{Script=Arabic}/u,
};

export type CatalogueProblemKind =
  | 'missing-pack'
  | 'missing-system'
  | 'missing-label'
  | 'empty-label'
  | 'untrimmed-label'
  | 'wrong-script'
  | 'unknown-system'
  | 'unknown-code'
  | 'bad-unknown-code-template';

export interface CatalogueProblem {
  readonly language: string;
  readonly kind: CatalogueProblemKind;
  readonly system?: string;
  readonly code?: string;
}

/**
 * Every gap in a set of language packs: each shipped language must label each code of each
 * system, non-blank and in its own script, and label nothing that is not a code.
 * Returns [] for a complete catalogue. Used by the completeness test; usable by a startup check.
 */
export function checkCatalogue(
  packs: Readonly<Record<string, LanguagePack | undefined>> = LANGUAGE_PACKS,
): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  for (const language of SHIPPED_LANGUAGES) {
    const pack = packs[language];
    if (pack === undefined) {
      problems.push({ language, kind: 'missing-pack' });
      continue;
    }
    if (!pack.unknownCode.includes('{code}') || !SCRIPT_OF[language].test(pack.unknownCode)) {
      problems.push({ language, kind: 'bad-unknown-code-template' });
    }
    const labels: Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>> = pack.labels;
    for (const system of Object.keys(labels)) {
      if (!isCodeSystem(system)) problems.push({ language, kind: 'unknown-system', system });
    }
    for (const system of CODE_SYSTEM_NAMES) {
      const systemLabels = labels[system];
      if (systemLabels === undefined) {
        problems.push({ language, kind: 'missing-system', system });
        continue;
      }
      for (const code of Object.keys(systemLabels)) {
        if (!isCode(system, code)) problems.push({ language, kind: 'unknown-code', system, code });
      }
      for (const code of CODE_SYSTEMS[system]) {
        const text = Object.hasOwn(systemLabels, code) ? systemLabels[code] : undefined;
        if (text === undefined) problems.push({ language, kind: 'missing-label', system, code });
        else if (typeof text !== 'string' || text.trim() === '') problems.push({ language, kind: 'empty-label', system, code });
        else if (text !== text.trim()) problems.push({ language, kind: 'untrimmed-label', system, code });
        else if (!SCRIPT_OF[language].test(text)) problems.push({ language, kind: 'wrong-script', system, code });
      }
    }
  }
  return problems;
}
