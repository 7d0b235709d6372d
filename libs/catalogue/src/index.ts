/**
 * The code catalogue: every code system a case carries, its labels in every shipped language,
 * the choice of a reader's language, and locale-aware rendering. Pure: no Nest, no I/O.
 * Nodes exchange codes only; labels are rendered for the reader, never sent.
 */
export {
  CODE_SYSTEMS,
  CODE_SYSTEM_NAMES,
  codesOf,
  isCode,
  isCodeSystem,
  type CodeOf,
  type CodeSystem,
} from './code-systems';
export {
  canonicalTag,
  FALLBACK_LANGUAGE,
  isShippedLanguage,
  resolveLanguage,
  SHIPPED_LANGUAGES,
  textDirection,
  type ShippedLanguage,
  type TextDirection,
} from './languages';
export {
  negotiateLanguage,
  parseAcceptLanguage,
  type AcceptLanguageEntry,
  type LanguageCandidate,
  type LanguageNegotiationInput,
  type LanguageChoiceSource,
  type NegotiatedLanguage,
} from './negotiation';
export {
  checkCatalogue,
  describeCode,
  label,
  labelChain,
  labelsOf,
  languageName,
  type CatalogueProblem,
  type CatalogueProblemKind,
  type CodeDescription,
  type LanguageChoice,
} from './catalogue';
export { LANGUAGE_PACKS, type CatalogueLabels, type LanguagePack, type SystemLabels } from './labels';
export {
  assertTimeZone,
  bidiIsolate,
  formatCalendarDate,
  formatInstant,
  formatInstantToParts,
  formatNumber,
  nameOfLanguage,
  toEpochMillis,
  wallClock,
  type DateTimeStyle,
  type InstantFormatOptions,
  type InstantInput,
  type NumberFormatOptions,
  type WallClock,
} from './render';
export {
  checkTemplateBody,
  MAX_TEMPLATE_LENGTH,
  MISSING_VALUE,
  renderTemplate,
  TEMPLATE_PLACEHOLDERS,
  templatePlaceholders,
  type TemplatePlaceholder,
  type TemplateProblem,
  type TemplateProblemCode,
  type TemplateReader,
  type TemplateValues,
} from './templates/template-body';
export {
  checkStandardTemplates,
  STANDARD_TEMPLATES,
  standardTemplate,
  type StandardTemplate,
  type StandardTemplateProblem,
} from './templates/standard-templates';
export { detectLanguage, type DetectedLanguage } from './detection/language-detection';
export { readerSettingsOf, type ReaderSettings, type ReaderSettingsInput } from './reader';
export { Display, type RenderedFor } from './display';
export {
  checkConsoleMessages,
  CONSOLE_MESSAGES,
  consoleMessages,
  type ConsoleMessageBundle,
  type ConsoleMessageKey,
  type ConsoleMessageProblem,
  type ConsoleMessages,
} from './console/console-messages';
