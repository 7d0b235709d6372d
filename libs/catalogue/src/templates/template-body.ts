// intl-messageformat's getAst() returns this parser's AST; it does not re-export the element types.
import { type MessageFormatElement, TYPE } from '@formatjs/icu-messageformat-parser';
import type { InquiryType, ReplyOutcome } from '@postbridge/domain';
import { IntlMessageFormat } from 'intl-messageformat';
import { describeCode, labelChain, type LanguageChoice } from '../catalogue';
import { isCode, type CodeSystem } from '../code-systems';
import { canonicalTag, textDirection } from '../languages';
import { memoize } from '../memo';
import { assertTimeZone, bidiIsolate, formatInstant, type InstantInput, toEpochMillis } from '../render';

/**
 * Reply templates: ICU MessageFormat bodies that the receiving node renders in its reader's
 * language from the case data it holds. Only ids travel; every node renders its own text.
 */

/**
 * The placeholders a template may use and what kind of value fills them. Each must be a value the
 * receiving node still holds when it renders the message. So there is no due date: the case's is
 * the broker's deadline for the responder, and is unset while the clock is paused and once a round
 * is answered, which is exactly when a request or a reply is read.
 */
export const TEMPLATE_PLACEHOLDERS = {
  itemId: 'text', // S10 item id, e.g. RB123456785CH
  inquiryType: 'code', // rendered as its catalogue label in the reader's language
  outcome: 'code', // code system replyOutcome
  originOperator: 'text', // operator code, e.g. CH
  destinationOperator: 'text',
  openedAt: 'instant', // when the case was opened
  eventAt: 'instant', // the date the reply is about (delivered at, returned at, ...)
  signedBy: 'text', // who signed for the item
  office: 'text', // a proper noun, never translated
  customerName: 'text',
} as const;
export type TemplatePlaceholder = keyof typeof TEMPLATE_PLACEHOLDERS;
type PlaceholderKind = (typeof TEMPLATE_PLACEHOLDERS)[TemplatePlaceholder];
type CodePlaceholder = { [P in TemplatePlaceholder]: (typeof TEMPLATE_PLACEHOLDERS)[P] extends 'code' ? P : never }[TemplatePlaceholder];

// A new code placeholder without its code system here is a compile error.
const CODE_SYSTEM_OF: Readonly<Record<CodePlaceholder, CodeSystem>> = {
  inquiryType: 'inquiryType',
  outcome: 'replyOutcome',
};

export type TemplateValues = Partial<{
  itemId: string;
  inquiryType: InquiryType;
  outcome: ReplyOutcome;
  originOperator: string;
  destinationOperator: string;
  openedAt: InstantInput;
  eventAt: InstantInput;
  signedBy: string;
  office: string;
  customerName: string;
}>;

export interface TemplateReader {
  /** Labels are looked up along this language (or negotiated chain). */
  readonly language: LanguageChoice;
  /** BCP 47 locale for dates, e.g. `de-CH`. */
  readonly locale: string;
  /** IANA zone the reader's dates are shown in. */
  readonly timeZone: string;
}

export type TemplateProblemCode =
  | 'TEMPLATE_SYNTAX'
  | 'UNKNOWN_PLACEHOLDER'
  | 'UNSUPPORTED_ARGUMENT'
  | 'EMPTY_TEMPLATE'
  | 'TEMPLATE_TOO_LONG'
  | 'PLACEHOLDER_MISMATCH';

export interface TemplateProblem {
  readonly code: TemplateProblemCode;
  readonly detail: string;
  readonly placeholder?: string;
}

export const MAX_TEMPLATE_LENGTH = 4000;
export const MISSING_VALUE = '—';

function kindOf(name: string): PlaceholderKind | undefined {
  return Object.hasOwn(TEMPLATE_PLACEHOLDERS, name) ? TEMPLATE_PLACEHOLDERS[name as TemplatePlaceholder] : undefined;
}

function isCodePlaceholder(name: TemplatePlaceholder): name is CodePlaceholder {
  return TEMPLATE_PLACEHOLDERS[name] === 'code';
}

function requireLocale(tag: string): string {
  const canonical = canonicalTag(tag);
  if (canonical === undefined) throw new RangeError(`${JSON.stringify(tag)} is not a BCP 47 language tag`);
  return canonical;
}

// Templates are plain text: with tags ignored, `<` and `>` are ordinary characters.
const PARSE_OPTIONS = { ignoreTag: true };

function parseBody(body: string, locale: string): { ast?: MessageFormatElement[]; problems: TemplateProblem[] } {
  if (body.length > MAX_TEMPLATE_LENGTH) {
    return { problems: [{ code: 'TEMPLATE_TOO_LONG', detail: `The template has ${body.length} characters; at most ${MAX_TEMPLATE_LENGTH} are allowed` }] };
  }
  if (body.trim() === '') return { problems: [{ code: 'EMPTY_TEMPLATE', detail: 'The template is empty' }] };
  try {
    return { ast: new IntlMessageFormat(body, locale, undefined, PARSE_OPTIONS).getAst(), problems: [] };
  } catch (error) {
    const at = (error as { location?: { start?: { line?: number; column?: number } } }).location?.start;
    const where = at?.line !== undefined ? ` at line ${at.line}, column ${at.column}` : '';
    return { problems: [{ code: 'TEMPLATE_SYNTAX', detail: `ICU MessageFormat error ${(error as Error).message}${where}` }] };
  }
}

const KNOWN = Object.keys(TEMPLATE_PLACEHOLDERS).map((p) => `{${p}}`).join(', ');

function problemsOf(elements: readonly MessageFormatElement[], problems: TemplateProblem[]): TemplateProblem[] {
  for (const el of elements) {
    if (el.type === TYPE.literal) {
      // An unquoted `{` always opens an argument, so one in a literal was quoted away by an apostrophe.
      if (el.value.includes('{')) {
        problems.push({
          code: 'TEMPLATE_SYNTAX',
          detail: `An apostrophe before "{" quotes the text after it, which is then printed as is: "${el.value}". Write ’ (U+2019) for an apostrophe`,
        });
      }
      continue;
    }
    if (el.type === TYPE.pound || el.type === TYPE.tag) continue; // `#` only counts in a plural (reported below); tags are off
    const name = el.value;
    const kind = kindOf(name);
    if (kind === undefined) {
      problems.push({ code: 'UNKNOWN_PLACEHOLDER', detail: `{${name}} is not a template placeholder; known: ${KNOWN}`, placeholder: name });
    } else if (el.type === TYPE.select) {
      if (kind !== 'code') {
        problems.push({ code: 'UNSUPPORTED_ARGUMENT', detail: `{${name}, select, …}: select works on code placeholders only`, placeholder: name });
      } else {
        const system = CODE_SYSTEM_OF[name as CodePlaceholder];
        for (const key of Object.keys(el.options)) {
          if (key !== 'other' && !isCode(system, key)) {
            problems.push({ code: 'UNSUPPORTED_ARGUMENT', detail: `{${name}, select, …}: ${key} is not a ${system} code, so it would never be chosen`, placeholder: name });
          }
        }
      }
    } else if (el.type !== TYPE.argument) {
      const form = el.type !== TYPE.plural ? TYPE[el.type] : el.pluralType === 'ordinal' ? 'selectordinal' : 'plural';
      const why =
        kind === 'instant'
          ? `instants are rendered in the reader's locale and time zone, which {${name}, ${form}} would ignore`
          : `${name} is ${kind === 'code' ? 'a code' : 'text'}, not a ${el.type === TYPE.plural ? 'number' : form}`;
      problems.push({ code: 'UNSUPPORTED_ARGUMENT', detail: `{${name}, ${form}, …} is not supported: write {${name}}; ${why}`, placeholder: name });
    }
    if (el.type === TYPE.select || el.type === TYPE.plural) {
      for (const option of Object.values(el.options)) problemsOf(option.value, problems);
    }
  }
  return problems;
}

/** What is wrong with a template body written in `language`; [] when it can be rendered. */
export function checkTemplateBody(body: string, language: string): TemplateProblem[] {
  const { ast, problems } = parseBody(body, requireLocale(language));
  return ast === undefined ? problems : problemsOf(ast, []);
}

const invalid = (problems: readonly TemplateProblem[]): RangeError =>
  new RangeError(`Invalid template: ${problems.map((p) => p.detail).join('; ')}`);

// A template is parsed, checked and compiled once per locale, not on every render.
const parsed = memoize<MessageFormatElement[]>(500);
const compiled = memoize<IntlMessageFormat>(500);

function parsedOrThrow(body: string, locale: string): MessageFormatElement[] {
  return parsed(`${locale}\u0000${body}`, () => {
    const { ast, problems } = parseBody(body, locale);
    const all = ast === undefined ? problems : problemsOf(ast, []);
    if (ast === undefined || all.length > 0) throw invalid(all);
    return ast;
  });
}

function collect(elements: readonly MessageFormatElement[], into: Set<TemplatePlaceholder>): Set<TemplatePlaceholder> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound || el.type === TYPE.tag) continue;
    if (kindOf(el.value) !== undefined) into.add(el.value as TemplatePlaceholder);
    if (el.type === TYPE.select || el.type === TYPE.plural) {
      for (const option of Object.values(el.options)) collect(option.value, into);
    }
  }
  return into;
}

/**
 * The placeholders a body uses (select branches included), distinct, in order of first use.
 * RangeError for a body that does not parse: check it with `checkTemplateBody` first.
 */
export function templatePlaceholders(body: string, language: string): TemplatePlaceholder[] {
  const { ast, problems } = parseBody(body, requireLocale(language));
  if (ast === undefined) throw invalid(problems);
  return [...collect(ast, new Set())];
}

/** One inserted value; an object (not a string) so the rendered parts say which placeholders were reached. */
interface Slot {
  readonly placeholder: TemplatePlaceholder;
  readonly text: string | undefined;
  /** Renders nothing: it only marks a select as reached. */
  readonly marker?: true;
}

// A select reads the code and a plain argument the label, so a select gets its own value name, and
// an empty marker argument before it tells that the select was reached (to report an absent code).
const selectName = (name: string): string => `${name}#code`;
const markerName = (name: string): string => `${name}#reached`;

function prepared(elements: readonly MessageFormatElement[]): MessageFormatElement[] {
  return elements.flatMap((el): MessageFormatElement[] =>
    el.type === TYPE.select
      ? [
          { type: TYPE.argument, value: markerName(el.value) },
          {
            ...el,
            value: selectName(el.value),
            options: Object.fromEntries(Object.entries(el.options).map(([key, option]) => [key, { ...option, value: prepared(option.value) }])),
          },
        ]
      : [el],
  );
}

function nonBlank(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function slotText(placeholder: TemplatePlaceholder, values: TemplateValues, reader: TemplateReader, rtl: boolean): string | undefined {
  const value: unknown = values[placeholder];
  // Latin ids, names and dates would be reordered inside Arabic text without an isolate.
  const isolate = (text: string): string => (rtl ? bidiIsolate(text) : text);
  if (isCodePlaceholder(placeholder)) {
    return nonBlank(value) ? describeCode(CODE_SYSTEM_OF[placeholder], value, reader.language).label : undefined;
  }
  if (TEMPLATE_PLACEHOLDERS[placeholder] === 'instant') {
    if (value === undefined || value === null) return undefined;
    let ms: number;
    try {
      ms = toEpochMillis(value as InstantInput);
    } catch {
      return undefined; // not an instant: shown and reported as missing rather than as a wrong date
    }
    return isolate(formatInstant(ms, { locale: reader.locale, timeZone: reader.timeZone, style: 'medium' }));
  }
  return nonBlank(value) ? isolate(value.trim()) : undefined;
}

/**
 * Render a body for a reader: instants in the reader's locale and zone (with the zone's name),
 * codes as labels in the reader's language, text as given. A value not given shows as "—" and is
 * listed in `missing` (only if the chosen branches use it); the caller decides whether to send.
 * Throws RangeError only for a body that `checkTemplateBody` rejects or an invalid reader locale or zone.
 */
export function renderTemplate(
  body: string,
  values: TemplateValues,
  reader: TemplateReader,
): { text: string; missing: TemplatePlaceholder[] } {
  const locale = requireLocale(reader.locale);
  assertTimeZone(reader.timeZone);
  const ast = parsedOrThrow(body, locale);
  const language = typeof reader.language === 'string' ? reader.language : labelChain(reader.language)[0];
  const rtl = textDirection(language) === 'rtl';

  const args: Record<string, Slot | string> = {};
  for (const placeholder of collect(ast, new Set())) {
    args[placeholder] = { placeholder, text: slotText(placeholder, values, reader, rtl) };
    if (isCodePlaceholder(placeholder)) {
      const code: unknown = values[placeholder];
      args[markerName(placeholder)] = { placeholder, text: nonBlank(code) ? '' : undefined, marker: true };
      // An absent or unknown code (a partner's newer one) selects `other`.
      args[selectName(placeholder)] = isCode(CODE_SYSTEM_OF[placeholder], code) ? code : '';
    }
  }

  const missing = new Set<TemplatePlaceholder>();
  const parts = compiled(`${locale}\u0000${body}`, () => new IntlMessageFormat(prepared(ast), locale, undefined, PARSE_OPTIONS)).formatToParts<Slot>(args);
  const text = parts
    .map((part) => {
      if (typeof part.value === 'string') return part.value;
      const { placeholder, text: inserted, marker } = part.value;
      if (inserted === undefined) missing.add(placeholder);
      return marker === true ? '' : (inserted ?? MISSING_VALUE);
    })
    .join('');
  return { text, missing: [...missing] };
}
