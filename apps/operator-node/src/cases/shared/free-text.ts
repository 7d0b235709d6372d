import { canonicalTag, detectLanguage } from '@postbridge/catalogue';
import type { LanguageSource } from '@postbridge/domain';
import type { Reader } from '../../i18n/reader';

export interface TaggedText {
  readonly text: string;
  readonly language: string;
  readonly languageSource: LanguageSource;
}

/**
 * Free text always leaves this node with a language tag: the one the agent gave, else the one
 * detected from the text, else (detection unsure, e.g. "OK") the agent's own reading language,
 * marked ASSUMED so the partner knows it is a guess.
 */
export function tagFreeText(input: { text: string; language?: string }, writer: Pick<Reader, 'language'>): TaggedText {
  const given = input.language === undefined ? undefined : canonicalTag(input.language);
  if (given !== undefined) return { text: input.text, language: given, languageSource: 'GIVEN' };
  const detected = detectLanguage(input.text);
  if (detected !== null) return { text: input.text, language: detected.language, languageSource: 'DETECTED' };
  return { text: input.text, language: writer.language, languageSource: 'ASSUMED' };
}
