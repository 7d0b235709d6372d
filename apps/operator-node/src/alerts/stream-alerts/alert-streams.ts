import type { ServerResponse } from 'node:http';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Display } from '@postbridge/catalogue';
import { ApiException } from '@postbridge/platform';
import type { Reader } from '../../i18n/reader';
import { AlertFilter, alertMatches, StoredAlert } from '../shared/alert';
import { AlertListener } from '../shared/alert-listener';
import { AlertRepository } from '../shared/alert.repository.port';
import { toAlertResponse } from '../shared/alert-display';

/** Stream settings; a class so it can be the DI token. */
export class AlertStreamOptions {
  constructor(
    /** A comment line this often keeps proxies and clients from dropping a quiet stream. */
    readonly heartbeatMs = 15_000,
    /** A client this far behind is cut off; it reconnects with Last-Event-ID and catches up from the database. */
    readonly maxBufferedBytes = 1024 * 1024,
    /** Open streams per caller (an agent in a few tabs); more get 429 TOO_MANY_STREAMS. */
    readonly perCaller = 5,
    /** Open streams of the whole node. */
    readonly total = 500,
  ) {}
}

const REPLAY_PAGE = 500;

function tooMany(message: string): ApiException {
  return new ApiException(429, 'TOO_MANY_STREAMS', message);
}

/**
 * Server-Sent Events of this node's alerts, one response per client. Live alerts come from the
 * listener; a client that says where it stopped (Last-Event-ID or `since`) first gets what it
 * missed from the database. Live alerts are buffered during that replay, and ids (which grow in
 * commit order) skip what was already sent, so each alert is sent once, in order.
 */
@Injectable()
export class AlertStreams implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AlertStreams.name);
  private readonly open = new Set<ServerResponse>();
  // The listener hands every client the same StoredAlert: serialise it once per way of reading it
  // (language, locale, time zone), not once per client. Weak, so the frames go when their alert
  // does (replayed alerts are each client's own objects).
  private readonly frames = new WeakMap<StoredAlert, Map<string, string>>();

  constructor(private readonly listener: AlertListener, private readonly alerts: AlertRepository, private readonly options: AlertStreamOptions) {}

  private readonly byCaller = new Map<string, number>();
  private reserved = 0;

  get openStreams(): number {
    return this.open.size;
  }

  /** Takes a stream slot for `caller` or refuses with 429; the returned release gives it back (once). */
  admit(caller: string): () => void {
    const mine = this.byCaller.get(caller) ?? 0;
    if (mine >= this.options.perCaller) throw tooMany(`you already have ${mine} alert streams open; close one (another tab?)`);
    if (this.reserved >= this.options.total) throw tooMany('this node serves as many alert streams as it can; retry shortly');
    this.byCaller.set(caller, mine + 1);
    this.reserved += 1;
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

  async serve(res: ServerResponse, since: string | null, filter: AlertFilter, reader: Reader, headers: Record<string, string> = {}, release: () => void = () => undefined): Promise<void> {
    // A client gone while the guard and interceptors ran: 'close' has fired already, nobody would clean up.
    if (res.destroyed || res.socket?.destroyed) {
      release();
      return;
    }
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx and similar proxies would otherwise hold events back.
      'x-accel-buffering': 'no',
    });
    // Headers go out now, so the client knows it is connected before the first alert.
    res.write(`retry: 2000\n: connected\n\n`);
    this.open.add(res);

    const display = new Display(reader);
    // Everything a frame's labels and wall times depend on (labels come from `language`, the first of the chain).
    const readerKey = `${reader.language}|${reader.locale}|${reader.timeZone}`;
    let last: bigint | null = since === null ? null : BigInt(since);
    let replaying = since !== null;
    const held: StoredAlert[] = [];
    const send = (a: StoredAlert): void => {
      const id = BigInt(a.id);
      if (last !== null && id <= last) return;
      last = id;
      if (!alertMatches(filter, a) || res.writableEnded || res.destroyed) return;
      res.write(this.frameOf(a, readerKey, display));
      if (res.writableLength > this.options.maxBufferedBytes) {
        this.logger.warn(`alert stream client is ${res.writableLength} bytes behind; closing it (it resumes from its last event id)`);
        res.end();
      }
    };
    const subscription = this.listener.alerts$.subscribe((a) => {
      if (replaying) held.push(a);
      else send(a);
    });
    const heartbeat = setInterval(() => {
      if (!res.writableEnded && !res.destroyed) res.write(`: heartbeat ${new Date().toISOString()}\n\n`);
    }, this.options.heartbeatMs);
    const cleanup = () => {
      release();
      clearInterval(heartbeat);
      subscription.unsubscribe();
      this.open.delete(res);
    };
    res.on('close', cleanup);
    res.on('finish', cleanup);
    res.on('error', cleanup);

    if (!replaying) return;
    try {
      for (;;) {
        const page = await this.alerts.after(last === null ? '0' : last.toString(), filter, REPLAY_PAGE);
        for (const a of page) send(a);
        if (page.length < REPLAY_PAGE || res.writableEnded || res.destroyed) break;
      }
      replaying = false;
      for (const a of held.splice(0)) send(a);
    } catch (e) {
      // The client reconnects (retry) and replays again from its last event id.
      this.logger.warn(`alert stream replay failed: ${(e as Error).message}`);
      res.end();
    }
  }

  private frameOf(a: StoredAlert, readerKey: string, display: Display): string {
    let byReader = this.frames.get(a);
    if (byReader === undefined) {
      byReader = new Map();
      this.frames.set(a, byReader);
    }
    let frame = byReader.get(readerKey);
    if (frame === undefined) {
      frame = `id: ${a.id}\nevent: ${a.type}\ndata: ${JSON.stringify(toAlertResponse(a, display))}\n\n`;
      byReader.set(readerKey, frame);
    }
    return frame;
  }

  /** Open streams would keep the HTTP server from closing. */
  beforeApplicationShutdown(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}
