import type { ServerResponse } from 'node:http';
import { BeforeApplicationShutdown, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { ApiException } from '@postbridge/platform';
import { AlertStreamOptions } from '../../alerts/stream-alerts/alert-streams';
import { othersThan, PRESENCE_LIST_CAP, PresenceEntry } from '../shared/case-presence';
import { CasePresenceRepository } from '../shared/case-presence.repository.port';
import { ALL_CASES, PresenceListener } from '../shared/presence-listener';

interface Watcher {
  res: ServerResponse;
  principalId: string;
  /** The last list sent, so a heartbeat that changes nothing sends nothing. */
  lastSent: string | null;
}

/** The streams of one case in this process: one read per change, whatever the number of watchers. */
interface Room {
  watchers: Set<Watcher>;
  reading: boolean;
  dirty: boolean;
}

function tooMany(message: string): ApiException {
  return new ApiException(429, 'TOO_MANY_STREAMS', message);
}

/**
 * Server-Sent Events of who else has a case open. Each change the listener hears (any replica's
 * heartbeat, leave or sweep) makes the case's room read the list once and send it to each watcher
 * whose view (everyone but themselves) changed. Caps, heartbeat and buffer limit are the alert
 * stream's (AlertStreamOptions), counted separately.
 */
@Injectable()
export class PresenceStreams implements BeforeApplicationShutdown, OnModuleDestroy {
  private readonly logger = new Logger(PresenceStreams.name);
  private readonly rooms = new Map<string, Room>();
  private readonly byCaller = new Map<string, number>();
  private reserved = 0;
  private readonly subscription: Subscription;

  constructor(private readonly listener: PresenceListener, private readonly presence: CasePresenceRepository, private readonly options: AlertStreamOptions) {
    this.subscription = this.listener.changes$.subscribe((caseId) => {
      if (caseId === ALL_CASES) for (const id of this.rooms.keys()) this.refresh(id);
      else if (this.rooms.has(caseId)) this.refresh(caseId);
    });
  }

  get openStreams(): number {
    let n = 0;
    for (const room of this.rooms.values()) n += room.watchers.size;
    return n;
  }

  /** Takes a stream slot for `caller` or refuses with 429; the returned release gives it back (once). */
  admit(caller: string): () => void {
    const mine = this.byCaller.get(caller) ?? 0;
    if (mine >= this.options.perCaller) throw tooMany(`you already have ${mine} presence streams open; close one (another tab?)`);
    if (this.reserved >= this.options.total) throw tooMany('this node serves as many presence streams as it can; retry shortly');
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

  serve(res: ServerResponse, caseId: string, principalId: string, headers: Record<string, string> = {}, release: () => void = () => undefined): void {
    if (res.destroyed || res.socket?.destroyed) {
      release();
      return;
    }
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 2000\n: connected\n\n`);
    const watcher: Watcher = { res, principalId, lastSent: null };
    let room = this.rooms.get(caseId);
    if (!room) {
      room = { watchers: new Set(), reading: false, dirty: false };
      this.rooms.set(caseId, room);
    }
    room.watchers.add(watcher);
    const heartbeat = setInterval(() => {
      if (!res.writableEnded && !res.destroyed) res.write(`: heartbeat ${new Date().toISOString()}\n\n`);
    }, this.options.heartbeatMs);
    const cleanup = () => {
      release();
      clearInterval(heartbeat);
      const r = this.rooms.get(caseId);
      r?.watchers.delete(watcher);
      if (r && r.watchers.size === 0) this.rooms.delete(caseId);
    };
    res.on('close', cleanup);
    res.on('finish', cleanup);
    res.on('error', cleanup);
    // The list on connect, even an empty one: the client knows where it stands.
    this.refresh(caseId);
  }

  /** Reads the case's list and sends it where it changed; one read at a time per room, again if changes came meanwhile. */
  private refresh(caseId: string): void {
    const room = this.rooms.get(caseId);
    if (!room) return;
    room.dirty = true;
    if (room.reading) return;
    room.reading = true;
    void (async () => {
      try {
        while (room.dirty && room.watchers.size > 0) {
          room.dirty = false;
          const entries = await this.presence.entries(caseId);
          for (const w of room.watchers) this.send(w, caseId, entries);
        }
      } catch (e) {
        // The next change (or the client's reconnect) reads again.
        this.logger.warn(`presence stream could not read case ${caseId}: ${(e as Error).message}`);
      } finally {
        room.reading = false;
      }
    })();
  }

  private send(w: Watcher, caseId: string, entries: PresenceEntry[]): void {
    const data = JSON.stringify({ caseId, viewers: othersThan(entries, w.principalId).slice(0, PRESENCE_LIST_CAP) });
    if (data === w.lastSent || w.res.writableEnded || w.res.destroyed) return;
    w.lastSent = data;
    w.res.write(`event: presence\ndata: ${data}\n\n`);
    if (w.res.writableLength > this.options.maxBufferedBytes) {
      this.logger.warn(`presence stream client is ${w.res.writableLength} bytes behind; closing it (it reconnects and gets the current list)`);
      w.res.end();
    }
  }

  beforeApplicationShutdown(): void {
    for (const room of this.rooms.values()) for (const w of room.watchers) w.res.end();
    this.rooms.clear();
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }
}
