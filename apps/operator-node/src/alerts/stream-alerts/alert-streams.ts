import type { ServerResponse } from 'node:http';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { Display } from '@postbridge/catalogue';
import { EventStreamOptions, openEventStream, StreamSlots } from '@postbridge/platform';
import type { Reader } from '../../i18n/reader';
import { AlertFilter, alertMatches, StoredAlert } from '../shared/alert';
import { AlertListener } from '../shared/alert-listener';
import { AlertRepository } from '../shared/alert.repository.port';
import { toAlertResponse } from '../shared/alert-display';

/**
 * The node's stream settings under the name its module and tests know: the same class (so the
 * same DI token) as the lib's EventStreamOptions, which the presence streams inject.
 */
export { EventStreamOptions as AlertStreamOptions } from '@postbridge/platform';

const REPLAY_PAGE = 500;

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

  private readonly slots: StreamSlots;

  constructor(private readonly listener: AlertListener, private readonly alerts: AlertRepository, private readonly options: EventStreamOptions) {
    this.slots = new StreamSlots('alert streams', options);
  }

  get openStreams(): number {
    return this.open.size;
  }

  /** Takes a stream slot for `caller` or refuses with 429; the returned release gives it back (once). */
  admit(caller: string): () => void {
    return this.slots.admit(caller);
  }

  async serve(res: ServerResponse, since: string | null, filter: AlertFilter, reader: Reader, headers: Record<string, string> = {}, release: () => void = () => undefined): Promise<void> {
    let subscription: Subscription | undefined;
    const opened = openEventStream(res, {
      headers,
      heartbeatMs: this.options.heartbeatMs,
      release,
      onClose: () => {
        subscription?.unsubscribe();
        this.open.delete(res);
      },
    });
    if (!opened) return;
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
    subscription = this.listener.alerts$.subscribe((a) => {
      if (replaying) held.push(a);
      else send(a);
    });

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
