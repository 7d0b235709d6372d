import fc, { Arbitrary } from 'fast-check';
import type { WireRequest } from './raw-http';

// A schema-driven request fuzzer: reads an app's OpenAPI document and builds fast-check
// arbitraries of requests for each operation, first values the schema allows (enums, formats,
// length and range limits, with name hints for what the schema cannot say, such as S10 item
// ids), then the same requests broken on purpose. Generated values stay small and symbolic
// (`{ $str: 'astral', n: 4001 }` rather than 4,001 emoji), so a counterexample reads well; they
// are made concrete, and encoded byte for byte, only when a request is sent.

// ---------------------------------------------------------------------------------------------
// The OpenAPI document

export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  $ref?: string;
  allOf?: Schema[];
  example?: unknown;
  description?: string;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, { operationId?: string; parameters?: RawParam[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

interface RawParam {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
  /** False for a `{name}` of the path template the document does not declare. */
  declared: boolean;
}

export interface Operation {
  app: 'node' | 'broker';
  method: string;
  path: string;
  id: string;
  params: Param[];
  body: Schema | null;
  /** A Server-Sent Events stream: its answer is read only up to the status and headers. */
  stream: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function resolveSchema(doc: OpenApiDoc, s: Schema | undefined, depth = 0): Schema {
  if (!s || depth > 16) return {};
  let out: Schema = { ...s };
  if (s.$ref) {
    const name = s.$ref.replace(/^#\/components\/schemas\//, '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`OpenAPI: unresolved ${s.$ref}`);
    const { $ref: _ref, ...rest } = s;
    out = { ...resolveSchema(doc, target, depth + 1), ...rest };
  }
  if (out.allOf) {
    const { allOf, ...rest } = out;
    out = Object.assign({}, ...allOf.map((p) => resolveSchema(doc, p, depth + 1)), rest);
  }
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, resolveSchema(doc, v, depth + 1)]));
  if (out.items) out.items = resolveSchema(doc, out.items, depth + 1);
  return out;
}

/** Every operation of the document (but those `skip` names), with its parameters and JSON body schema resolved. */
export function operationsOf(doc: OpenApiDoc, app: 'node' | 'broker', skip: (path: string) => boolean): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (skip(path)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const params: Param[] = (op.parameters ?? [])
        .filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header')
        .map((p) => ({ name: p.name, in: p.in as Param['in'], required: !!p.required, schema: resolveSchema(doc, p.schema), declared: true }));
      for (const m of path.matchAll(/\{([^}]+)\}/g)) {
        if (!params.some((p) => p.in === 'path' && p.name === m[1])) params.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' }, declared: false });
      }
      const json = op.requestBody?.content?.['application/json']?.schema;
      ops.push({
        app,
        method: method.toUpperCase(),
        path,
        id: op.operationId ?? `${method} ${path}`,
        params,
        body: json ? resolveSchema(doc, json) : null,
        stream: path.endsWith('/stream'),
      });
    }
  }
  return ops;
}

/** Enum values of each property name anywhere in the document: hints for parameters the document types only as strings (e.g. a path's {system}). */
export function enumsByName(doc: OpenApiDoc): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const visit = (s: Schema | undefined, depth: number) => {
    if (!s || depth > 8) return;
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      if (v.enum) for (const e of v.enum) if (typeof e === 'string') (out.get(k) ?? out.set(k, new Set()).get(k)!).add(e);
      visit(v, depth + 1);
    }
    visit(s.items, depth + 1);
  };
  for (const s of Object.values(doc.components?.schemas ?? {})) visit(s, 0);
  return new Map([...out].map(([k, v]) => [k, [...v]]));
}

// ---------------------------------------------------------------------------------------------
// Symbolic values

/** Strings made concrete at send time, named by what is odd about them. */
export type StrKind =
  | 'ascii' // n × 'x'
  | 'astral' // n × U+1F600 (n code points, 2n UTF-16 units)
  | 'mixed' // n-1 × 'a' then one emoji: n code points, n+1 units
  | 'combining' // n × 'e' + U+0301: 2n code points, n graphemes
  | 'zwj' // n × a family emoji of 7 code points joined by ZWJ
  | 'lonePad' // n-1 × 'a' then a lone high surrogate
  | 'nul' // a NUL inside text
  | 'ctl' // the C0/C1/separator character with code n inside text
  | 'high' // a lone high surrogate
  | 'low' // a lone low surrogate
  | 'swap' // low then high surrogate
  | 'bidi' // right-to-left override
  | 'bom' // a leading byte order mark
  | 'nonchar' // U+FFFF, U+FFFE, U+10FFFF
  | 'spaces' // n spaces
  | 'icu'; // ICU MessageFormat syntax that does not parse

export type Sym =
  | { $str: StrKind; n?: number }
  | { $raw: string } // a JSON token as written: -0, 1e999, 99999999999999999999
  | { $deep: number; arr?: boolean } // JSON nested this many levels
  | { $rep: Val; n: number } // an array of n copies of a value
  | { $case: 'out' | 'in' | 'any'; i: number } // the id of a real case at the node
  | { $version: true }; // the current version of the case in the path

export type Val = null | boolean | number | string | Sym | Val[] | { [k: string]: Val };

export function isSym(v: unknown): v is Sym {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const k = Object.keys(v);
  return k.length > 0 && k.every((x) => x.startsWith('$') || x === 'n' || x === 'i' || x === 'arr') && k.some((x) => x.startsWith('$'));
}

const FAMILY_EMOJI = '\u{1F469}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';

export function strOf(kind: StrKind, n = 1): string {
  switch (kind) {
    case 'ascii':
      return 'x'.repeat(n);
    case 'astral':
      return '\u{1F600}'.repeat(n);
    case 'mixed':
      return 'a'.repeat(Math.max(0, n - 1)) + '\u{1F600}';
    case 'combining':
      return 'e\u0301'.repeat(n);
    case 'zwj':
      return FAMILY_EMOJI.repeat(n);
    case 'lonePad':
      return 'a'.repeat(Math.max(0, n - 1)) + '\ud800';
    case 'nul':
      return 'Jane\u0000Doe';
    case 'ctl':
      return `a${String.fromCharCode(n)}b`;
    case 'high':
      return 'J\ud800';
    case 'low':
      return '\udc00J';
    case 'swap':
      return '\udc00\ud800';
    case 'bidi':
      return '\u202eeoD enaJ';
    case 'bom':
      return '\ufeffJane';
    case 'nonchar':
      return '\uffff\ufffe\u{10FFFF}';
    case 'spaces':
      return ' '.repeat(n);
    case 'icu':
      return 'Sendung {itemId, plural, one {# x} other {';
  }
}

export interface FuzzEnv {
  /** A real case id of the node: OUTGOING (`out`), INCOMING (`in`) or either; `i` picks among them. */
  caseId(kind: 'out' | 'in' | 'any', i: number): string;
  /** The case's version now (1 when the node does not know it). */
  versionOf(caseId: string): Promise<number>;
}

/** Percent-encodes like encodeURIComponent, but a lone surrogate becomes its (invalid) 3-byte UTF-8 form instead of throwing. */
export function encodeComponent(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(s[i]);
    }
  }
  return out;
}

async function concrete(v: Val, env: FuzzEnv, pathCase: string | null): Promise<string | number | boolean | null> {
  if (v === null || typeof v !== 'object') return v;
  if (isSym(v)) {
    if ('$str' in v) return strOf(v.$str, v.n);
    if ('$case' in v) return env.caseId(v.$case, v.i);
    if ('$version' in v) return pathCase ? env.versionOf(pathCase) : 1;
    if ('$raw' in v) return v.$raw;
  }
  return JSON.stringify(v);
}

/** JSON text of a value with its symbols made concrete (raw tokens and nesting written as they are). */
export async function jsonText(v: Val | undefined, env: FuzzEnv, pathCase: string | null): Promise<string> {
  if (v === undefined) return '';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (isSym(v)) {
    if ('$raw' in v) return v.$raw;
    if ('$deep' in v) return v.arr ? '['.repeat(v.$deep) + ']'.repeat(v.$deep) : '{"a":'.repeat(v.$deep) + '1' + '}'.repeat(v.$deep);
    if ('$rep' in v) {
      const one = await jsonText(v.$rep, env, pathCase);
      return `[${Array.from({ length: v.n }, () => one).join(',')}]`;
    }
    return JSON.stringify(await concrete(v, env, pathCase));
  }
  if (Array.isArray(v)) return `[${(await Promise.all(v.map((x) => jsonText(x, env, pathCase)))).join(',')}]`;
  const parts: string[] = [];
  for (const k of Object.keys(v)) parts.push(`${JSON.stringify(k)}:${await jsonText(v[k], env, pathCase)}`);
  return `{${parts.join(',')}}`;
}

// ---------------------------------------------------------------------------------------------
// Requests

export type Mutation =
  | { path: (string | number)[]; op: 'delete' }
  | { path: (string | number)[]; op: 'set'; value: Val }
  | { path: (string | number)[]; op: 'addKey'; key: string; value: Val };

/** Whole-body oddities: what the JSON parser, the media type check and the body limit see. */
export type RawBody =
  | { raw: 'text'; text: string } // exactly this text, as application/json
  | { raw: 'as'; contentType: string | null } // the valid body, under another (or no) content type
  | { raw: 'form' } // the valid body form-encoded, as a form
  | { raw: 'dupKeys' } // the valid body with its first key repeated
  | { raw: 'badUtf8' } // invalid UTF-8 bytes inside a string
  | { raw: 'cesu' } // a surrogate encoded as 3 UTF-8 bytes inside a string
  | { raw: 'utf16' } // the valid body in UTF-16LE, declared so
  | { raw: 'huge' } // larger than the body limit
  | { raw: 'none' }; // no body and no content type

export type BodySpec = { kind: 'none' } | { kind: 'json'; value: Val; mutation?: Mutation } | { kind: 'raw'; base: Val; raw: RawBody };

export type HeaderValue = string | string[] | { $pad: number };

/** Requests node:http will not write: sent as raw bytes. */
export type SocketOddity = 'nulInHeader' | 'spaceInHeaderName' | 'obsFold' | 'twoContentLengths' | 'badChunk' | 'http10NoHost' | 'bareLf' | 'absoluteUri' | 'lowercaseMethod';

export interface RequestSpec {
  /** Another method than the operation's (routes and methods the document does not list). */
  method?: string;
  /** Path parameter values: plain strings are percent-encoded, `{ $enc }` is used as written. */
  path: Record<string, Val | { $enc: string }>;
  query: Array<[string, Val | { $enc: string }]>;
  headers: Array<[string, HeaderValue]>;
  body: BodySpec;
  socket?: SocketOddity;
  /** What the request breaks, e.g. `query:page` (for telling distinct failures apart; not sent). */
  note?: string;
}

export interface ConcreteRequest {
  wire: WireRequest;
  /** The raw bytes to write, for a socket oddity. */
  bytes?: Buffer;
  /** For failure messages: method, path and a body excerpt. */
  summary: string;
  /** The real case the path names, if any. */
  caseId: string | null;
}

function cloneVal<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function applyMutation(value: Val, m: Mutation | undefined): { value: Val | undefined; applied: boolean } {
  if (!m) return { value, applied: false };
  if (m.path.length === 0) {
    if (m.op === 'delete') return { value: undefined, applied: true };
    if (m.op === 'set') return { value: m.value, applied: true };
  }
  const root = cloneVal(value);
  let parent: any = root;
  const target = m.op === 'addKey' ? m.path : m.path.slice(0, -1);
  for (const k of target) {
    if (parent === null || typeof parent !== 'object' || isSym(parent) || !(k in parent)) return { value: root, applied: false };
    parent = parent[k];
  }
  if (parent === null || typeof parent !== 'object' || isSym(parent)) return { value: root, applied: false };
  if (m.op === 'addKey') {
    if (Array.isArray(parent)) return { value: root, applied: false };
    Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
    return { value: root, applied: true };
  }
  const last = m.path[m.path.length - 1];
  if (m.op === 'delete') {
    if (!(last in parent)) return { value: root, applied: false };
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    parent[last] = m.value;
  }
  return { value: root, applied: true };
}

function excerpt(s: string, max = 300): string {
  const t = s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s;
  return JSON.stringify(t);
}

export async function concretize(op: Operation, spec: RequestSpec, env: FuzzEnv): Promise<ConcreteRequest> {
  let caseId: string | null = null;
  let path = op.path;
  for (const [name, v] of Object.entries(spec.path)) {
    let enc: string;
    if (v !== null && typeof v === 'object' && '$enc' in v) enc = (v as { $enc: string }).$enc;
    else {
      const c = await concrete(v as Val, env, null);
      if (v !== null && typeof v === 'object' && '$case' in (v as object)) caseId = String(c);
      enc = encodeComponent(String(c));
    }
    path = path.replace(`{${name}}`, enc);
  }
  const q: string[] = [];
  for (const [name, v] of spec.query) {
    if (v !== null && typeof v === 'object' && '$enc' in v) q.push(`${encodeComponent(name)}=${(v as { $enc: string }).$enc}`);
    else q.push(`${encodeComponent(name)}=${encodeComponent(String(await concrete(v as Val, env, caseId)))}`);
  }
  const fullPath = q.length ? `${path}?${q.join('&')}` : path;
  const headers: Record<string, string | string[]> = {};
  for (const [name, v] of spec.headers) {
    headers[name.toLowerCase()] = typeof v === 'object' && !Array.isArray(v) ? 'a'.repeat(v.$pad) : v;
  }
  const method = spec.method ?? op.method;
  let body: Buffer | undefined;
  let bodyNote = '';
  if (spec.body.kind === 'json') {
    const { value } = applyMutation(spec.body.value, spec.body.mutation);
    const text = await jsonText(value, env, caseId);
    body = Buffer.from(text, 'utf8');
    headers['content-type'] ??= 'application/json';
    bodyNote = text;
  } else if (spec.body.kind === 'raw') {
    const valid = await jsonText(spec.body.base, env, caseId);
    const r = spec.body.raw;
    switch (r.raw) {
      case 'text':
        body = Buffer.from(r.text, 'utf8');
        headers['content-type'] = 'application/json';
        break;
      case 'as':
        body = Buffer.from(valid, 'utf8');
        if (r.contentType !== null) headers['content-type'] = r.contentType;
        break;
      case 'form': {
        const obj = (spec.body.base && typeof spec.body.base === 'object' && !Array.isArray(spec.body.base) ? spec.body.base : {}) as Record<string, Val>;
        body = Buffer.from(Object.entries(obj).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`).join('&'));
        headers['content-type'] = 'application/x-www-form-urlencoded';
        break;
      }
      case 'dupKeys': {
        const m = /^\{("(?:[^"\\]|\\.)*"):/.exec(valid);
        body = Buffer.from(m ? `{${m[1]}:12345,${valid.slice(1)}` : `{"a":1,"a":2}`, 'utf8');
        headers['content-type'] = 'application/json';
        break;
      }
      case 'badUtf8':
      case 'cesu': {
        const bytes = r.raw === 'badUtf8' ? Buffer.from([0xff, 0xfe, 0xc3]) : Buffer.from([0xed, 0xa0, 0x80]);
        const i = valid.indexOf('":"');
        body = i < 0 ? Buffer.concat([Buffer.from('{"a":"'), bytes, Buffer.from('"}')]) : Buffer.concat([Buffer.from(valid.slice(0, i + 3)), bytes, Buffer.from(valid.slice(i + 3))]);
        headers['content-type'] = 'application/json';
        break;
      }
      case 'utf16':
        body = Buffer.from(valid, 'utf16le');
        headers['content-type'] = 'application/json; charset=utf-16le';
        break;
      case 'huge':
        body = Buffer.from(`{"pad":"${'x'.repeat(60_000)}","more":[${Array.from({ length: 40 }, () => `"${'y'.repeat(60_000)}"`).join(',')}]}`);
        headers['content-type'] = 'application/json';
        break;
      case 'none':
        break;
    }
    bodyNote = `${r.raw}${'contentType' in r ? ` (${r.contentType})` : ''}: ${body ? body.toString('latin1') : '(no body)'}`;
  }
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) headers['content-length'] = String(body.length);
  const headerNote = Object.entries(headers)
    .filter(([k]) => k !== 'content-length')
    .map(([k, v]) => `${k}: ${excerpt(Array.isArray(v) ? v.join(' | ') : v, 80)}`)
    .join(', ');
  const summary = `${method} ${excerpt(fullPath, 400)} [${headerNote}]${bodyNote ? ` body ${excerpt(bodyNote, 600)}` : ''}`;
  const wire: WireRequest = { method, path: fullPath, headers, body };
  if (!spec.socket) return { wire, summary, caseId };
  return { wire, bytes: socketBytes(spec.socket, method, fullPath, body), summary: `${summary} sent raw with ${spec.socket}`, caseId };
}

function socketBytes(kind: SocketOddity, method: string, path: string, body: Buffer | undefined): Buffer {
  const b = body ?? Buffer.alloc(0);
  const tail = `Content-Type: application/json\r\nConnection: close\r\n`;
  const req = (head: string, payload: Buffer = b) => Buffer.concat([Buffer.from(head, 'latin1'), payload]);
  switch (kind) {
    case 'nulInHeader':
      return req(`${method} ${path} HTTP/1.1\r\nHost: x\r\nX-Agent-Name: An\u0000na\r\n${tail}Content-Length: ${b.length}\r\n\r\n`);
    case 'spaceInHeaderName':
      return req(`${method} ${path} HTTP/1.1\r\nHost: x\r\nX Agent: anna\r\n${tail}Content-Length: ${b.length}\r\n\r\n`);
    case 'obsFold':
      return req(`${method} ${path} HTTP/1.1\r\nHost: x\r\nX-Agent-Name: Anna\r\n  Meier\r\n${tail}Content-Length: ${b.length}\r\n\r\n`);
    case 'twoContentLengths':
      return req(`${method} ${path} HTTP/1.1\r\nHost: x\r\n${tail}Content-Length: ${b.length}\r\nContent-Length: ${b.length + 1}\r\n\r\n`);
    case 'badChunk':
      return req(`${method} ${path} HTTP/1.1\r\nHost: x\r\n${tail}Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`, Buffer.alloc(0));
    case 'http10NoHost':
      return req(`${method} ${path} HTTP/1.0\r\n${tail}Content-Length: ${b.length}\r\n\r\n`);
    case 'bareLf':
      return req(`${method} ${path} HTTP/1.1\nHost: x\n${tail.replace(/\r\n/g, '\n')}Content-Length: ${b.length}\n\n`);
    case 'absoluteUri':
      return req(`${method} http://example.org${path} HTTP/1.1\r\nHost: x\r\n${tail}Content-Length: ${b.length}\r\n\r\n`);
    case 'lowercaseMethod':
      return req(`${method.toLowerCase()} ${path} HTTP/1.1\r\nHost: x\r\n${tail}Content-Length: ${b.length}\r\n\r\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const S10 = ['RB123456785GB', 'EE123456785CH', 'CP123456785US', 'ee 123 456 785 ch', 'LX123456785DE', 'RB123456786GB', 'UA123456785US'];
const LANGS = ['de', 'en', 'fr', 'es', 'ja', 'ar', 'de-CH', 'en-US', 'fr-CH', 'sv', 'zh-Hant-TW', 'und', 'EN', 'x-klingon', 'i-default', 'de-'];
const ZONES = ['Europe/Zurich', 'America/New_York', 'UTC', 'Asia/Tokyo', 'Etc/GMT+12', 'Mars/Olympus', 'europe/zurich', '+01:00'];
const CTL_CODES = [1, 7, 8, 0x0b, 0x0c, 0x0e, 0x1b, 0x1f, 0x7f, 0x85, 0x9f, 0x2028, 0x2029];

/** Header values node:http sends as they are: tab, printable ASCII and Latin-1 (arrives as those bytes). */
const headerChar = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff }), fc.constant(0x09)).map((c) => String.fromCharCode(c));
export const headerText = (maxLength = 40) => fc.string({ unit: headerChar, maxLength });

const isoWithOffset = fc
  .tuple(fc.date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2031-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom(0, 60, 120, -300, -240, 330, 540, 840, -720))
  .map(([d, off]) => {
    const local = new Date(d.getTime() + off * 60_000).toISOString().replace(/\.\d{3}Z$/, '');
    if (off === 0) return `${local}Z`;
    const a = Math.abs(off);
    return `${local}${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
  });

/** Dates the node takes for things that happened: a while ago, never in the future. */
const isoPast = isoWithOffset.filter((d) => Date.parse(d) < Date.now() - 86_400_000);

export interface ArbOptions {
  /** Every optional property present; otherwise each is omitted now and then. */
  allFields?: boolean;
  /**
   * Only values the node accepts (as far as the document and the names tell): the base a single
   * breakage is applied to, so that the breakage, not some other flaw, is what the node judges.
   */
  strict?: boolean;
}

/** Valid values by property or parameter name, for `strict` requests (and most of the loose ones). */
const STRICT: Record<string, Val[]> = {
  itemid: ['RB123456785GB', 'EE123456785CH', 'CP123456785US', 'ee 123 456 785 ch'],
  destinationoperator: ['US'],
  operator: ['CH', 'US'],
  responder: ['CH', 'US'],
  network: ['EMS', 'PARCELS'],
  language: ['de', 'en', 'fr', 'es', 'ja', 'ar', 'de-CH', 'en-US'],
  preferredlanguage: ['de', 'en', 'fr', 'ja'],
  lang: ['de', 'en', 'fr', 'ja', 'ar'],
  timezone: ['Europe/Zurich', 'America/New_York', 'UTC', 'Asia/Tokyo'],
  tz: ['Europe/Zurich', 'America/New_York', 'UTC', 'Asia/Tokyo'],
  email: ['jane@example.org', 'j.doe+crm@post.ch'],
  phone: ['+41 58 338 11 11', '+1 (212) 555-0100'],
  name: ['Jane Doe', 'José Müller', '山田太郎', 'O\'Brien'],
  text: ['Das Paket ist nicht angekommen.', 'The parcel never arrived.', '荷物が届きません。', 'Line one\nline two\twith a tab'],
  title: ['Zugestellt', 'Delivered with signature'],
  signedby: ['K. Tanaka', 'J. Doe'],
  location: ['Zürich-Mülligen', 'JFK ISC', null],
  nondeliveryreason: [null],
  nondeliveryaction: [null],
  templateid: ['FUZZ_TEMPLATE', 'DELIVERED_WITH_SIGNATURE'],
  agentid: ['bob.smith', 'anna.meier', null],
  since: ['0', '3'],
  body: ['Die Sendung {itemId} ist unterwegs.', 'Dear {customerName}, thank you.', 'Plain text.'],
  system: [],
};

/** Enum values that need more than the document says (a proof of delivery needs a delivered item): avoided in strict requests. */
const STRICT_ENUM: Record<string, Val[]> = {
  inquirytype: ['FULL_INVESTIGATION', 'GENERIC'],
};

/** Optional in the document, needed in practice: present in strict requests (an opening without tracking data needs its destination). */
const STRICT_PRESENT = ['destinationOperator'];

export class RequestArbitraries {
  /** `credential`: an access token that holds every role of the app, so every route is reachable. */
  constructor(private readonly enums: Map<string, string[]>, private readonly credential: string) {}

  /** Plausible values for properties and parameters the schema cannot describe well enough, by name. */
  private hint(name: string, s: Schema, strict: boolean): Arbitrary<Val> | null {
    const n = name.toLowerCase();
    if (n === 'expectedversion') return strict ? fc.constant<Val>({ $version: true }) : fc.oneof({ weight: 3, arbitrary: fc.constant<Val>({ $version: true }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 6 }) });
    if (n === 'caseid') return this.caseRef(strict);
    if (n === 'office' && s.minLength === 6) return strict ? fc.constantFrom('CHZRHA', 'USJFKA') : fc.oneof(fc.constantFrom('CHZRHA', 'USJFKA', 'DEFRAA'), fc.stringMatching(/^[A-Z]{6}$/));
    if (n === 'office') return fc.constantFrom('Tokyo Central Post Office', 'Zürich-Mülligen');
    const e = this.enums.get(name);
    if (e && !s.enum && s.type === 'string' && !STRICT[n]?.length) return strict ? fc.constantFrom(...e) : fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...e) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
    if (n === 'body' && s.type !== 'string') return null;
    const valid = STRICT[n]?.filter((v) => typeof v !== 'string' || ((s.maxLength === undefined || [...v].length <= s.maxLength) && [...v].length >= (s.minLength ?? 0)));
    if (!valid?.length) return null;
    if (strict) return fc.constantFrom(...valid.filter((v) => v !== null || s.nullable));
    const odd: Record<string, Val[]> = {
      itemid: ['LX123456785DE', 'RB123456786GB', 'UA123456785US'],
      destinationoperator: ['CH', 'DE', 'ZZ'],
      operator: ['DE', 'ZZ'],
      responder: ['DE', 'ZZ'],
      network: ['ZZ', 'ems'],
      language: ['sv', 'zh-Hant-TW', 'und', 'EN', 'x-klingon', 'i-default', 'de-'],
      preferredlanguage: ['sv', 'und', 'x-klingon'],
      lang: ['sv', 'x-klingon', 'de-'],
      timezone: ['Etc/GMT+12', 'Mars/Olympus', 'europe/zurich', '+01:00'],
      tz: ['Etc/GMT+12', 'Mars/Olympus', 'europe/zurich', '+01:00'],
      templateid: ['ZZ'],
      body: ['{count, plural, one {# item} other {# items}}', '{unclosed'],
    };
    const extra = odd[n] ?? [];
    const loose: Arbitrary<Val>[] = [fc.constantFrom(...valid)];
    if (extra.length) loose.push(fc.constantFrom(...extra));
    if (n === 'email') loose.push(fc.emailAddress());
    if (n === 'since') loose.push(fc.nat({ max: 50 }).map(String));
    return fc.oneof(...loose);
  }

  caseRef(strict = false): Arbitrary<Val> {
    const real = fc.record({ $case: fc.constantFrom<'out' | 'in' | 'any'>('out', 'in', 'any'), i: fc.nat({ max: 1000 }) }) as Arbitrary<Val>;
    return strict ? real : fc.oneof({ weight: 4, arbitrary: real }, { weight: 1, arbitrary: fc.uuid({ version: 4 }) });
  }

  /** Text the schema allows, including the exact limits (in code points: emoji count as one). */
  private text(s: Schema, strict: boolean): Arbitrary<Val> {
    const min = s.minLength ?? 0;
    const max = s.maxLength ?? 200;
    const short = Math.min(max, 40);
    const limits: Val[] = [{ $str: 'ascii', n: max }, { $str: 'astral', n: max }, { $str: 'mixed', n: max }];
    if (max >= 2) limits.push({ $str: 'combining', n: Math.floor(max / 2) });
    if (max >= 7) limits.push({ $str: 'zwj', n: Math.floor(max / 7) });
    if (strict) {
      // Words: what any text field takes (nonblank, no control characters).
      const word = fc.stringMatching(/^[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 .,'-]{0,30}[A-Za-zÀ-ÿ0-9.]$/).filter((w) => [...w].length <= max && [...w].length >= min);
      return fc.oneof({ weight: 8, arbitrary: word }, { weight: 1, arbitrary: fc.constantFrom(...limits) });
    }
    return fc.oneof(
      { weight: 6, arbitrary: fc.string({ minLength: Math.max(min, 1), maxLength: Math.max(short, 1) }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: Math.max(min, 1), maxLength: Math.max(Math.min(short, 12), 1) }) },
      { weight: 1, arbitrary: fc.constantFrom(...limits) },
    );
  }

  value(s: Schema, name = '', opts: ArbOptions = {}, depth = 0): Arbitrary<Val> {
    const strict = !!opts.strict;
    const base = this.schemaValue(s, name, opts, depth);
    const h = s.enum && !(strict && STRICT_ENUM[name.toLowerCase()]) ? null : s.enum ? fc.constantFrom(...STRICT_ENUM[name.toLowerCase()]) : this.hint(name, s, strict);
    const v = h ? (strict ? h : fc.oneof({ weight: 4, arbitrary: h }, { weight: 1, arbitrary: base })) : base;
    return s.nullable && !opts.allFields && !strict ? fc.oneof({ weight: 8, arbitrary: v }, { weight: 1, arbitrary: fc.constant(null) }) : v;
  }

  private schemaValue(s: Schema, name: string, opts: ArbOptions, depth: number): Arbitrary<Val> {
    if (s.enum && s.enum.length) return fc.constantFrom(...(s.enum as Val[]));
    const type = s.type ?? (s.properties ? 'object' : s.items ? 'array' : 'string');
    switch (type) {
      case 'string':
        if (s.format === 'uuid') return this.caseRef(opts.strict);
        if (s.format === 'date-time') return opts.strict ? isoPast : isoWithOffset;
        if (s.format === 'email') return opts.strict ? fc.constantFrom('jane@example.org') : fc.emailAddress();
        if (s.pattern) {
          try {
            return fc.stringMatching(new RegExp(s.pattern));
          } catch {
            return this.text(s, !!opts.strict);
          }
        }
        return this.text(s, !!opts.strict);
      case 'integer':
        return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1_000_000 });
      case 'number':
        return fc.oneof(fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1_000_000 }), fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1_000_000, noNaN: true, noDefaultInfinity: true }));
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const items = s.items ?? { type: 'string' };
        const minLength = Math.max(s.minItems ?? 0, opts.allFields || opts.strict ? 1 : 0);
        const maxLength = Math.max(minLength, Math.min(s.maxItems ?? 4, 4));
        if (depth > 5) return fc.constant([]);
        if (items.enum) return fc.uniqueArray(fc.constantFrom(...(items.enum as Val[])), { minLength, maxLength });
        return fc.array(this.value(items, name, opts, depth + 1), { minLength, maxLength });
      }
      case 'object': {
        if (depth > 5 || !s.properties) return fc.constant({});
        const props = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, this.value(v, k, opts, depth + 1)]));
        // Strict: also what the document calls optional but the node needs without tracking data.
        const required = [...(s.required ?? []), ...(opts.strict ? STRICT_PRESENT : [])].filter((k) => k in props);
        return (opts.allFields ? fc.record(props, { noNullPrototype: true }) : fc.record(props, { requiredKeys: required, noNullPrototype: true })) as Arbitrary<Val>;
      }
      default:
        return fc.constant('x');
    }
  }

  // --- breaking values -----------------------------------------------------------------------

  /** A value of another type than the schema says (arrays for objects, objects for strings, ...). */
  wrongType(s: Schema, name: string): Arbitrary<Val> {
    const type = s.type ?? (s.properties ? 'object' : s.items ? 'array' : 'string');
    const good = this.value(s, name, { allFields: true });
    switch (type) {
      case 'object':
        return fc.oneof(fc.constantFrom<Val>([], [{}], 'lost', 0, true, {}), good.map((v) => [v]), good.map((v) => JSON.stringify(v)));
      case 'array': {
        const items = s.items ?? { type: 'string' };
        const item = this.value(items, name, { allFields: true });
        const arbs: Arbitrary<Val>[] = [fc.constantFrom<Val>({}, 'NOT_ARRIVED', 0, true, [[]], [null], [{}], [1], [true]), item, item.map((v) => [v, v]), item.map((v) => ({ 0: v }))];
        const over = (s.maxItems ?? 10) + 1;
        arbs.push(item.map((v) => ({ $rep: v, n: over })));
        return fc.oneof(...arbs);
      }
      case 'integer':
      case 'number':
        return fc.constantFrom<Val>('1', '1.0', 1.5, true, [], [1], {}, '', 'abc', null);
      case 'boolean':
        return fc.constantFrom<Val>('true', 'false', 1, 0, [], {}, 'yes');
      default:
        return fc.oneof(fc.constantFrom<Val>(0, -1, 1.5, true, false, [], ['x'], {}, { text: 'x' }, [null]), good.map((v) => [v]), good.map((v) => ({ value: v })));
    }
  }

  /** Strings that break text rules, many exactly at the field's limit or one past it. */
  evilString(s: Schema): Arbitrary<Val> {
    const max = s.maxLength ?? 4000;
    const min = s.minLength ?? 0;
    // By kind of trouble, so each kind comes up often: NUL and lone surrogates (what PostgreSQL
    // and UTF-8 encoders choke on), lengths at the limit in code points, controls, format characters.
    const pick = (...v: Val[]) => fc.constantFrom(...v);
    const at = (v: Val[]) => (min > 1 ? [...v, { $str: 'ascii', n: min - 1 } as Val] : v);
    return fc.oneof(
      { weight: 3, arbitrary: fc.oneof(pick({ $str: 'nul' }, '\u0000'), fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })).map(([a, b]) => `${a}\u0000${b}`)) },
      { weight: 3, arbitrary: fc.oneof(pick({ $str: 'high' }, { $str: 'low' }, { $str: 'swap' }, { $str: 'lonePad', n: max }), fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom('\ud800', '\udfff', '\udbff'), fc.string({ maxLength: 6 })).map(([a, c, b]) => `${a}${c}${b}`)) },
      { weight: 3, arbitrary: pick(...at([{ $str: 'astral', n: max }, { $str: 'astral', n: max + 1 }, { $str: 'mixed', n: max }, { $str: 'mixed', n: max + 1 }, { $str: 'ascii', n: max + 1 }, { $str: 'combining', n: Math.ceil(max / 2) + 1 }, { $str: 'zwj', n: Math.ceil(max / 7) + 1 }])) },
      { weight: 2, arbitrary: fc.constantFrom(...CTL_CODES).map((n) => ({ $str: 'ctl', n }) as Val) },
      { weight: 1, arbitrary: pick({ $str: 'bidi' }, { $str: 'bom' }, { $str: 'nonchar' }, { $str: 'icu' }, '\ufffd', 'a\u2028b') },
      { weight: 1, arbitrary: pick('', '\n', '\t', { $str: 'spaces', n: Math.max(1, Math.min(max, 3)) }) },
      { weight: 1, arbitrary: pick({ $str: 'ascii', n: 70_000 }, { $str: 'astral', n: 40_000 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    );
  }

  /** Numbers JSON can carry that no field should take: huge, tiny, negative zero, past 2^53, overflowing a double. */
  oddNumber(): Arbitrary<Val> {
    return fc.oneof(
      fc.constantFrom<Val>(1e308, -1e308, Number.MAX_VALUE, 5e-324, 0, -1, 0.5, 2147483648, 4294967296, Number.MAX_SAFE_INTEGER, 1.7976931348623157e308),
      fc.constantFrom<Val>({ $raw: '-0' }, { $raw: '99999999999999999999' }, { $raw: '1e999' }, { $raw: '-1e999' }, { $raw: '1E+2' }, { $raw: '1e-400' }, { $raw: '9007199254740993' }, { $raw: '0.0000000000000000000000001' }),
      fc.constantFrom<Val>('NaN', '1e308', 'Infinity', '-0', '0x10', '1_000'),
      fc.double(),
    );
  }

  // --- requests ------------------------------------------------------------------------------

  validPath(op: Operation, opts: ArbOptions = {}): Arbitrary<Record<string, Val>> {
    const path = op.params.filter((p) => p.in === 'path');
    const caseRef = opts.strict && op.path.endsWith('/resolve') ? fc.record({ $case: fc.constant('out'), i: fc.nat({ max: 1000 }) }) : this.caseRef(opts.strict);
    return fc.record(Object.fromEntries(path.map((p) => [p.name, p.name.toLowerCase() === 'caseid' ? caseRef : this.value(p.schema, p.name, opts)]))) as Arbitrary<Record<string, Val>>;
  }

  /** Query parameters as a client would write them: each optional one present or not; arrays comma-separated. */
  validQuery(op: Operation, opts: ArbOptions = {}): Arbitrary<Array<[string, Val]>> {
    const params = op.params.filter((p) => p.in === 'query');
    const entries = params.map((p) => {
      const v: Arbitrary<Val> =
        p.schema.type === 'array'
          ? fc.uniqueArray(fc.constantFrom(...((p.schema.items?.enum as string[]) ?? ['x'])), { minLength: 1, maxLength: 3 }).map((a) => a.join(','))
          : this.value(p.schema, p.name, opts).map((x) => (x === null ? '' : isSym(x) ? x : typeof x === 'object' ? JSON.stringify(x) : String(x)));
      return p.required ? v.map((x) => [[p.name, x]] as Array<[string, Val]>) : fc.option(v, { nil: undefined, freq: 2 }).map((x) => (x === undefined ? [] : ([[p.name, x]] as Array<[string, Val]>)));
    });
    return fc.tuple(...entries).map((parts) => parts.flat());
  }

  /**
   * A valid bearer token always, the other declared headers now and then. Strict: no Idempotency-Key,
   * since a key used before answers with the earlier request's outcome, whatever this body says.
   */
  validHeaders(op: Operation, opts: ArbOptions = {}): Arbitrary<Array<[string, HeaderValue]>> {
    const declared = new Set(op.params.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()));
    if (opts.strict) declared.delete('idempotency-key');
    const opt = (name: string, arb: Arbitrary<string>): Arbitrary<Array<[string, HeaderValue]>> =>
      declared.has(name.toLowerCase()) ? fc.option(arb, { nil: undefined, freq: 2 }).map((v) => (v === undefined ? [] : [[name, v]])) : fc.constant([]);
    return fc
      .tuple(
        fc.constant([['Authorization', `Bearer ${this.credential}`]] as Array<[string, HeaderValue]>),
        opt('Accept-Language', fc.constantFrom('de-CH, de;q=0.9, en;q=0.5', 'ja', 'en', '*', 'fr-CH', 'ar;q=0.8, en')),
        opt('Idempotency-Key', fc.oneof(fc.uuid(), fc.constantFrom('fuzz-key-1', 'fuzz-key-2'))),
        opt('Last-Event-ID', fc.nat({ max: 40 }).map(String)),
      )
      .map((parts) => parts.flat());
  }

  validBody(op: Operation, opts: ArbOptions = {}): Arbitrary<Val> {
    return op.body ? this.value(op.body, '', opts) : fc.constant(null);
  }

  /**
   * Path and body the node accepts, as far as the document tells: where a body has a message
   * `kind` (case messages, saved replies), the properties the document marks "REPLY only" come
   * with REPLY only, a case message goes to a case whose side may send that kind (INFO on a case
   * this post filed, REPLY or INFO_REQUEST on one it received), and a saved reply gets a template
   * id of its own per kind and outcome (every language of a template has the same ones).
   */
  strictPathAndBody(op: Operation): Arbitrary<{ path: Record<string, Val>; body: Val }> {
    const props = op.body?.properties ?? {};
    const kinds = (props.kind?.enum ?? []).filter((k): k is string => typeof k === 'string');
    if (!kinds.includes('REPLY')) return fc.record({ path: this.validPath(op, { strict: true }), body: this.validBody(op, { strict: true }) });
    const hasCase = op.params.some((p) => p.in === 'path' && p.name === 'caseId');
    const hasTemplate = op.params.some((p) => p.in === 'path' && p.name === 'templateId');
    const replyOnly = Object.keys(props).filter((k) => /^REPLY (only|templates)/i.test(props[k].description ?? ''));
    // "Give either body or templateId": free text, then.
    const common = Object.keys(props).filter((k) => k !== 'kind' && !(props.templateId && k === 'templateId') && !replyOnly.includes(k));
    const required = [...(op.body?.required ?? []), ...(props.templateId ? ['body'] : [])].filter((k) => k !== 'kind');
    const variant = (kind: string) => {
      const keys = kind === 'REPLY' ? [...common, ...replyOnly] : common;
      const req = [...required, ...(kind === 'REPLY' && replyOnly.includes('outcome') ? ['outcome'] : [])].filter((k) => keys.includes(k));
      const fields = Object.fromEntries(keys.map((k) => [k, this.value(props[k], k, { strict: true })])) as Record<string, Arbitrary<Val>>;
      return fc.record<Record<string, Val>>({ kind: fc.constant(kind), ...fields }, { requiredKeys: ['kind', ...req], noNullPrototype: true }).chain((body) =>
        this.validPath(op, { strict: true }).map((path) => {
          const p: Record<string, Val> = { ...path };
          if (hasCase && isSym(path.caseId) && '$case' in path.caseId) p.caseId = { $case: kind === 'INFO' ? 'out' : 'in', i: path.caseId.i };
          if (hasTemplate) p.templateId = `FUZZ_${kind}${typeof body.outcome === 'string' ? `_${body.outcome}` : ''}`;
          return { path: p, body: body as Val };
        }),
      );
    };
    return fc.oneof(...kinds.map(variant));
  }

  /** Where a body can be broken: every property and first array element, with its schema. */
  bodyTargets(s: Schema | null): Array<{ path: (string | number)[]; schema: Schema; name: string }> {
    const out: Array<{ path: (string | number)[]; schema: Schema; name: string }> = [];
    const walk = (sch: Schema, path: (string | number)[], name: string, depth: number) => {
      out.push({ path, schema: sch, name });
      if (depth > 4) return;
      for (const [k, v] of Object.entries(sch.properties ?? {})) walk(v, [...path, k], k, depth + 1);
      if (sch.items) walk(sch.items, [...path, 0], name, depth + 1);
    };
    if (s) walk(s, [], '', 0);
    return out;
  }

  /** Family "shape": one property deleted, nulled, of another type, or an unknown key added. */
  shapeMutation(target: { path: (string | number)[]; schema: Schema; name: string }): Arbitrary<Mutation> {
    const { path, schema, name } = target;
    const isObject = (schema.type ?? (schema.properties ? 'object' : '')) === 'object';
    const arbs: Array<{ weight: number; arbitrary: Arbitrary<Mutation> }> = [
      { weight: 2, arbitrary: fc.constant<Mutation>({ path, op: 'delete' }) },
      { weight: 1, arbitrary: fc.constant<Mutation>({ path, op: 'set', value: null }) },
      { weight: 4, arbitrary: this.wrongType(schema, name).map((value) => ({ path, op: 'set', value }) as Mutation) },
    ];
    if (isObject) {
      const key = fc.constantFrom('extra', '__proto__', 'constructor', 'prototype', '', 'toString', 'hasOwnProperty', 'itemId ', '\u{1F600}', 'a\u0000b', 'x'.repeat(300));
      arbs.push({ weight: 2, arbitrary: fc.tuple(key, fc.jsonValue({ maxDepth: 2 }) as Arbitrary<Val>).map(([k, value]) => ({ path, op: 'addKey', key: k, value }) as Mutation) });
    }
    if (schema.enum) {
      const e = schema.enum.filter((x): x is string => typeof x === 'string');
      if (e.length) arbs.push({ weight: 2, arbitrary: fc.constantFrom(...e).chain((v) => fc.constantFrom<Val>(v.toLowerCase(), ` ${v}`, `${v}\u0000`, `${v},${v}`, v.normalize('NFD') + '\u0301')).map((value) => ({ path, op: 'set', value }) as Mutation) });
    }
    return fc.oneof(...arbs);
  }

  /** Family "text & numbers": a string that breaks the text rules, or an odd number, in one property. */
  textMutation(target: { path: (string | number)[]; schema: Schema; name: string }): Arbitrary<Mutation> {
    const { path, schema } = target;
    const type = schema.type ?? (schema.properties ? 'object' : schema.items ? 'array' : 'string');
    if (type === 'integer' || type === 'number') return this.oddNumber().map((value) => ({ path, op: 'set', value }) as Mutation);
    if (type === 'string') return fc.oneof({ weight: 5, arbitrary: this.evilString(schema) }, { weight: 1, arbitrary: this.oddNumber() }).map((value) => ({ path, op: 'set', value }) as Mutation);
    // Objects and arrays: nest deeply at this spot, or put an odd number there.
    return fc.oneof(fc.constantFrom<Val>({ $deep: 20 }, { $deep: 31 }, { $deep: 40 }, { $deep: 2400 }, { $deep: 40, arr: true }), this.oddNumber()).map((value) => ({ path, op: 'set', value }) as Mutation);
  }

  /** Family "raw body": what reaches the parser and media type check instead of a plain JSON object. */
  rawBody(): Arbitrary<RawBody> {
    return fc.oneof(
      fc.constantFrom<RawBody>(
        { raw: 'text', text: '' },
        { raw: 'text', text: '   ' },
        { raw: 'text', text: 'null' },
        { raw: 'text', text: '"x"' },
        { raw: 'text', text: '1' },
        { raw: 'text', text: 'true' },
        { raw: 'text', text: '[]' },
        { raw: 'text', text: '[{}]' },
        { raw: 'text', text: '{' },
        { raw: 'text', text: '{"a":1,}' },
        { raw: 'text', text: "{'a':1}" },
        { raw: 'text', text: '{"a":1} trailing' },
        { raw: 'text', text: '\ufeff{}' },
        { raw: 'text', text: '{"a":1 /* c */}' },
        { raw: 'text', text: '{"__proto__":{"polluted":1}}' },
        { raw: 'text', text: '{"constructor":{"prototype":{"polluted":1}}}' },
        { raw: 'text', text: '{"a":"\\ud800"}' },
        { raw: 'text', text: '{"a":"\\u0000"}' },
        { raw: 'text', text: '{"a":NaN}' },
        { raw: 'text', text: `${'{"a":'.repeat(40)}1${'}'.repeat(40)}` },
        { raw: 'text', text: `${'{"a":'.repeat(2400)}1${'}'.repeat(2400)}` },
        { raw: 'text', text: `${'['.repeat(2400)}${']'.repeat(2400)}` },
        { raw: 'text', text: `${'['.repeat(40)}${']'.repeat(40)}` },
        { raw: 'form' },
        { raw: 'dupKeys' },
        { raw: 'badUtf8' },
        { raw: 'cesu' },
        { raw: 'utf16' },
        { raw: 'huge' },
        { raw: 'none' },
      ),
      fc
        .constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          'application/json; charset=latin1',
          'application/json; charset=utf-16',
          'APPLICATION/JSON',
          'application/json;charset=UTF-8',
          'application/merge-patch+json',
          'application/vnd.api+json',
          'application/jsonx',
          '',
          'application/json, text/plain',
          '*/*',
          'application/octet-stream',
          null,
        )
        .map((contentType) => ({ raw: 'as', contentType }) as RawBody),
    );
  }

  /** Family "query & path": one parameter (or an unknown one) given an odd value, repeated, or oddly encoded. */
  oddParams(op: Operation): Arbitrary<{ path: Record<string, Val | { $enc: string }>; query: Array<[string, Val | { $enc: string }]>; note: string }> {
    type P = Val | { $enc: string };
    const pathParams = op.params.filter((p) => p.in === 'path');
    const queryParams = op.params.filter((p) => p.in === 'query');
    const anyOdd: Arbitrary<P> = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom<P>('', ' ', '1e308', '99999999999999999999', '-0', '0x10', 'NaN', 'Infinity', '-1', '0', '1.5', 'true', 'null', 'undefined', '[]', '{}', ',', 'a,,b') },
      { weight: 2, arbitrary: fc.constantFrom<P>({ $enc: '%00' }, { $enc: '%zz' }, { $enc: '%' }, { $enc: '%ED%A0%80' }, { $enc: '%F0%9F%98%80' }, { $enc: '%C0%AF' }, { $enc: '%2e%2e' }, { $enc: '..' }, { $enc: '%2F' }, { $enc: '+' }, { $enc: '%0D%0A' }) },
      { weight: 2, arbitrary: fc.constantFrom<P>({ $str: 'ascii', n: 5000 }, { $str: 'astral', n: 2000 }, { $str: 'nul' }, { $str: 'high' }, { $str: 'ctl', n: 0x1b }, { $str: 'bidi' }) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF', '{caseId}') },
    );
    // What a number parser trips on: past 2^53, past a double, exponent, sign, radix, padding.
    const numericOdd = fc.constantFrom<P>('99999999999999999999', '1e308', '1e3', '-0', '0', '-1', '1.5', '0x10', '0b1', 'NaN', 'Infinity', '10001', '201', ' 1', '1 ', '+1', '01', '', '9007199254740993', '1e-7');
    const enumOdd = (values: string[]) => fc.constantFrom(...values).chain((v) => fc.constantFrom<P>(v.toLowerCase(), ` ${v}`, `${v},${v}`, `${v}\u0000`, { $enc: `${encodeComponent(v)}%00` }));
    const oddFor = (p: Param): Arbitrary<P> => {
      const t = p.schema.type;
      if (t === 'integer' || t === 'number') return fc.oneof({ weight: 4, arbitrary: numericOdd }, { weight: 1, arbitrary: anyOdd });
      const e = (p.schema.enum ?? p.schema.items?.enum)?.filter((x): x is string => typeof x === 'string');
      if (e?.length) return fc.oneof({ weight: 2, arbitrary: enumOdd(e) }, { weight: 1, arbitrary: anyOdd });
      if (p.schema.type === 'boolean') return fc.oneof(fc.constantFrom<P>('TRUE', '1', 'yes', 'on', '', 'true,false'), anyOdd);
      return anyOdd;
    };
    type Odd = { target: string; where: 'path' | 'query' | 'new'; value: P; repeat: boolean };
    const numeric = (p: Param) => p.schema.type === 'integer' || p.schema.type === 'number';
    const targets: Array<{ weight: number; arbitrary: Arbitrary<Odd> }> = [
      ...[...pathParams, ...queryParams].map((p) => ({
        weight: numeric(p) ? 3 : 1,
        arbitrary: fc.record({ value: oddFor(p), repeat: fc.boolean() }).map(({ value, repeat }) => ({ target: p.name, where: p.in as 'path' | 'query', value, repeat })),
      })),
      {
        weight: 1,
        arbitrary: fc
          .record({ name: fc.constantFrom('foo', '__proto__', 'constructor', 'hasOwnProperty', 'toString', 'page[]', 'page[a]', 'status[0]', '', '%00', 'a'.repeat(2000)), value: anyOdd, repeat: fc.boolean() })
          .map(({ name, value, repeat }) => ({ target: name, where: 'new' as const, value, repeat })),
      },
    ];
    return fc.tuple(this.validPath(op, { strict: true }), this.validQuery(op, { strict: true }), fc.oneof(...targets)).map(([path, query, odd]) => {
      const p: Record<string, P> = { ...path };
      let q: Array<[string, P]> = [...query];
      if (odd.where === 'path') {
        // "Repeated" for a path segment: an extra segment after it.
        if (odd.repeat) p[odd.target] = { $enc: `${encodeComponent(String(typeof path[odd.target] === 'string' ? path[odd.target] : 'x'))}/x` };
        else p[odd.target] = odd.value;
      } else {
        const existing = q.find(([k]) => k === odd.target);
        q = q.filter(([k]) => k !== odd.target);
        q.push([odd.target, odd.value]);
        if (odd.repeat) q.push([odd.target, existing ? existing[1] : '1']);
      }
      // A value too long for any URL fails alike wherever it is put: one kind of failure, not one per parameter.
      const long = isSym(odd.value) && '$str' in odd.value && (odd.value.n ?? 0) >= 1000;
      return { path: p, query: q, note: long ? 'very long value' : `${odd.where}:${odd.target.slice(0, 20)}${odd.repeat ? ' repeated' : ''}` };
    });
  }

  /** Family "headers": Authorization missing or not a valid token, oversized or odd values, repeated headers, and what node:http will not send. */
  oddHeaders(op: Operation): Arbitrary<{ headers: Array<[string, HeaderValue]>; socket?: SocketOddity; note: string }> {
    const names = ['Authorization', 'Accept-Language', 'X-Agent-Name', 'Idempotency-Key', 'Last-Event-ID', 'Accept', 'Content-Type', 'X-Padding', 'Cookie', 'X-Forwarded-For', 'Traceparent'];
    const odd: Arbitrary<HeaderValue> = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom<HeaderValue>('', ' ', 'a'.repeat(101), 'anna meier', 'anna.meier, bob', 'jos\u00e9', '\u00f0\u009f\u0098\u0080', 'a\tb', '*', '99999999999999999999', '-1', '1e308', 'de;q=abc, *;q=1e308', 'text/html', 'application/xml', 'text/event-stream', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01') },
      { weight: 2, arbitrary: fc.constantFrom<HeaderValue>({ $pad: 80 * 1024 }, { $pad: 15 * 1024 }, { $pad: 300 }, ['anna.meier', 'bob.smith'], ['', '']) },
      { weight: 2, arbitrary: headerText(60) },
    );
    const socket = fc.constantFrom<SocketOddity>('nulInHeader', 'spaceInHeaderName', 'obsFold', 'twoContentLengths', 'badChunk', 'http10NoHost', 'bareLf', 'absoluteUri', 'lowercaseMethod');
    const maybeSocket = fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: socket });
    return fc.tuple(this.validHeaders(op, { strict: true }), fc.constantFrom(...names), odd, fc.boolean(), maybeSocket).map(([valid, name, value, remove, sock]) => {
      let headers = valid.filter(([k]) => k.toLowerCase() !== name.toLowerCase());
      if (!(remove && name === 'Authorization')) headers = [...headers, [name, value]];
      // Content-Type on its own is set by the body; many headers at once is its own oddity.
      if (name === 'X-Padding' && typeof value === 'string' && value === '*') headers = [...headers, ...Array.from({ length: 300 }, (_, i) => [`x-h${i}`, 'v'] as [string, HeaderValue])];
      const huge = typeof value === 'object' && !Array.isArray(value) && value.$pad > 16 * 1024;
      return { headers, socket: sock, note: sock ? `socket:${sock}` : huge ? 'oversized header' : `header:${name}${remove && name === 'Authorization' ? ' missing' : ''}` };
    });
  }
}
