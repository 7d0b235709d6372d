import { authorization } from '../../harness/identity';
export interface SseEvent {
  id: string | null;
  event: string;
  data: any;
  receivedAt: number;
}

/**
 * A Server-Sent Events client as an agent's browser would hold one: reads the stream as it comes
 * and keeps every event, so a test can wait for the one it expects.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  /** Comment lines (`: heartbeat …`), without the colon. */
  readonly comments: string[] = [];
  private readonly abort = new AbortController();
  private waiters: Array<() => void> = [];
  private failure: Error | null = null;
  private reading: Promise<void> = Promise.resolve();

  private constructor(readonly url: string) {}

  /** As the endpoint's default caller unless `headers` say otherwise (an Authorization or a session Cookie). */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient(url);
    const auth = headers.authorization || headers.cookie ? {} : await authorization(url, undefined);
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...auth, ...headers }, signal: client.abort.signal });
    if (res.status !== 200) throw new Error(`SSE ${url}: HTTP ${res.status} ${await res.text()}`);
    const type = res.headers.get('content-type') ?? '';
    if (!type.startsWith('text/event-stream')) throw new Error(`SSE ${url}: content-type ${type}`);
    client.reading = client.read(res.body!);
    return client;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          this.parse(block);
        }
      }
    } catch (e) {
      if (!this.abort.signal.aborted) this.failure = e as Error;
    } finally {
      this.wake();
    }
  }

  private parse(block: string): void {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    const text = data.join('\n');
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    this.events.push({ id, event, data: parsed, receivedAt: Date.now() });
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves with the first event (already received or to come) that matches; fails after `timeoutMs`. */
  async waitFor(match: (e: SseEvent) => boolean, timeoutMs = 10_000, what = 'event'): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (this.failure) throw new Error(`SSE ${this.url} failed while waiting for ${what}: ${this.failure.message}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got: ${this.events.map((e) => `${e.event}#${e.id}`).join(', ') || 'nothing'}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Resolves with the newest event once it matches (a stream of whole states: the latest one counts); fails after `timeoutMs`. */
  async waitForLatest(match: (e: SseEvent) => boolean, timeoutMs = 10_000, what = 'event'): Promise<SseEvent> {
    return this.waitFor((e) => e === this.events[this.events.length - 1] && match(e), timeoutMs, what);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.reading.catch(() => undefined);
  }
}
