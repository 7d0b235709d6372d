/**
 * jest loads globalSetup with plain Node resolution (no moduleNameMapper), so
 * map `@postbridge/<lib>[/sub]` to libs/<lib>/src for template migrations that import libs.
 */
import { join } from 'node:path';
import Module from 'node:module';

const LIBS = join(__dirname, '..', '..', 'libs');
const key = Symbol.for('postbridge.harness.paths');
const g = globalThis as Record<symbol, unknown>;

if (!g[key]) {
  g[key] = true;
  const M = Module as unknown as { _resolveFilename: (req: string, ...rest: unknown[]) => string };
  const original = M._resolveFilename;
  M._resolveFilename = function (request: string, ...rest: unknown[]): string {
    const m = /^@postbridge\/([a-z-]+)(\/.*)?$/.exec(request);
    return original.call(this, m ? join(LIBS, m[1], 'src', m[2] ?? '') : request, ...rest);
  };
}
