import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A real local HTTP server speaking the LibreTranslate API (POST /translate, GET /languages), for
 * tests. Its "translation" is a fixed dictionary, so tests can assert exact outputs; a text the
 * dictionary lacks comes back as `[de>en] <text>`, visibly not a real translation.
 */

/** 'de>en' → { 'Das Paket ist nicht angekommen.': 'The parcel has not arrived.' } */
export type TranslationDictionary = Record<string, Record<string, string>>;

export interface LibreTranslateLanguage {
  code: string;
  name: string;
  targets: string[];
}

export interface LibreTranslateServerOptions {
  dictionary?: TranslationDictionary;
  /** Default: every language named in the dictionary, each with the targets it has entries for. */
  languages?: LibreTranslateLanguage[];
  /** When set, /translate answers 403 unless the body carries this api_key. */
  apiKey?: string;
}

export interface ReceivedTranslationRequest {
  method: string;
  path: string;
  /** Parsed JSON body of POSTs; undefined for GETs or a body that is not JSON. */
  body: any;
}

export function untranslatedMarker(text: string, source: string, target: string): string {
  return `[${source}>${target}] ${text}`;
}

const names = new Intl.DisplayNames(['en'], { type: 'language' });

function languagesOf(dictionary: TranslationDictionary): LibreTranslateLanguage[] {
  const targets = new Map<string, Set<string>>();
  for (const pair of Object.keys(dictionary)) {
    const [from, to] = pair.split('>');
    if (!from || !to) throw new Error(`dictionary pair '${pair}' must look like 'de>en'`);
    (targets.get(from) ?? targets.set(from, new Set()).get(from)!).add(to);
    if (!targets.has(to)) targets.set(to, new Set());
  }
  return [...targets].map(([code, t]) => ({ code, name: names.of(code) ?? code, targets: [...t].sort() }));
}

export class LibreTranslateServer {
  /** Every request, in order of arrival, including refused and delayed ones. */
  readonly requests: ReceivedTranslationRequest[] = [];
  /** Every answer waits this long first (to test client timeouts). */
  delayMs = 0;
  private failure: { status: number; error: string } | null = null;
  private dictionary: TranslationDictionary;
  private readonly fixedLanguages?: LibreTranslateLanguage[];
  private readonly apiKey?: string;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(private readonly server: Server, readonly url: string, options: LibreTranslateServerOptions) {
    this.dictionary = structuredClone(options.dictionary ?? {});
    this.fixedLanguages = options.languages;
    this.apiKey = options.apiKey;
  }

  static start(options: LibreTranslateServerOptions = {}): Promise<LibreTranslateServer> {
    const server = createServer();
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        const lt = new LibreTranslateServer(server, `http://127.0.0.1:${port}`, options);
        server.on('request', (req, res) => void lt.handle(req, res).catch(() => res.destroy()));
        resolve(lt);
      });
    });
  }

  /** Requests to one path, e.g. '/translate'. */
  requestsTo(path: string): ReceivedTranslationRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Every endpoint answers `status` with `{ error }` until reset(). */
  failWith(status = 500, error = 'Internal Server Error'): void {
    this.failure = { status, error };
  }

  /** Adds entries to one pair ('de>en'). */
  addTranslations(pair: string, entries: Record<string, string>): void {
    this.dictionary[pair] = { ...this.dictionary[pair], ...entries };
  }

  /** Forgets requests, delay and failure; the dictionary stays. */
  reset(): void {
    this.requests.length = 0;
    this.delayMs = 0;
    this.failure = null;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private languages(): LibreTranslateLanguage[] {
    return this.fixedLanguages ?? languagesOf(this.dictionary);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const raw = await readBody(req);
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    this.requests.push({ method: req.method ?? 'GET', path, body });
    if (this.delayMs > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.timers.delete(t);
          resolve();
        }, this.delayMs);
        this.timers.add(t);
      });
      // The client gave up meanwhile.
      if (res.destroyed) return;
    }
    const [status, answer] = this.answer(req.method ?? 'GET', path, raw, body);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  }

  private answer(method: string, path: string, raw: string, body: any): [number, unknown] {
    if (this.failure) return [this.failure.status, { error: this.failure.error }];
    if (method === 'GET' && path === '/languages') return [200, this.languages()];
    if (method !== 'POST' || path !== '/translate') return [404, { error: 'Not Found' }];
    if (raw && body === undefined) return [400, { error: 'Invalid request: body is not JSON' }];
    if (this.apiKey !== undefined && body?.api_key !== this.apiKey) return [403, { error: 'Invalid API key' }];
    const { q, source, target } = body ?? {};
    if (q === undefined || q === null) return [400, { error: 'Invalid request: missing q parameter' }];
    if (typeof source !== 'string' || !source) return [400, { error: 'Invalid request: missing source parameter' }];
    if (typeof target !== 'string' || !target) return [400, { error: 'Invalid request: missing target parameter' }];
    const batch = Array.isArray(q);
    const texts: unknown[] = batch ? q : [q];
    if (!texts.every((t) => typeof t === 'string')) return [400, { error: 'Invalid request: q must be a string or a list of strings' }];
    // The same checks and messages as LibreTranslate.
    const languages = this.languages();
    const from = languages.find((l) => l.code === source);
    if (!from) return [400, { error: `${source} is not supported` }];
    const to = languages.find((l) => l.code === target);
    if (!to) return [400, { error: `${target} is not supported` }];
    if (!from.targets.includes(to.code)) return [400, { error: `${to.name} (${to.code}) is not available as a target language from ${from.name} (${from.code})` }];
    const words = this.dictionary[`${source}>${target}`] ?? {};
    const out = (texts as string[]).map((t) => words[t] ?? untranslatedMarker(t, source, target));
    return [200, { translatedText: batch ? out : out[0] }];
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (s += d));
    req.on('end', () => resolve(s));
    req.on('error', reject);
  });
}
