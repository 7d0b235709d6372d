import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = resolve(__dirname, '../..');

/**
 * The agent console: a single-page app that each operator node serves at `/` (dist/console).
 * `npm run build` builds it; `vite` in this folder serves it with the API proxied to a node
 * (CONSOLE_NODE, default the CH node of `npm start`).
 */
export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [react()],
  resolve: { alias: [{ find: /^@postbridge\/domain\/(.*)$/, replacement: `${root}/libs/domain/src/$1` }] },
  build: {
    outDir: resolve(root, 'dist/console'),
    emptyOutDir: true,
    // Hashed names: the node serves /assets/* as immutable, index.html as no-cache.
    assetsDir: 'assets',
    // Maps for debugging, not referenced from the bundles and not served (single-page-app.ts).
    sourcemap: 'hidden',
    target: 'es2022',
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: Object.fromEntries(
      ['/auth', '/cases', '/queues', '/alerts', '/agents', '/catalogue', '/templates', '/items', '/operator', '/translation'].map((p) => [p, { target: process.env.CONSOLE_NODE ?? 'http://localhost:3001', changeOrigin: false }]),
    ),
  },
});
