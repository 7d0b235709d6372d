import fc from 'fast-check';
import { INQUIRY_TYPES, REPLY_OUTCOMES } from '@postbridge/domain';
import {
  checkStandardTemplates,
  InstantInput,
  MISSING_VALUE,
  renderTemplate,
  SHIPPED_LANGUAGES,
  STANDARD_TEMPLATES,
  standardTemplate,
  StandardTemplate,
  TEMPLATE_PLACEHOLDERS,
  TemplatePlaceholder,
  templatePlaceholders,
  TemplateValues,
} from '../index';

const ARABIC = /\p{Script=Arabic}/u;
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

type Breakable = Omit<StandardTemplate, 'titles' | 'bodies'> & { titles: Record<string, string>; bodies: Record<string, string> };

/** A deep, mutable copy of one shipped template, to break on purpose. */
function copyOf(id: string): Breakable {
  return structuredClone(standardTemplate(id)) as Breakable;
}

const check = (...templates: readonly Breakable[]) => checkStandardTemplates(templates as readonly StandardTemplate[]);

describe('standard templates', () => {
  it('pass their own check', () => {
    expect(checkStandardTemplates()).toEqual([]);
  });

  it('the check reports a broken template: missing body, bad syntax, dropped placeholder, empty title', () => {
    const broken = copyOf('RETURNED_TO_SENDER');
    delete broken.bodies.es;
    broken.bodies.fr = 'L’envoi {itemId} a été renvoyé le {eventAt';
    broken.bodies.ja = 'お問い合わせ番号{itemId}の郵便物は差出人様へ返送いたしました。'; // {eventAt} lost in translation
    broken.bodies.de = 'Die Sendung {itemId} ging am {eventAt} an {customerName} zurück.';
    broken.titles.ar = ' ';
    const problems = check(broken);
    const seen = problems.map((p) => [p.templateId, p.language, p.code, p.placeholder]);
    expect(seen).toEqual(
      expect.arrayContaining([
        ['RETURNED_TO_SENDER', 'es', 'EMPTY_TEMPLATE', undefined],
        ['RETURNED_TO_SENDER', 'fr', 'TEMPLATE_SYNTAX', undefined],
        ['RETURNED_TO_SENDER', 'ja', 'PLACEHOLDER_MISMATCH', 'eventAt'],
        ['RETURNED_TO_SENDER', 'de', 'PLACEHOLDER_MISMATCH', 'customerName'],
        ['RETURNED_TO_SENDER', 'ar', 'EMPTY_TEMPLATE', undefined],
      ]),
    );
    expect(problems).toHaveLength(5);
    expect(check(...(STANDARD_TEMPLATES as readonly Breakable[]), broken)).toHaveLength(5);
  });

  it('the check reports an unknown placeholder and a date-formatted instant', () => {
    const broken = copyOf('RETURNED_TO_SENDER');
    broken.bodies.en = 'Item {itemId} was returned on {eventAt, date, short} to {sender}.';
    expect(check(broken).map((p) => [p.language, p.code, p.placeholder])).toEqual([
      ['en', 'UNSUPPORTED_ARGUMENT', 'eventAt'],
      ['en', 'UNKNOWN_PLACEHOLDER', 'sender'],
    ]);
  });

  it('have distinct UPPER_SNAKE ids; a REPLY with a fixed outcome is named after it, other kinds have none', () => {
    const ids = STANDARD_TEMPLATES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(8);
    for (const t of STANDARD_TEMPLATES) {
      expect(t.id).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      if (t.kind === 'REPLY' && t.outcome !== undefined) {
        expect(REPLY_OUTCOMES).toContain(t.outcome);
        expect(t.id).toBe(t.outcome);
      } else if (t.kind !== 'REPLY') {
        expect(t.outcome).toBeUndefined();
      }
    }
    expect(new Set(STANDARD_TEMPLATES.map((t) => t.kind))).toEqual(new Set(['REPLY', 'INFO_REQUEST', 'INFO']));
  });

  it('use only values a message of their kind carries: reply facts in REPLY templates only', () => {
    // Only a REPLY carries these (add-case-message.service.ts); in another kind they are always missing.
    const replyOnly: readonly TemplatePlaceholder[] = ['outcome', 'eventAt', 'signedBy', 'office'];
    for (const t of STANDARD_TEMPLATES) {
      if (t.kind === 'REPLY') continue;
      for (const language of SHIPPED_LANGUAGES) {
        const used = templatePlaceholders(t.bodies[language], language);
        expect([t.id, language, used.filter((p) => replyOnly.includes(p))]).toEqual([t.id, language, []]);
      }
    }
  });

  it('INVESTIGATION_UPDATE is a REPLY whose outcome the agent gives, shown by {outcome} and chosen by its select', () => {
    const update = standardTemplate('INVESTIGATION_UPDATE');
    expect(update).toMatchObject({ kind: 'REPLY' });
    expect(update?.outcome).toBeUndefined();
    const values: TemplateValues = { itemId: 'RB123456785CH', openedAt: '2026-11-20T09:00:00Z' };
    const reader = { language: 'en', locale: 'en', timeZone: 'UTC' };
    const found = renderTemplate(update!.bodies.en, { ...values, outcome: 'NOT_FOUND_INVESTIGATION_STARTED' }, reader);
    expect(found.missing).toEqual([]);
    expect(found.text).toContain('Not found, investigation started');
    expect(found.text).toContain('as soon as it is complete');
    const customs = renderTemplate(update!.bodies.en, { ...values, outcome: 'HELD_IN_CUSTOMS_AWAITING_DOCUMENTS' }, reader);
    expect(customs.text).toContain('customs receive the missing documents');
    const other = renderTemplate(update!.bodies.en, { ...values, outcome: 'FORWARDED' }, reader);
    expect(other.text).toContain('keep you informed');
  });

  it('ship no template about attachments (messages have none): information goes separately', () => {
    expect(standardTemplate('INFO_PROVIDED_SEE_ATTACHMENT')).toBeUndefined();
    expect(standardTemplate('INFO_SENT_SEPARATELY')).toMatchObject({ kind: 'INFO' });
    for (const t of STANDARD_TEMPLATES) expect([t.id, t.bodies.en, t.titles.en]).not.toContainEqual(expect.stringMatching(/attach/i));
  });

  it('are found by id, and only by an id that exists', () => {
    expect(standardTemplate('FORWARDED')?.outcome).toBe('FORWARDED');
    expect(standardTemplate('forwarded')).toBeUndefined();
    expect(standardTemplate('toString')).toBeUndefined();
  });

  it('are translated, not copied: each language in its own script and different from English', () => {
    for (const t of STANDARD_TEMPLATES) {
      for (const language of SHIPPED_LANGUAGES) {
        if (language !== 'en') expect([t.id, language, t.bodies[language]]).not.toEqual([t.id, language, t.bodies.en]);
      }
      expect(t.bodies.ja).toMatch(JAPANESE);
      expect(t.titles.ja).toMatch(JAPANESE);
      expect(t.bodies.ar).toMatch(ARABIC);
      expect(t.titles.ar).toMatch(ARABIC);
    }
  });
});

describe('standard templates, rendered (property)', () => {
  const readers = fc.constantFrom(
    ...SHIPPED_LANGUAGES.map((language) => ({ language, locale: language, timeZone: 'UTC' })),
    { language: 'ja', locale: 'ja-JP', timeZone: 'Asia/Tokyo' },
    { language: 'de-CH', locale: 'de-CH', timeZone: 'Europe/Zurich' },
    { language: 'ar-EG', locale: 'ar-EG', timeZone: 'Africa/Cairo' },
    { language: 'es-MX', locale: 'es-MX', timeZone: 'America/Mexico_City' },
  );
  const itemId = fc
    .tuple(fc.stringMatching(/^[A-Z]{2}$/), fc.stringMatching(/^\d{9}$/), fc.stringMatching(/^[A-Z]{2}$/))
    .map((parts) => parts.join(''));
  const name = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
  // 1970..2100, as epoch milliseconds, Dates and ISO strings with an offset.
  const instant = fc.integer({ min: 0, max: 4_102_444_800_000 }).chain((ms) =>
    fc.constantFrom<InstantInput>(ms, new Date(ms), new Date(ms).toISOString()),
  );
  const allValues = fc.record({
    itemId,
    inquiryType: fc.constantFrom(...INQUIRY_TYPES),
    outcome: fc.constantFrom(...REPLY_OUTCOMES),
    originOperator: fc.stringMatching(/^[A-Z]{2}$/),
    destinationOperator: fc.stringMatching(/^[A-Z]{2}$/),
    openedAt: instant,
    eventAt: instant,
    signedBy: name,
    office: name,
    customerName: name,
  }) satisfies fc.Arbitrary<Required<TemplateValues>>;

  it('every template renders in every shipped language with the item id and nothing missing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STANDARD_TEMPLATES), readers, allValues, (template, reader, values) => {
        for (const language of SHIPPED_LANGUAGES) {
          const body = template.bodies[language];
          const { text, missing } = renderTemplate(body, values, { ...reader, language });
          expect(missing).toEqual([]);
          expect(text).not.toContain(MISSING_VALUE);
          if (templatePlaceholders(body, language).includes('itemId')) expect(text).toContain(values.itemId);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('with values left out, reports exactly those the rendering needed', () => {
    const placeholders = Object.keys(TEMPLATE_PLACEHOLDERS) as TemplatePlaceholder[];
    fc.assert(
      fc.property(
        fc.constantFrom(...STANDARD_TEMPLATES),
        readers,
        allValues,
        fc.subarray(placeholders),
        (template, reader, values, dropped) => {
          const partial: TemplateValues = { ...values };
          for (const p of dropped) delete partial[p];
          const body = template.bodies.en;
          const { missing } = renderTemplate(body, partial, { ...reader, language: 'en' });
          const used = templatePlaceholders(body, 'en');
          for (const p of missing) expect(dropped).toContain(p);
          for (const p of missing) expect(used).toContain(p);
          // Outside a select branch a dropped placeholder is always reported.
          const unconditional = templatePlaceholders(body.replace(/\{outcome, select,[\s\S]*\}$/, ''), 'en');
          for (const p of dropped) if (unconditional.includes(p)) expect(missing).toContain(p);
        },
      ),
      { numRuns: 200 },
    );
  });
});
