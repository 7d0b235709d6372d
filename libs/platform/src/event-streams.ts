import type { ServerResponse } from 'node:http';
import { ApiException } from './api-error';

/** Settings of a node's Server-Sent-Events streams; a class so it can be the DI token. */
export class EventStreamOptions {
  constructor(
    /** A comment line this often keeps proxies and clients from dropping a quiet stream. */
    readonly heartbeatMs = 15_000,
    /** A client this far behind is cut off; it reconnects and catches up. */
    readonly maxBufferedBytes = 1024 * 1024,
    /** Open streams per caller (an agent in a few tabs); more get 429 TOO_MANY_STREAMS. */
    readonly perCaller = 5,
    /** Open streams of the whole node. */
    readonly total = 500,
  ) {}
}

function tooMany(message: string): ApiException {
  return new ApiException(429, 'TOO_MANY_STREAMS', message);
}

/**
 * Admission of one kind of stream (`kind` names it in the 429 messages, e.g. "alert streams"):
 * at most `perCaller` per caller and `total` in all. Slots are taken before the stream opens, so
 * a refusal is still an ordinary JSON error response.
 */
export class StreamSlots {
  private readonly byCaller = new Map<string, number>();
  private reserved = 0;

  constructor(private readonly kind: string, private readonly limits: Pick<EventStreamOptions, 'perCaller' | 'total'>) {}

  /** Takes a stream slot for `caller` or refuses with 429; the returned release gives it back (once). */
  admit(caller: string): () => void {
    const mine = this.byCaller.get(caller) ?? 0;
    if (mine >= this.limits.perCaller) throw tooMany(`you already have ${mine} ${this.kind} open; close one (another tab?)`);
    if (this.reserved >= this.limits.total) throw tooMany(`this node serves as many ${this.kind} as it can; retry shortly`);
    this.byCaller.set(caller, mine + 1);
    this.reserved += 1;
    // Cleanup runs on close, finish and error alike: only the first call gives the slot back.
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= 1;
      const n = (this.byCaller.get(caller) ?? 1) - 1;
      if (n <= 0) this.byCaller.delete(caller);
      else this.byCaller.set(caller, n);
    };
  }
}

export interface OpenEventStream {
  /** Extra response headers (e.g. content-language); the event-stream ones win. */
  headers?: Record<string, string>;
  heartbeatMs: number;
  /** The stream's admission slot (StreamSlots.admit), given back whichever way the stream ends. */
  release?: () => void;
  /** The caller's own cleanup, after `release`; it runs on each of close, finish and error, so it must bear running twice. */
  onClose?: () => void;
}

/**
 * Starts a Server-Sent-Events response: headers and a first frame go out now, a heartbeat keeps
 * it alive, and it cleans up (release, heartbeat, `onClose`) when it ends. Returns false, having
 * released the slot, when the client is already gone; the caller then does nothing more.
 */
export function openEventStream(res: ServerResponse, { headers = {}, heartbeatMs, release = () => undefined, onClose = () => undefined }: OpenEventStream): boolean {
  // A client gone while the guard and interceptors ran: 'close' has fired already, nobody would clean up.
  if (res.destroyed || res.socket?.destroyed) {
    release();
    return false;
  }
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx and similar proxies would otherwise hold events back.
    'x-accel-buffering': 'no',
  });
  // Headers go out now, so the client knows it is connected before the first event.
  res.write(`retry: 2000\n: connected\n\n`);
  const heartbeat = setInterval(() => {
    if (!res.writableEnded && !res.destroyed) res.write(`: heartbeat ${new Date().toISOString()}\n\n`);
  }, heartbeatMs);
  const cleanup = () => {
    release();
    clearInterval(heartbeat);
    onClose();
  };
  res.on('close', cleanup);
  res.on('finish', cleanup);
  res.on('error', cleanup);
  return true;
}
