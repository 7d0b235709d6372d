import { label } from '@postbridge/catalogue';
import { LibreTranslateServer } from '../support/libretranslate-server';
import { api, eventually, TestNetwork } from './support/network';

// A case opened in German at CH and answered with a saved reply at JP: only codes, template ids and
// facts cross the network, and each agent reads the whole case in their own language and time zone.
// CH has a translation service (a local LibreTranslate-speaking server); JP has none.

const ITEM = 'EE123456785CH';
const JA_QUESTION = '荷物の外箱の写真を送ってください。';
const DE_QUESTION = 'Bitte senden Sie uns ein Foto der Verpackung.';
// 23:30 UTC: already the 21st in Tokyo (08:30 JST), just past midnight in Zurich (00:30 CET).
const DELIVERED_AT = '2026-11-20T23:30:00.000Z';

const containsJapanese = (s: string) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(s);

describe('language-neutral case: German at CH, Japanese at JP', () => {
  let net: TestNetwork;
  let translator: LibreTranslateServer;
  let CH: string;
  let JP: string;
  const anna = (method: string, path: string, body?: unknown) => api(CH, method, path, body, 'anna.meier');
  const taro = (method: string, path: string, body?: unknown) => api(JP, method, path, body, 'taro.yamada', { 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.5' });

  beforeAll(async () => {
    translator = await LibreTranslateServer.start({ dictionary: { 'ja>de': { [JA_QUESTION]: DE_QUESTION } } });
    net = await TestNetwork.start([
      { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['fr', 'de', 'en'], env: { TRANSLATION_URL: translator.url } },
      { code: 'JP', country: 'JP', timeZone: 'Asia/Tokyo', languages: ['ja', 'en'] },
    ]);
    CH = net.node('CH').url;
    JP = net.node('JP').url;
  });

  afterAll(async () => {
    await net?.close();
    await translator?.close();
  });

  it('opens, asks, answers with a template and shows each side the case in its own language', async () => {
    // Anna's profile says Swiss German; without it CH would answer in French (the node's first language).
    const profile = await anna('PUT', '/agents/me/profile', { language: 'de-CH' });
    expect(profile.status).toBe(200);
    expect(profile.body.effective).toMatchObject({ language: 'de', locale: 'de-CH', languageSource: 'profile', timeZone: 'Europe/Zurich' });
    expect((await api(CH, 'GET', '/catalogue/casePriority', undefined, 'someone.else')).headers.get('content-language')).toBe('fr');
    const outcomesAr = await anna('GET', '/catalogue/replyOutcome?lang=ar');
    expect(outcomesAr.headers.get('content-language')).toBe('ar');
    expect(outcomesAr.body).toMatchObject({ language: 'ar', direction: 'rtl', languages: ['en', 'fr', 'de', 'es', 'ja', 'ar'] });
    expect(outcomesAr.body.systems[0].codes).toHaveLength(14);
    expect(outcomesAr.body.systems[0].codes).toContainEqual({ code: 'FORWARDED', label: label('replyOutcome', 'FORWARDED', 'ar') });
    const unknownSystem = await anna('GET', '/catalogue/favouriteColour');
    expect(unknownSystem.body.code).toBe('UNKNOWN_CODE_SYSTEM');
    // Error messages are English whatever the reader reads; the code is what a client acts on.
    expect(unknownSystem.headers.get('content-language')).toBe('en');
    expect((await anna('GET', '/catalogue?lang=it')).body.code).toBe('LANGUAGE_NOT_SUPPORTED');

    const opened = await anna('POST', '/cases', {
      itemId: ITEM,
      destinationOperator: 'JP',
      inquiryType: 'FULL_INVESTIGATION',
      reasons: ['NOT_ARRIVED', 'DELIVERED_BUT_DISPUTED'],
      requestedActions: ['PROVIDE_PROOF_OF_DELIVERY'],
      customer: { name: 'Erika Muster', preferredLanguage: 'de' },
      // No language given: the node detects it.
      description: { text: 'Die Kundin sagt, das Paket sei nie angekommen, obwohl die Sendungsverfolgung eine Zustellung zeigt.' },
    });
    expect(opened.status).toBe(201);
    expect(opened.headers.get('content-language')).toBe('de-CH');
    expect(opened.headers.get('vary')).toMatch(/Accept-Language/);
    const id: string = opened.body.id;
    expect(opened.body.description).toMatchObject({ language: 'de', languageSource: 'DETECTED' });
    expect(opened.body.display).toMatchObject({
      language: 'de',
      direction: 'ltr',
      inquiryType: label('inquiryType', 'FULL_INVESTIGATION', 'de'),
      reasons: [label('inquiryReason', 'NOT_ARRIVED', 'de'), label('inquiryReason', 'DELIVERED_BUT_DISPUTED', 'de')],
      requestedActions: [label('requestedAction', 'PROVIDE_PROOF_OF_DELIVERY', 'de')],
    });

    // JP: the same codes, rendered in Japanese and Tokyo time; the German text stays German.
    const atJp = await eventually(async () => {
      const r = await taro('GET', `/cases/${id}`);
      return r.status === 200 ? r : undefined;
    }, 15_000, 'the case at JP');
    expect(atJp.headers.get('content-language')).toBe('ja-JP');
    const jpCase = atJp.body;
    expect(jpCase.reasons).toEqual(['NOT_ARRIVED', 'DELIVERED_BUT_DISPUTED']);
    expect(jpCase.requestedActions).toEqual(['PROVIDE_PROOF_OF_DELIVERY']);
    expect(jpCase.display.reasons).toEqual([label('inquiryReason', 'NOT_ARRIVED', 'ja'), label('inquiryReason', 'DELIVERED_BUT_DISPUTED', 'ja')]);
    expect(jpCase.display.inquiryType).toBe(label('inquiryType', 'FULL_INVESTIGATION', 'ja'));
    expect(jpCase.display.status).toBe(label('caseStatus', 'OPEN', 'ja'));
    expect(jpCase.description).toMatchObject({ text: opened.body.description.text, language: 'de', languageSource: 'DETECTED', languageName: 'ドイツ語' });
    // JP has no translation service: nothing pretends to be a translation.
    expect(jpCase.description).not.toHaveProperty('translation');
    // One instant, two wall clocks: each in the reader's zone, with the zone named.
    const openedAt = new Date(jpCase.openedAt);
    const hourIn = (zone: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(openedAt);
    expect(jpCase.display.openedAt).toContain(hourIn('Asia/Tokyo'));
    expect(jpCase.display.openedAt).toMatch(/JST/);
    expect(opened.body.display.openedAt).toContain(hourIn('Europe/Zurich'));
    expect(opened.body.display.openedAt).toMatch(/MEZ|MESZ/);

    // JP asks for information in free text without a tag: detected as Japanese.
    const asked = await taro('POST', `/cases/${id}/messages`, { kind: 'INFO_REQUEST', body: { text: JA_QUESTION }, expectedVersion: jpCase.version });
    expect(asked.status).toBe(201);
    expect(asked.body.messages[0].body).toMatchObject({ language: 'ja', languageSource: 'DETECTED' });

    // CH shows the original and, next to it, the machine translation into Anna's German.
    const awaiting = await eventually(async () => {
      const r = await anna('GET', `/cases/${id}`);
      return r.body.status === 'AWAITING_INFO' ? r.body : undefined;
    }, 15_000, 'the information request at CH');
    expect(awaiting.messages[0].body).toMatchObject({
      text: JA_QUESTION,
      language: 'ja',
      languageSource: 'DETECTED',
      translation: { text: DE_QUESTION, language: 'de', machine: true, provider: 'libretranslate' },
    });
    expect(awaiting.messages[0].display.kind).toBe(label('messageKind', 'INFO_REQUEST', 'de'));
    // Anna's own German description needs no translation.
    expect(awaiting.description.translation).toBeUndefined();
    const translated = translator.requestsTo('/translate');
    expect(translated.length).toBeGreaterThanOrEqual(1);
    // Read again: served from the cache, the service is not asked twice for the same text.
    await anna('GET', `/cases/${id}`);
    expect(translator.requestsTo('/translate')).toHaveLength(translated.length);

    const info = await anna('POST', `/cases/${id}/messages`, { kind: 'INFO', body: { text: 'Foto folgt per E-Mail.', language: 'de' }, expectedVersion: awaiting.version });
    expect(info.status).toBe(201);

    // JP answers with a saved reply; the outcome comes with the template.
    const beforeReply = await eventually(async () => {
      const r = await taro('GET', `/cases/${id}`);
      return r.body.status === 'OPEN' ? r.body : undefined;
    }, 15_000, 'the information at JP');
    const reply = await taro('POST', `/cases/${id}/messages`, {
      kind: 'REPLY',
      templateId: 'DELIVERED_WITH_SIGNATURE',
      eventAt: DELIVERED_AT,
      signedBy: 'Erika Muster',
      office: 'Tokyo Central',
      expectedVersion: beforeReply.version,
    });
    expect(reply.status).toBe(201);
    const sent = reply.body.messages.find((m: any) => m.kind === 'REPLY');
    expect(sent).toMatchObject({ outcome: 'DELIVERED_WITH_SIGNATURE', templateId: 'DELIVERED_WITH_SIGNATURE', eventAt: DELIVERED_AT, signedBy: 'Erika Muster', office: 'Tokyo Central' });
    // The sender's text is the Japanese version, dated in Tokyo: 21 November, 08:30.
    expect(sent.body).toMatchObject({ language: 'ja', languageSource: 'TEMPLATE' });
    expect(sent.body.text).toContain(ITEM);
    expect(sent.body.text).toContain('2026年11月21日');
    expect(sent.body.text).toContain('08:30');
    expect(sent.template).toMatchObject({ id: 'DELIVERED_WITH_SIGNATURE', language: 'ja', missing: [] });

    // CH reads CH's own German version of the same template, dated in Zurich: 21 November, 00:30.
    const answered = await eventually(async () => {
      const r = await anna('GET', `/cases/${id}`);
      return r.body.status === 'ANSWERED' ? r.body : undefined;
    }, 15_000, 'the reply at CH');
    const received = answered.messages.find((m: any) => m.kind === 'REPLY');
    expect(received.body.text).toBe(sent.body.text);
    expect(received.template).toMatchObject({ id: 'DELIVERED_WITH_SIGNATURE', language: 'de', missing: [] });
    expect(received.template.text).toContain(ITEM);
    expect(received.template.text).toContain('Erika Muster');
    expect(received.template.text).toContain('Tokyo Central');
    expect(received.template.text).toContain('00:30');
    expect(received.template.text).toMatch(/21\.\s?Nov/);
    expect(containsJapanese(received.template.text)).toBe(false);
    // The template reads in German already, so no machine translation is asked for.
    expect(received.body.translation).toBeUndefined();
    expect(received.display).toMatchObject({ kind: label('messageKind', 'REPLY', 'de'), outcome: label('replyOutcome', 'DELIVERED_WITH_SIGNATURE', 'de') });
    expect(received.display.eventAt).toContain('00:30');
    expect(answered.display.status).toBe(label('caseStatus', 'ANSWERED', 'de'));

    // Every history entry is labelled in each reader's language.
    const historyCh = (await anna('GET', `/cases/${id}/history`)).body.entries;
    const historyJp = (await taro('GET', `/cases/${id}/history`)).body.entries;
    expect(historyCh[0].display.action).toBe(label('caseEvent', 'OPENED', 'de'));
    expect(historyJp[0].display.action).toBe(label('caseEvent', 'OPENED', 'ja'));
    for (const e of [...historyCh, ...historyJp]) expect(e.display.action.trim()).not.toBe('');

    // An Arabic reader at JP gets the Arabic version, right to left, with the Latin item id isolated.
    const arabic = await api(JP, 'GET', `/cases/${id}`, undefined, 'layla', { 'accept-language': 'ar' });
    expect(arabic.body.display).toMatchObject({ language: 'ar', direction: 'rtl', status: label('caseStatus', 'ANSWERED', 'ar') });
    const arReply = arabic.body.messages.find((m: any) => m.kind === 'REPLY');
    expect(arReply.template.language).toBe('ar');
    expect(arReply.template.text).toMatch(/[\u0600-\u06ff]/);
    expect(arReply.template.text).toMatch(new RegExp(`[\u2066\u2068]${ITEM}\u2069`));
  });

  it('refuses bad coded content with a clear code and stores nothing', async () => {
    const base = { itemId: 'EE223456788CH', destinationOperator: 'JP', inquiryType: 'GENERIC', customer: { name: 'X' }, description: { text: 'Paket verloren', language: 'de' } };
    const cases = [
      [{ ...base }, 400, 'REASON_REQUIRED'],
      [{ ...base, reasons: [] }, 400, 'REASON_REQUIRED'],
      [{ ...base, reasons: ['LOST_IN_SPACE'] }, 400, 'INVALID_REASON'],
      [{ ...base, reasons: ['DAMAGED', 'DAMAGED'] }, 400, 'DUPLICATE_CODE'],
      [{ ...base, reasons: ['DAMAGED'], requestedActions: ['PRAY'] }, 400, 'INVALID_REQUESTED_ACTION'],
    ] as const;
    for (const [body, status, code] of cases) {
      const r = await anna('POST', '/cases', body);
      expect({ status: r.status, code: r.body.code }).toEqual({ status, code });
    }
    expect((await anna('GET', '/cases?itemId=EE223456788CH')).body.total ?? 0).toBe(0);

    const opened = await anna('POST', '/cases', { ...base, reasons: ['DAMAGED'] });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    const jp = await eventually(async () => {
      const r = await taro('GET', `/cases/${id}`);
      return r.status === 200 ? r.body : undefined;
    }, 15_000, 'the case at JP');
    const replies = [
      [{ kind: 'REPLY', body: { text: '調査中です。', language: 'ja' } }, 422, 'OUTCOME_REQUIRED'],
      [{ kind: 'REPLY', templateId: 'NO_SUCH_TEMPLATE' }, 422, 'TEMPLATE_NOT_FOUND'],
      [{ kind: 'REPLY', templateId: 'DELIVERED_WITH_SIGNATURE', eventAt: DELIVERED_AT }, 422, 'TEMPLATE_VALUE_MISSING'],
      [{ kind: 'REPLY', templateId: 'DELIVERED_WITH_SIGNATURE', body: { text: 'x', language: 'ja' } }, 422, 'BODY_AND_TEMPLATE'],
      [{ kind: 'REPLY', templateId: 'DELIVERED_WITH_SIGNATURE', outcome: 'RETURNED_TO_SENDER', eventAt: DELIVERED_AT, signedBy: 'A', office: 'B' }, 422, 'OUTCOME_CONFLICT'],
      [{ kind: 'INFO_REQUEST', templateId: 'DELIVERED_WITH_SIGNATURE' }, 422, 'TEMPLATE_KIND_MISMATCH'],
      [{ kind: 'INFO_REQUEST', outcome: 'FORWARDED', body: { text: '確認中', language: 'ja' } }, 422, 'REPLY_FIELDS_NOT_ALLOWED'],
      [{ kind: 'REPLY', outcome: 'MAYBE', body: { text: 'x', language: 'ja' } }, 400, 'INVALID_OUTCOME'],
      [{ kind: 'REPLY', outcome: 'FORWARDED', eventAt: '2026-11-20 10:00', body: { text: 'x', language: 'ja' } }, 400, 'INVALID_DATE'],
      [{ kind: 'REPLY', outcome: 'FORWARDED' }, 400, 'BODY_REQUIRED'],
    ] as const;
    for (const [body, status, code] of replies) {
      const r = await taro('POST', `/cases/${id}/messages`, { ...body, expectedVersion: jp.version });
      expect({ status: r.status, code: r.body.code }).toEqual({ status, code });
    }
    const after = (await taro('GET', `/cases/${id}`)).body;
    expect(after.version).toBe(jp.version);
    expect(after.messages).toEqual([]);

    expect((await anna('PUT', '/agents/me/profile', { language: 'it' })).body.code).toBe('LANGUAGE_NOT_SUPPORTED');
    expect((await anna('PUT', '/agents/me/profile', { language: 'de', timeZone: 'Mars/Olympus' })).body).toMatchObject({ statusCode: 400, code: 'INVALID_TIME_ZONE' });
  });

  it("keeps a node's own templates to itself: the partner without it reads the sender's text", async () => {
    const bad = await anna('PUT', '/templates/CH_PHOTO_RECEIVED/de', { kind: 'INFO', title: 'Foto', body: 'Foto zu {itemNumber} erhalten.' });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('TEMPLATE_INVALID');
    expect(bad.body.details.problems).toEqual([expect.objectContaining({ code: 'UNKNOWN_PLACEHOLDER', placeholder: 'itemNumber' })]);

    const saved = await anna('PUT', '/templates/CH_PHOTO_RECEIVED/de', { kind: 'INFO', title: 'Foto erhalten', body: 'Das Foto zur Sendung {itemId} liegt vor.' });
    expect(saved.status).toBe(200);
    expect(saved.body.versions).toEqual([expect.objectContaining({ language: 'de', source: 'NODE', placeholders: ['itemId'], updatedBy: 'anna.meier' })]);
    // Versions are per shipped language: a region or an unshipped language is refused, not dropped.
    for (const language of ['de-CH', 'it']) {
      expect((await anna('PUT', `/templates/CH_PHOTO_RECEIVED/${language}`, { kind: 'INFO', title: 'Foto', body: 'x' })).body).toMatchObject({ statusCode: 422, code: 'LANGUAGE_NOT_SUPPORTED' });
    }
    const unsendable = await anna('PUT', '/templates/CH_PHOTO_SIGNED/de', { kind: 'INFO', title: 'Foto', body: 'Foto von {signedBy} erhalten.' });
    expect(unsendable.body).toMatchObject({ code: 'REPLY_PLACEHOLDER_NOT_ALLOWED', details: { placeholders: ['signedBy'] } });
    const conflict = await anna('PUT', '/templates/CH_PHOTO_RECEIVED/fr', { kind: 'REPLY', outcome: 'FORWARDED', title: 'x', body: 'y' });
    expect(conflict.body.code).toBe('TEMPLATE_KIND_CONFLICT');
    const listed = (await anna('GET', '/templates?kind=INFO')).body.items;
    expect(listed.map((t: any) => t.id)).toContain('CH_PHOTO_RECEIVED');
    expect((await taro('GET', '/templates/CH_PHOTO_RECEIVED')).body.code).toBe('TEMPLATE_NOT_FOUND');

    const opened = await anna('POST', '/cases', { itemId: 'EE323456785CH', destinationOperator: 'JP', inquiryType: 'GENERIC', reasons: ['DAMAGED'], customer: { name: 'Y' }, description: { text: 'Karton beschädigt', language: 'de' } });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    const atJp = await eventually(async () => {
      const r = await taro('GET', `/cases/${id}`);
      return r.status === 200 ? r.body : undefined;
    }, 15_000, 'the case at JP');
    await taro('POST', `/cases/${id}/messages`, { kind: 'INFO_REQUEST', body: { text: JA_QUESTION, language: 'ja' }, expectedVersion: atJp.version });
    const awaiting = await eventually(async () => {
      const r = await anna('GET', `/cases/${id}`);
      return r.body.status === 'AWAITING_INFO' ? r.body : undefined;
    }, 15_000, 'AWAITING_INFO at CH');
    const info = await anna('POST', `/cases/${id}/messages`, { kind: 'INFO', templateId: 'CH_PHOTO_RECEIVED', expectedVersion: awaiting.version });
    expect(info.status).toBe(201);
    const inJapan = await eventually(async () => {
      const r = await taro('GET', `/cases/${id}`);
      return r.body.messages.find((m: any) => m.kind === 'INFO');
    }, 15_000, 'the INFO at JP');
    expect(inJapan).toMatchObject({ templateId: 'CH_PHOTO_RECEIVED', template: null, body: { text: 'Das Foto zur Sendung EE323456785CH liegt vor.', language: 'de', languageSource: 'TEMPLATE' } });

    // JP happens to use the same id for a REPLY of its own: CH's INFO template of that id must not stand in for it.
    expect((await taro('PUT', '/templates/CH_PHOTO_RECEIVED/ja', { kind: 'REPLY', outcome: 'FORWARDED', title: '転送', body: '郵便物{itemId}を転送しました。' })).status).toBe(200);
    const open = await eventually(async () => {
      const r = await taro('GET', `/cases/${id}`);
      return r.body.status === 'OPEN' ? r.body : undefined;
    }, 15_000, 'OPEN at JP');
    expect((await taro('POST', `/cases/${id}/messages`, { kind: 'REPLY', templateId: 'CH_PHOTO_RECEIVED', expectedVersion: open.version })).status).toBe(201);
    const atCh = await eventually(async () => {
      const r = await anna('GET', `/cases/${id}`);
      return r.body.messages.find((m: any) => m.kind === 'REPLY');
    }, 15_000, 'the REPLY at CH');
    expect(atCh).toMatchObject({ templateId: 'CH_PHOTO_RECEIVED', outcome: 'FORWARDED', template: null, body: { text: '郵便物EE323456785CHを転送しました。', language: 'ja' } });
  });
});
