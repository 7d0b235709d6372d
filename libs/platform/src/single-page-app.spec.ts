import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { findSinglePageApp, serveSinglePageApp } from './single-page-app';

@Controller('cases')
class CasesController {
  @Get(':id')
  get(): { api: true } {
    return { api: true };
  }
}

@Module({ controllers: [CasesController] })
class AppModule {}

describe('serveSinglePageApp', () => {
  let dir: string;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pb-spa-'));
    mkdirSync(join(dir, 'dist', 'console', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'console', 'index.html'), '<!doctype html><title>console</title><script type="module" src="/assets/index-abc.js"></script>');
    writeFileSync(join(dir, 'dist', 'console', 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'dist', 'console', 'assets', 'index-abc.js.map'), '{"sources":["secret.tsx"]}');
    app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false });
    await serveSinglePageApp(app, findSinglePageApp('console', join(dir, 'dist', 'apps', 'operator-node', 'src'))!);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url });

  it('serves index.html at / for every load to revalidate', async () => {
    const r = await get('/');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.body).toContain('/assets/index-abc.js');
  });

  it('serves the hashed assets as immutable, and not their source maps', async () => {
    const js = await get('/assets/index-abc.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/index-abc.js.map')).statusCode).toBe(404);
    expect((await get('/assets/../index.html')).statusCode).toBe(404);
  });

  it('leaves the API its paths', async () => {
    expect((await get('/cases/1')).json()).toEqual({ api: true });
    expect((await get('/index.html')).statusCode).toBe(404);
  });

  it('finds no app where none was built', () => {
    expect(findSinglePageApp('console', join(tmpdir(), 'no-such-dir', 'x'))).toBeNull();
    expect(findSinglePageApp('console', dir, join(dir, 'missing'))).toBeNull();
  });
});
