import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

/** One HTTP request exactly as a test means to send it: the path is already encoded, headers and body are not touched. */
export interface WireRequest {
  method: string;
  /** Path and query, already percent-encoded (the fuzzer decides what is encoded and how). */
  path: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  /** Give up after this long (a hung request is a finding too). */
  timeoutMs?: number;
}

export interface WireResponse {
  /** 0 when no HTTP answer came (connection reset, timeout); `error` says what happened instead. */
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  error?: string;
}

/**
 * Sends a request with node:http on a fresh connection (no keep-alive, so a connection the server
 * closed after refusing one request cannot fail the next). A 2xx event stream is not read: the
 * answer is its status and headers, and the connection is dropped at once.
 */
export function sendWire(baseUrl: string, req: WireRequest): Promise<WireResponse> {
  const u = new URL(baseUrl);
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: WireResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    let r: ReturnType<typeof httpRequest>;
    try {
      r = httpRequest({ host: u.hostname, port: u.port, path: req.path, method: req.method, headers: req.headers, agent: false }, (res) => {
        const type = String(res.headers['content-type'] ?? '');
        if (res.statusCode! >= 200 && res.statusCode! < 300 && type.startsWith('text/event-stream')) {
          done({ status: res.statusCode!, headers: res.headers, text: '' });
          res.destroy();
          r.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => done({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e) => done({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), error: `response: ${e.message}` }));
      });
    } catch (e) {
      // node:http refuses to send some values (a test bug, not a finding): say so loudly.
      throw new Error(`node:http would not send ${req.method} ${req.path.slice(0, 200)}: ${(e as Error).message}`);
    }
    const timer = setTimeout(() => {
      done({ status: 0, headers: {}, text: '', error: `no answer within ${req.timeoutMs ?? 10_000} ms` });
      r.destroy();
    }, req.timeoutMs ?? 10_000);
    r.on('error', (e: NodeJS.ErrnoException) => done({ status: 0, headers: {}, text: '', error: `${e.code ?? ''} ${e.message}`.trim() }));
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/**
 * Writes raw bytes to the server and reads the answer until the server closes the connection
 * (the request should say `Connection: close`): for what node:http will not send at all, such as
 * a NUL in a header or a malformed request line.
 */
export function sendRawBytes(baseUrl: string, bytes: Buffer, timeoutMs = 10_000): Promise<WireResponse> {
  const u = new URL(baseUrl);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect({ host: u.hostname, port: Number(u.port) });
    const done = (r: WireResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done({ ...parseRawResponse(Buffer.concat(chunks)), error: chunks.length ? undefined : `no answer within ${timeoutMs} ms` }), timeoutMs);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      const parsed = parseRawResponse(Buffer.concat(chunks), true);
      if (parsed.status !== 0) done(parsed);
    });
    socket.on('end', () => done(parseRawResponse(Buffer.concat(chunks))));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      const parsed = parseRawResponse(Buffer.concat(chunks));
      done(parsed.status ? parsed : { status: 0, headers: {}, text: '', error: `${e.code ?? ''} ${e.message}`.trim() });
    });
    socket.write(bytes);
  });
}

/** Status, headers and body of one HTTP/1.1 answer; with `complete`, status 0 until the whole body (Content-Length or chunked) is there. */
function parseRawResponse(buf: Buffer, complete = false): WireResponse {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, text: '', error: buf.length ? `not HTTP: ${buf.toString('latin1').slice(0, 200)}` : 'connection closed without an answer' };
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
  if (!m) return { status: 0, headers: {}, text: '', error: `not HTTP: ${lines[0].slice(0, 200)}` };
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  let body = buf.subarray(end + 4);
  // An event stream that opened: its status and headers are the answer.
  if (m[1].startsWith('2') && (headers['content-type'] ?? '').startsWith('text/event-stream')) return { status: Number(m[1]), headers, text: '' };
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const out: Buffer[] = [];
    let rest = body;
    let finished = false;
    for (;;) {
      const nl = rest.indexOf('\r\n');
      if (nl < 0) break;
      const size = parseInt(rest.subarray(0, nl).toString('latin1'), 16);
      if (!Number.isFinite(size)) break;
      if (size === 0) {
        finished = true;
        break;
      }
      if (rest.length < nl + 2 + size) break;
      out.push(rest.subarray(nl + 2, nl + 2 + size));
      rest = rest.subarray(nl + 2 + size + 2);
    }
    if (complete && !finished) return { status: 0, headers: {}, text: '' };
    body = Buffer.concat(out);
  } else if (headers['content-length'] !== undefined) {
    const len = Number(headers['content-length']);
    if (complete && body.length < len) return { status: 0, headers: {}, text: '' };
    body = body.subarray(0, len);
  } else if (complete) {
    return { status: 0, headers: {}, text: '' };
  }
  return { status: Number(m[1]), headers, text: body.toString('utf8') };
}
