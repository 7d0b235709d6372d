import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { configureHttp, MetricsModule } from '@postbridge/platform';
import { createTestDatabase, TestDatabase } from '../../../../test/harness/database';
import { LibreTranslateServer } from '../../../../test/support/libretranslate-server';
import { insertCaseShowing } from '../../../../test/support/node-cases';
import { buildOperatorNodeDataSourceOptions } from '../database/operator-node-data-source';
import { TranslationModule } from './translation.module';
import { TranslationService } from './translation.service';
import { TranslationOptions } from './translator.factory';
import { Translator } from './translator.port';

// TranslationModule as the node wires it (global DataSource and MetricsRegistry), served over
// Fastify: GET /translation on and off, and the service it exports.

let db: TestDatabase;
let ds: DataSource;
let lt: LibreTranslateServer;
let on: { app: NestFastifyApplication; url: string };
let off: { app: NestFastifyApplication; url: string };

@Module({})
class TestDatabaseModule {}

@Module({})
class TestAppModule {}

async function startApp(options: TranslationOptions): Promise<{ app: NestFastifyApplication; url: string }> {
  // The node gets DataSource from TypeOrmModule.forRoot; here the test's own, just as global.
  const database: DynamicModule = { module: TestDatabaseModule, global: true, providers: [{ provide: DataSource, useValue: ds }], exports: [DataSource] };
  const app = await NestFactory.create<NestFastifyApplication>({ module: TestAppModule, imports: [database, MetricsModule, TranslationModule.register(options)] }, new FastifyAdapter(), { logger: false });
  configureHttp(app);
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

async function get(base: string, path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`);
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text };
}

beforeAll(async () => {
  db = await createTestDatabase('operator_node');
  ds = await new DataSource({ ...buildOperatorNodeDataSourceOptions(db.url), migrationsRun: false }).initialize();
  lt = await LibreTranslateServer.start({ dictionary: { 'de>en': { 'Das Paket ist nicht angekommen.': 'The parcel has not arrived.' }, 'en>de': {} } });
  on = await startApp({ url: lt.url, timeoutMs: 1_000 });
  off = await startApp({});
});

afterEach(() => lt.reset());

afterAll(async () => {
  await on?.app.close();
  await off?.app.close();
  await lt?.close();
  await ds?.destroy();
  await db?.drop();
});

describe('TranslationModule', () => {
  it('GET /translation lists the languages of the configured service', async () => {
    expect(await get(on.url, '/translation')).toEqual({
      status: 200,
      body: { enabled: true, provider: 'libretranslate', languages: [{ code: 'de', name: 'German', targets: ['en'] }, { code: 'en', name: 'English', targets: ['de'] }] },
    });
  });

  it('GET /translation answers 503 TRANSLATION_UNAVAILABLE when the service fails', async () => {
    lt.failWith(502, 'upstream down');
    const res = await get(on.url, '/translation');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ statusCode: 503, code: 'TRANSLATION_UNAVAILABLE', details: { reason: 'TRANSLATION_FAILED', serviceStatus: 502 } });
    // The service's own words stay in the log: they may name hosts or keys.
    expect(res.body.message).not.toContain('upstream down');
  });

  it('exports a TranslationService that translates through the cache', async () => {
    const service = on.app.get(TranslationService);
    const original = { text: 'Das Paket ist nicht angekommen.', language: 'de' };
    // A case shows the text: only then is its translation kept.
    await insertCaseShowing(ds, { description: original.text });
    expect(await service.translate(original, 'en')).toEqual({ translation: { text: 'The parcel has not arrived.', language: 'en', machine: true, provider: 'libretranslate' } });
    expect(await service.translate(original, 'en')).toEqual({ translation: { text: 'The parcel has not arrived.', language: 'en', machine: true, provider: 'libretranslate' } });
    expect(lt.requestsTo('/translate')).toHaveLength(1);
    expect((await get(on.url, '/metrics')).body).toMatch(/postbridge_translation_requests_total\{outcome="ok"\} 1/);
  });

  it('is off without a URL: says so, lists no languages, translates nothing and calls no one', async () => {
    expect(await get(off.url, '/translation')).toEqual({ status: 200, body: { enabled: false, provider: null } });
    expect(off.app.get(Translator).enabled).toBe(false);
    await expect(off.app.get(Translator).translate(['x'], 'de', 'en')).rejects.toThrow(/not configured/);
    expect(await off.app.get(TranslationService).translateAll([{ text: 'Das Paket ist nicht angekommen.', language: 'de' }], 'en')).toEqual([{ translation: null }]);
    expect(lt.requests).toEqual([]);
  });
});
