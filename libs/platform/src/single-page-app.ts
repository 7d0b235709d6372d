import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Where a built single-page app is: `dir` if given, else the first `dist/<name>/index.html` found
 * walking up from `from` (dist/apps/operator-node/src in the image, the source tree under tests).
 */
export function findSinglePageApp(name: string, from: string, dir?: string): string | null {
  if (dir) return existsSync(join(dir, 'index.html')) ? dir : null;
  for (let d = from; ; d = dirname(d)) {
    const candidate = join(d, 'dist', name);
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(d) === d) return null;
  }
}

/**
 * Serves a Vite build at `/`: index.html (revalidated on every load, so a new release is picked up)
 * and its hashed /assets/* (immutable for a year). Its files are public, like any web page; what
 * they fetch is the API, which the guard protects. Routes are registered per file at start
 * (no wildcard): nothing else under / is shadowed.
 */
export async function serveSinglePageApp(app: NestFastifyApplication, root: string): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const index = readFileSync(join(root, 'index.html'));
  await fastify.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: '/assets/',
    wildcard: false,
    decorateReply: false,
    index: false,
    cacheControl: true,
    immutable: true,
    maxAge: 365 * 24 * 3600_000,
    // Source maps stay on the server's disk for debugging; browsers of agents do not need them.
    allowedPath: (path) => !path.endsWith('.map'),
  });
  fastify.get('/', (_req, reply) => {
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
  });
}
