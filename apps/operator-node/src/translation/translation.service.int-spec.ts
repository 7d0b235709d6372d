import { Registry } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../../test/harness/database';
import { LibreTranslateServer } from '../../../../test/support/libretranslate-server';
import { insertCaseShowing } from '../../../../test/support/node-cases';
import { buildOperatorNodeDataSourceOptions } from '../database/operator-node-data-source';
import { CaseAnonymiser } from '../privacy/shared/case-anonymiser';
import { DisabledTranslator } from './disabled.translator';
import { LibreTranslateTranslator } from './libre-translate.translator';
import { TranslationMetrics } from './translation.metrics';
import { translationCacheKey, TranslationService } from './translation.service';
import { Translator } from './translator.port';

// TranslationService on the node's real database and a local LibreTranslate-speaking server:
// what gets sent, what gets cached, and that a failing service never fails the caller.

let db: TestDatabase;
let ds: DataSource;
let lt: LibreTranslateServer;
let registry: Registry;
let service: TranslationService;

const PARCEL = { text: 'Das Paket ist nicht angekommen.', language: 'de' };
const CUSTOMS = { text: 'Bitte prüfen Sie den Zoll.', language: 'de-CH' };
const DAMAGED = { text: 'Der Karton war beschädigt.', language: 'de' };
const EMPTY_BOX = { text: 'Le colis est arrivé vide.', language: 'fr' };
const REPLY = { text: 'Delivered on 12 Nov, signed by J. Doe.', language: 'en' };
// Texts of cases erased during a test: each test its own.
const ADDRESS = { text: 'Die Kundin wohnt jetzt am Seeweg 3.', language: 'de' };
const NEIGHBOUR = { text: 'Beim Nachbarn im 2. Stock abgeben.', language: 'de' };
const RING = { text: 'Bitte zweimal klingeln.', language: 'de' };

const rows = (): Promise<Array<{ key: string; source_language: string; target_language: string; translated_text: string; provider: string }>> =>
  ds.query(`SELECT key, source_language, target_language, translated_text, provider FROM text_translations ORDER BY translated_text`);

const translatedTexts = (): string[][] => lt.requestsTo('/translate').map((r) => [r.body.q].flat());

beforeAll(async () => {
  db = await createTestDatabase('operator_node');
  ds = await new DataSource({ ...buildOperatorNodeDataSourceOptions(db.url), migrationsRun: false }).initialize();
  lt = await LibreTranslateServer.start({
    dictionary: {
      'de>en': {
        'Das Paket ist nicht angekommen.': 'The parcel has not arrived.',
        'Bitte prüfen Sie den Zoll.': 'Please check customs.',
        'Der Karton war beschädigt.': 'The box was damaged.',
        [ADDRESS.text]: 'The customer now lives at Seeweg 3.',
        [NEIGHBOUR.text]: 'Leave it with the neighbour on the 2nd floor.',
        [RING.text]: 'Please ring twice.',
      },
      'fr>en': { 'Le colis est arrivé vide.': 'The parcel arrived empty.' },
      'en>de': { 'Delivered on 12 Nov, signed by J. Doe.': 'Zugestellt am 12. Nov., unterschrieben von J. Doe.' },
    },
  });
  // The cache keeps translations of what cases show: these cases show every text of the tests.
  await insertCaseShowing(ds, { description: PARCEL.text, note: DAMAGED.text, messages: [CUSTOMS.text, EMPTY_BOX.text, REPLY.text] });
  registry = new Registry();
  service = new TranslationService(new LibreTranslateTranslator({ url: lt.url, timeoutMs: 1_000 }), ds, new TranslationMetrics(registry));
  // Each test may fail the service on purpose; the cooldown after an outage has a test of its own.
  service.outageCooldownMs = 0;
});

beforeEach(async () => {
  lt.reset();
  await ds.query(`DELETE FROM text_translations`);
});

afterAll(async () => {
  await lt?.close();
  await ds?.destroy();
  await db?.drop();
});

describe('TranslationService', () => {
  it('translates, caches by base languages, and serves the next request from the cache', async () => {
    expect(await service.translate(PARCEL, 'en')).toEqual({ translation: { text: 'The parcel has not arrived.', language: 'en', machine: true, provider: 'libretranslate' } });
    expect(await rows()).toEqual([
      { key: translationCacheKey(PARCEL.text, 'de', 'en'), source_language: 'de', target_language: 'en', translated_text: 'The parcel has not arrived.', provider: 'libretranslate' },
    ]);
    // Regional tags share the entry; the result carries the target as asked.
    expect(await service.translate({ ...PARCEL, language: 'de-AT' }, 'en-GB')).toEqual({ translation: { text: 'The parcel has not arrived.', language: 'en-GB', machine: true, provider: 'libretranslate' } });
    expect(lt.requests).toHaveLength(1);
  });

  it('returns null without calling the service for text already in the target language', async () => {
    expect(await service.translateAll([REPLY, { text: 'Signed for.', language: 'en-US' }, { text: '   ', language: 'fr' }], 'en-GB')).toEqual([{ translation: null }, { translation: null }, { translation: null }]);
    expect(await service.translate({ text: 'Grüezi', language: 'de-CH' }, 'de-DE')).toEqual({ translation: null });
    expect(await service.translateAll([], 'en')).toEqual([]);
    expect(lt.requests).toEqual([]);
  });

  it('returns null and calls nothing when translation is off', async () => {
    const off = new TranslationService(new DisabledTranslator(), ds);
    expect(off.enabled).toBe(false);
    expect(off.provider).toBeNull();
    expect(await off.translateAll([PARCEL, EMPTY_BOX], 'en')).toEqual([{ translation: null }, { translation: null }]);
    expect(lt.requests).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it('sends one request per source language, each text once, and only what is not cached', async () => {
    await service.translate(CUSTOMS, 'en');
    lt.reset();
    const results = await service.translateAll([PARCEL, EMPTY_BOX, CUSTOMS, REPLY, DAMAGED, PARCEL], 'en');
    expect(results.map((r) => r.translation?.text ?? null)).toEqual([
      'The parcel has not arrived.', 'The parcel arrived empty.', 'Please check customs.', null, 'The box was damaged.', 'The parcel has not arrived.',
    ]);
    expect(translatedTexts().sort()).toEqual([[PARCEL.text, DAMAGED.text], [EMPTY_BOX.text]]);
    expect((await rows()).map((r) => [r.source_language, r.target_language, r.translated_text])).toEqual([
      ['de', 'en', 'Please check customs.'],
      ['de', 'en', 'The box was damaged.'],
      ['fr', 'en', 'The parcel arrived empty.'],
      ['de', 'en', 'The parcel has not arrived.'],
    ]);
    // The other direction is its own entry.
    expect((await service.translate(REPLY, 'de')).translation?.text).toBe('Zugestellt am 12. Nov., unterschrieben von J. Doe.');
    expect(lt.requests).toHaveLength(3);
  });

  it('gives null with an error code when the service fails, never throws, and caches nothing', async () => {
    lt.failWith(500, 'model crashed');
    expect(await service.translateAll([PARCEL, REPLY, EMPTY_BOX], 'en')).toEqual([
      { translation: null, error: 'TRANSLATION_FAILED' },
      { translation: null },
      { translation: null, error: 'TRANSLATION_FAILED' },
    ]);
    expect(await rows()).toEqual([]);
    lt.reset();
    expect((await service.translate(PARCEL, 'en')).translation?.text).toBe('The parcel has not arrived.');
    expect(lt.requests).toHaveLength(1);
  });

  it('leaves the service alone for a while after an outage, then asks it again', async () => {
    const cautious = new TranslationService(new LibreTranslateTranslator({ url: lt.url, timeoutMs: 1_000 }), ds);
    cautious.outageCooldownMs = 300;
    lt.failWith(503, 'overloaded');
    expect(await cautious.translate(PARCEL, 'en')).toEqual({ translation: null, error: 'TRANSLATION_FAILED' });
    lt.reset();
    expect(await cautious.translate(PARCEL, 'en')).toEqual({ translation: null, error: 'TRANSLATION_SUSPENDED' });
    expect(lt.requests).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 350));
    expect((await cautious.translate(PARCEL, 'en')).translation?.text).toBe('The parcel has not arrived.');
    // A refusal of one request (4xx) is no outage: the next text is asked for at once.
    lt.failWith(400, 'text too long');
    expect((await cautious.translate(DAMAGED, 'en')).error).toBe('TRANSLATION_FAILED');
    lt.reset();
    expect((await cautious.translate(DAMAGED, 'en')).translation?.text).toBe('The box was damaged.');
  });

  it('reports a timeout and an unsupported language per source language, translating the rest', async () => {
    lt.delayMs = 1_500;
    expect(await service.translate(DAMAGED, 'en')).toEqual({ translation: null, error: 'TRANSLATION_TIMEOUT' });
    lt.reset();
    const results = await service.translateAll([{ text: '荷物が届きません。', language: 'ja' }, DAMAGED], 'en');
    expect(results).toEqual([
      { translation: null, error: 'TRANSLATION_LANGUAGE_UNSUPPORTED' },
      { translation: { text: 'The box was damaged.', language: 'en', machine: true, provider: 'libretranslate' } },
    ]);
  });

  it('still translates when the cache table cannot be read or written', async () => {
    await ds.query(`ALTER TABLE text_translations RENAME TO text_translations_away`);
    try {
      expect((await service.translate(PARCEL, 'en')).translation?.text).toBe('The parcel has not arrived.');
    } finally {
      await ds.query(`ALTER TABLE text_translations_away RENAME TO text_translations`);
    }
    expect(lt.requests).toHaveLength(1);
  });

  it('works on an EntityManager inside a transaction of the caller', async () => {
    await ds.transaction(async (tx) => {
      const inTx = new TranslationService(new LibreTranslateTranslator({ url: lt.url, timeoutMs: 1_000 }), tx);
      expect((await inTx.translate(EMPTY_BOX, 'en-US')).translation?.text).toBe('The parcel arrived empty.');
    });
    expect((await rows()).map((r) => r.translated_text)).toEqual(['The parcel arrived empty.']);
  });

  it('counts requests by outcome and texts by where they came from', async () => {
    const own = new Registry();
    const counted = new TranslationService(new LibreTranslateTranslator({ url: lt.url, timeoutMs: 1_000 }), ds, new TranslationMetrics(own));
    counted.outageCooldownMs = 0;
    await counted.translate(PARCEL, 'en');
    await counted.translate(PARCEL, 'en');
    lt.failWith(500, 'down');
    await counted.translate(DAMAGED, 'en');
    lt.reset();
    await counted.translate({ text: '荷物が届きません。', language: 'ja' }, 'en');
    const metrics = await own.getMetricsAsJSON();
    const values = (name: string) => Object.fromEntries(metrics.find((m) => m.name === name)!.values.map((v) => [Object.values(v.labels).join(','), v.value]));
    expect(values('postbridge_translation_requests_total')).toEqual({ ok: 1, TRANSLATION_FAILED: 1, TRANSLATION_LANGUAGE_UNSUPPORTED: 1 });
    expect(values('postbridge_translation_texts_total')).toEqual({ service: 1, cache: 1 });
  });
});

describe('TranslationService and the removal of personal data', () => {
  const erase = (db: DataSource | EntityManager, caseId: string) => new CaseAnonymiser().anonymise(db instanceof DataSource ? db.manager : db, [caseId], 'ERASURE', new Date());
  const cachedTexts = async () => (await rows()).map((r) => r.translated_text);

  it('caches the translation of a text only while a case with its personal data shows it', async () => {
    // No case with its personal data shows it any more: translated for the reader, not kept.
    const caseId = await insertCaseShowing(ds, { description: ADDRESS.text });
    await ds.transaction((m) => erase(m, caseId));
    expect((await service.translate(ADDRESS, 'en')).translation?.text).toBe('The customer now lives at Seeweg 3.');
    expect(await cachedTexts()).toEqual([]);
    // Shown as a description, a resolution note or a message body: kept.
    expect((await service.translateAll([PARCEL, DAMAGED, CUSTOMS], 'en')).map((r) => r.translation?.text)).toEqual(['The parcel has not arrived.', 'The box was damaged.', 'Please check customs.']);
    expect(await cachedTexts()).toEqual(['Please check customs.', 'The box was damaged.', 'The parcel has not arrived.']);
  });

  it('does not cache a translation when the erasure of its text commits while the service answers', async () => {
    const caseId = await insertCaseShowing(ds, { description: 'Wo ist mein Paket?', messages: [NEIGHBOUR.text] });
    const real = new LibreTranslateTranslator({ url: lt.url, timeoutMs: 1_000 });
    // The service answers; meanwhile, before the answer reaches the cache, the data-protection role erases the case.
    const racing: Translator = {
      enabled: true, provider: 'libretranslate', languages: () => real.languages(),
      translate: async (texts, from, to) => {
        const out = await real.translate(texts, from, to);
        await ds.transaction((m) => erase(m, caseId));
        return out;
      },
    };
    const raced = new TranslationService(racing, ds);
    expect((await raced.translate(NEIGHBOUR, 'en')).translation?.text).toBe('Leave it with the neighbour on the 2nd floor.');
    expect(await cachedTexts()).toEqual([]);
  });

  it('an anonymisation still running holds the cache write until it commits, and nothing is cached', async () => {
    const caseId = await insertCaseShowing(ds, { description: RING.text });
    const erasure = ds.createQueryRunner();
    await erasure.connect();
    let translated: Promise<unknown> | undefined;
    try {
      await erasure.startTransaction();
      await erase(erasure.manager, caseId);
      let done = false;
      translated = service.translate(RING, 'en').then((r) => {
        done = true;
        return r;
      });
      // The service answered long before this; the cache write waits for the case's lock.
      await new Promise((r) => setTimeout(r, 300));
      expect(lt.requestsTo('/translate')).toHaveLength(1);
      expect(done).toBe(false);
      await erasure.commitTransaction();
    } finally {
      if (erasure.isTransactionActive) await erasure.rollbackTransaction();
      await erasure.release();
    }
    expect(await translated).toMatchObject({ translation: { text: 'Please ring twice.' } });
    expect(await cachedTexts()).toEqual([]);
  });
});
