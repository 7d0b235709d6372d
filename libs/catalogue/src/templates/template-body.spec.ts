import {
  bidiIsolate,
  checkTemplateBody,
  describeCode,
  formatInstant,
  formatInstantToParts,
  label,
  MAX_TEMPLATE_LENGTH,
  MISSING_VALUE,
  negotiateLanguage,
  renderTemplate,
  TemplateReader,
  templatePlaceholders,
  TemplateValues,
  textDirection,
  wallClock,
} from '../index';

const ARABIC = /\p{Script=Arabic}/u;
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const BIDI_CONTROLS = /[\u2066-\u2069]/u;

const JP: TemplateReader = { language: 'ja', locale: 'ja-JP', timeZone: 'Asia/Tokyo' };
const CH: TemplateReader = { language: 'de-CH', locale: 'de-CH', timeZone: 'Europe/Zurich' };
const SA: TemplateReader = { language: 'ar', locale: 'ar', timeZone: 'Asia/Riyadh' };
const US: TemplateReader = { language: 'en', locale: 'en-US', timeZone: 'America/New_York' };

const codes = (body: string, language = 'en'): string[] => checkTemplateBody(body, language).map((p) => p.code);

describe('checkTemplateBody', () => {
  it('accepts plain placeholders of every kind and a select on a code placeholder', () => {
    expect(checkTemplateBody('Item {itemId} ({inquiryType}) opened {openedAt}: {outcome}.', 'en')).toEqual([]);
    expect(
      checkTemplateBody('{outcome, select, DELIVERED_WITH_SIGNATURE {Signed by {signedBy}.} other {See {office}.}}', 'fr'),
    ).toEqual([]);
  });

  it('reports an unknown placeholder, also inside a select branch', () => {
    expect(checkTemplateBody('Dear {customer},', 'en')).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_PLACEHOLDER', placeholder: 'customer' }),
    ]);
    expect(checkTemplateBody('{outcome, select, other {{trackingUrl}}}', 'en')).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_PLACEHOLDER', placeholder: 'trackingUrl' }),
    ]);
    // Not fooled by inherited keys.
    expect(codes('{toString}')).toEqual(['UNKNOWN_PLACEHOLDER']);
    // No due date: the receiver's copy of the case has none while the clock is paused or the round answered.
    expect(codes('Please reply by {dueAt}.')).toEqual(['UNKNOWN_PLACEHOLDER']);
  });

  it('reports a syntax error with its position', () => {
    const [problem, ...rest] = checkTemplateBody('Item {itemId was delivered.', 'en');
    expect(rest).toEqual([]);
    expect(problem.code).toBe('TEMPLATE_SYNTAX');
    expect(problem.detail).toMatch(/line 1, column \d+/);
    expect(codes('{outcome, select, RETURNED_TO_SENDER {no other clause}}')).toEqual(['TEMPLATE_SYNTAX']);
  });

  it('rejects date, time and number formatting of instants: they would ignore the reader’s zone', () => {
    for (const body of ['{eventAt, date}', 'On {eventAt, date, short}.', '{openedAt, time, short}', '{openedAt, number}']) {
      const problems = checkTemplateBody(body, 'de');
      expect(problems).toEqual([expect.objectContaining({ code: 'UNSUPPORTED_ARGUMENT' })]);
      expect(problems[0].detail).toMatch(/time zone/);
    }
    expect(checkTemplateBody('{eventAt, date}', 'en')[0]).toMatchObject({ placeholder: 'eventAt' });
  });

  it('rejects plural on anything (no placeholder is a number) and select on text or instants', () => {
    expect(codes('{itemId, plural, one {# item} other {# items}}')).toEqual(['UNSUPPORTED_ARGUMENT']);
    expect(codes('{signedBy, selectordinal, one {#st} other {#th}}')).toEqual(['UNSUPPORTED_ARGUMENT']);
    expect(codes('{originOperator, select, CH {Swiss} other {other}}')).toEqual(['UNSUPPORTED_ARGUMENT']);
    expect(codes('{itemId, number}')).toEqual(['UNSUPPORTED_ARGUMENT']);
  });

  it('rejects a select key that is not a code of the placeholder’s system (it could never be chosen)', () => {
    const problems = checkTemplateBody('{outcome, select, DELIVERED {yes} other {no}}', 'en');
    expect(problems).toEqual([expect.objectContaining({ code: 'UNSUPPORTED_ARGUMENT', placeholder: 'outcome' })]);
    expect(problems[0].detail).toContain('DELIVERED');
    expect(codes('{inquiryType, select, PROOF_OF_DELIVERY {a} GENERIC {b} other {c}}')).toEqual([]);
    expect(codes('{inquiryType, select, RETURNED_TO_SENDER {a} other {c}}')).toEqual(['UNSUPPORTED_ARGUMENT']);
  });

  it('reports an apostrophe that quoted a placeholder away', () => {
    expect(codes("Retiré à l'{office}.", 'fr')).toEqual(['TEMPLATE_SYNTAX']);
    expect(codes('Retiré à l’{office}.', 'fr')).toEqual([]);
    expect(codes("The addressee's office is {office}.")).toEqual([]);
  });

  it('rejects an empty and an over-long body', () => {
    expect(codes('')).toEqual(['EMPTY_TEMPLATE']);
    expect(codes(' \n\t')).toEqual(['EMPTY_TEMPLATE']);
    expect(codes('x'.repeat(MAX_TEMPLATE_LENGTH))).toEqual([]);
    expect(codes('x'.repeat(MAX_TEMPLATE_LENGTH + 1))).toEqual(['TEMPLATE_TOO_LONG']);
  });

  it('treats angle brackets as text, not as tags', () => {
    expect(codes('Item <{itemId}> <b>')).toEqual([]);
    expect(renderTemplate('Item <{itemId}> <b>', { itemId: 'RB123456785CH' }, US).text).toBe('Item <RB123456785CH> <b>');
  });

  it('throws on a language that is not a BCP 47 tag (a programming error, not a template problem)', () => {
    expect(() => checkTemplateBody('{itemId}', 'not a tag')).toThrow(RangeError);
  });
});

describe('templatePlaceholders', () => {
  it('lists each placeholder once, in order of first use, select branches included', () => {
    expect(
      templatePlaceholders('{itemId}: {outcome}. {outcome, select, RETURNED_TO_SENDER {On {eventAt}, {itemId}.} other {{office}}}', 'en'),
    ).toEqual(['itemId', 'outcome', 'eventAt', 'office']);
    expect(templatePlaceholders('No placeholder.', 'en')).toEqual([]);
  });

  it('leaves out unknown names and throws on a body that does not parse', () => {
    expect(templatePlaceholders('{customer} {itemId}', 'en')).toEqual(['itemId']);
    expect(() => templatePlaceholders('{itemId', 'en')).toThrow(RangeError);
  });
});

describe('renderTemplate', () => {
  const body = (language: 'ja' | 'de'): string =>
    language === 'ja' ? '{itemId}の郵便物は{eventAt}に配達されました。' : 'Die Sendung {itemId} wurde am {eventAt} zugestellt.';
  const stored = '2026-11-23T23:30:00Z';

  it('shows each reader the same instant on their own wall clock, with their zone named', () => {
    const jp = renderTemplate(body('ja'), { itemId: 'RB123456785CH', eventAt: stored }, JP);
    const ch = renderTemplate(body('de'), { itemId: 'RB123456785CH', eventAt: stored }, CH);

    // 23:30 UTC is 08:30 the next morning in Tokyo (UTC+9) and half past midnight in Zurich (UTC+1).
    expect(wallClock(stored, 'Asia/Tokyo')).toMatchObject({ day: 24, hour: 8, minute: 30 });
    expect(wallClock(stored, 'Europe/Zurich')).toMatchObject({ day: 24, hour: 0, minute: 30 });
    expect(jp.text).toContain('08:30');
    expect(jp.text).toContain('24日');
    expect(jp.text).not.toContain('23:30');
    expect(ch.text).toContain('00:30');
    expect(ch.text).toMatch(/\b24\./);
    expect(ch.text).not.toContain('08:30');

    const zone = (reader: TemplateReader): string =>
      formatInstantToParts(stored, { locale: reader.locale, timeZone: reader.timeZone }).find((p) => p.type === 'timeZoneName')?.value ?? '';
    expect(zone(JP)).not.toBe('');
    expect(jp.text).toContain(zone(JP));
    expect(ch.text).toContain(zone(CH));
    expect(zone(JP)).not.toBe(zone(CH));

    expect(jp.text).toMatch(JAPANESE);
    expect(ch.text).not.toMatch(JAPANESE);
    expect([jp.missing, ch.missing]).toEqual([[], []]);
  });

  it('isolates Latin values in right-to-left text, and only there', () => {
    const arabic = 'سُلِّمت الشحنة {itemId} بتاريخ {eventAt} ووقّع {signedBy} على الاستلام.';
    expect(textDirection(SA.language as string)).toBe('rtl');
    const { text } = renderTemplate(arabic, { itemId: 'RB123456785CH', eventAt: stored, signedBy: 'J. Doe' }, SA);
    expect(text).toMatch(ARABIC);
    expect(text).toContain(bidiIsolate('RB123456785CH'));
    expect(text).toContain(bidiIsolate('J. Doe'));
    // The whole date (02:30 in Riyadh, UTC+3, in whichever digits the locale uses) is one isolate.
    expect(wallClock(stored, SA.timeZone)).toMatchObject({ hour: 2, minute: 30 });
    expect(text).toContain(bidiIsolate(formatInstant(stored, { locale: SA.locale, timeZone: SA.timeZone })));

    const english = renderTemplate('Item {itemId} signed by {signedBy}.', { itemId: 'RB123456785CH', signedBy: 'J. Doe' }, US);
    expect(english.text).toBe('Item RB123456785CH signed by J. Doe.');
    expect(english.text).not.toMatch(BIDI_CONTROLS);
  });

  it('renders code placeholders as catalogue labels in the reader’s language', () => {
    const values: TemplateValues = { inquiryType: 'PROOF_OF_DELIVERY', outcome: 'RETURNED_TO_SENDER' };
    for (const reader of [JP, CH, SA, US]) {
      const { text } = renderTemplate('{inquiryType} / {outcome}', values, reader);
      expect(text).toBe(
        `${label('inquiryType', 'PROOF_OF_DELIVERY', reader.language)} / ${label('replyOutcome', 'RETURNED_TO_SENDER', reader.language)}`,
      );
    }
    expect(renderTemplate('{outcome}', values, JP).text).toMatch(JAPANESE);
  });

  it('follows a negotiated fallback chain for labels', () => {
    const negotiated = negotiateLanguage({ profile: 'pt-BR', acceptLanguage: 'fr-CH' });
    const reader: TemplateReader = { language: negotiated, locale: negotiated.locale, timeZone: 'Europe/Zurich' };
    expect(renderTemplate('{outcome}', { outcome: 'FORWARDED' }, reader).text).toBe(label('replyOutcome', 'FORWARDED', 'fr'));
  });

  it('selects on the outcome code, and never reports a placeholder of a branch not taken', () => {
    const body =
      '{outcome, select, DELIVERED_WITH_SIGNATURE {Signed by {signedBy}.} RETURNED_TO_SENDER {Returned on {eventAt}.} other {Status: {outcome}.}}';
    expect(renderTemplate(body, { outcome: 'DELIVERED_WITH_SIGNATURE', signedBy: 'A. Rossi' }, US)).toEqual({
      text: 'Signed by A. Rossi.',
      missing: [],
    });
    expect(renderTemplate(body, { outcome: 'RETURNED_TO_SENDER' }, US)).toEqual({
      text: `Returned on ${MISSING_VALUE}.`,
      missing: ['eventAt'],
    });
    expect(renderTemplate(body, { outcome: 'FORWARDED' }, CH)).toEqual({
      text: `Status: ${label('replyOutcome', 'FORWARDED', 'de')}.`,
      missing: [],
    });
  });

  it('takes the other branch for an absent code and reports it missing', () => {
    const body = '{outcome, select, FORWARDED {Forwarded.} other {Being checked.}}';
    expect(renderTemplate(body, {}, US)).toEqual({ text: 'Being checked.', missing: ['outcome'] });
  });

  it('renders a code this catalogue does not know (a partner’s newer one) without failing', () => {
    const values = { outcome: 'RECALLED_BY_SENDER' } as unknown as TemplateValues;
    const { text, missing } = renderTemplate('{outcome}. {outcome, select, FORWARDED {F} other {O}}', values, CH);
    expect(text).toBe(`${describeCode('replyOutcome', 'RECALLED_BY_SENDER', 'de-CH').label}. O`);
    expect(missing).toEqual([]);
  });

  it('shows a missing value as a dash and lists it, in order of first use', () => {
    const { text, missing } = renderTemplate(
      '{itemId} signed by {signedBy} at {office} on {eventAt}; {signedBy}.',
      { itemId: 'RB123456785CH', office: '  ', eventAt: '2026-11-23 23:30' },
      US,
    );
    expect(text).toBe(`RB123456785CH signed by ${MISSING_VALUE} at ${MISSING_VALUE} on ${MISSING_VALUE}; ${MISSING_VALUE}.`);
    // A blank text and an instant without an offset count as missing, not as values.
    expect(missing).toEqual(['signedBy', 'office', 'eventAt']);
  });

  it('refuses a body that does not check, and a reader zone that is not IANA', () => {
    expect(() => renderTemplate('{eventAt, date}', { eventAt: stored }, US)).toThrow(RangeError);
    expect(() => renderTemplate('{unknown}', {}, US)).toThrow(/not a template placeholder/);
    expect(() => renderTemplate('{itemId}', {}, { ...US, timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});
