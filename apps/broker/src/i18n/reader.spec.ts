import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, of } from 'rxjs';
import { ApiException } from '@postbridge/platform';
import { ReaderInterceptor } from '@postbridge/platform';
import { BROKER_TIME_ZONE, BrokerReaderSource, brokerReaderOf, requestedTimeZone } from './reader';
import { RendersForReader } from './reader.decorator';

describe('brokerReaderOf', () => {
  it('reads Accept-Language by weight, in UTC unless the request names a zone', () => {
    expect(brokerReaderOf({ acceptLanguage: 'it;q=0.9, ja-JP;q=0.8, de;q=0.1' })).toEqual({ language: 'ja', chain: ['ja', 'de', 'en'], locale: 'ja-JP', languageSource: 'accept-language', timeZone: 'UTC' });
    expect(BROKER_TIME_ZONE).toBe('UTC');
    expect(brokerReaderOf({ acceptLanguage: 'de-CH', tz: 'America/New_York' })).toMatchObject({ language: 'de', locale: 'de-CH', timeZone: 'America/New_York' });
  });

  it('falls back to English: the broker has no profiles and no language of its own', () => {
    expect(brokerReaderOf({})).toEqual({ language: 'en', chain: ['en'], locale: 'en', languageSource: 'fallback', timeZone: 'UTC' });
    expect(brokerReaderOf({ acceptLanguage: 'it, rm' })).toMatchObject({ language: 'en', languageSource: 'fallback' });
    expect(brokerReaderOf({ acceptLanguage: 'de;q=0, *' })).toMatchObject({ language: 'en' });
  });

  it('names the requested zone in canonical case and refuses anything but an IANA zone with INVALID_TIME_ZONE', () => {
    expect(requestedTimeZone('asia/tokyo')).toBe('Asia/Tokyo');
    expect(requestedTimeZone('UTC')).toBe('UTC');
    for (const bad of ['', 'Mars/Olympus', 'Europe/Atlantis', ['Europe/Zurich', 'Asia/Tokyo'], 42]) {
      let err: unknown;
      try {
        brokerReaderOf({ tz: bad });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ApiException);
      expect(err).toMatchObject({ status: 400, code: 'INVALID_TIME_ZONE', fieldErrors: [{ field: 'tz', code: 'INVALID_TIME_ZONE' }] });
    }
  });
});

describe('ReaderInterceptor', () => {
  class Routes {
    @RendersForReader() rendered() {}
    plain() {}
  }
  const interceptor = new ReaderInterceptor(new BrokerReaderSource(), new Reflector());
  const call = (handler: () => void, headers: Record<string, string>, query: Record<string, unknown> = {}) => {
    const req: Record<string, unknown> = { headers, query };
    const sent: Record<string, string> = {};
    const reply = { header: (k: string, v: string) => void (sent[k.toLowerCase()] = v) };
    const ctx = { getType: () => 'http', getHandler: () => handler, switchToHttp: () => ({ getRequest: () => req, getResponse: () => reply }) } as unknown as ExecutionContext;
    const run = () => lastValueFrom(interceptor.intercept(ctx, { handle: () => of('body') }));
    return { req, sent, run };
  };

  it('puts the reader on rendered requests and names the language and what it varies on', async () => {
    const { req, sent, run } = call(Routes.prototype.rendered, { 'accept-language': 'de-CH, en;q=0.5' }, { tz: 'Europe/Zurich' });
    await expect(run()).resolves.toBe('body');
    expect(req.reader).toMatchObject({ language: 'de', locale: 'de-CH', timeZone: 'Europe/Zurich' });
    expect(sent).toEqual({ 'content-language': 'de-CH', vary: 'Accept-Language' });
  });

  it('leaves other routes alone, and refuses a bad zone before the handler runs', async () => {
    const plain = call(Routes.prototype.plain, { 'accept-language': 'ja' }, { tz: 'nowhere' });
    await expect(plain.run()).resolves.toBe('body');
    expect(plain.req.reader).toBeUndefined();
    expect(plain.sent).toEqual({});
    const bad = call(Routes.prototype.rendered, {}, { tz: 'Europe/Atlantis' });
    expect(bad.run).toThrow(expect.objectContaining({ code: 'INVALID_TIME_ZONE' }));
    expect(bad.sent).toEqual({});
  });
});
