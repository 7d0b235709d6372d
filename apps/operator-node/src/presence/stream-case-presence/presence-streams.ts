import type { ServerResponse } from 'node:http';
import { BeforeApplicationShutdown, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { EventStreamOptions, openEventStream, StreamSlots } from '@postbridge/platform';
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

/**
 * Server-Sent Events of who else has a case open. Each change the listener hears (any replica's
 * heartbeat, leave or sweep) makes the case's room read the list once and send it to each watcher
 * whose view (everyone but themselves) changed. Caps, heartbeat and buffer limit are the node's
 * EventStreamOptions, shared with the alert streams; the slots are counted separately.
 */
@Injectable()
export class PresenceStreams implements BeforeApplicationShutdown, OnModuleDestroy {
  private readonly logger = new Logger(PresenceStreams.name);
  private readonly rooms = new Map<string, Room>();
  private readonly slots: StreamSlots;
  private readonly subscription: Subscription;

  constructor(private readonly listener: PresenceListener, private readonly presence: CasePresenceRepository, private readonly options: EventStreamOptions) {
    this.slots = new StreamSlots('presence streams', options);
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
    return this.slots.admit(caller);
  }

  serve(res: ServerResponse, caseId: string, principalId: string, headers: Record<string, string> = {}, release: () => void = () => undefined): void {
    const watcher: Watcher = { res, principalId, lastSent: null };
    const unwatch = this.listener.watch();
    const opened = openEventStream(res, {
      headers,
      heartbeatMs: this.options.heartbeatMs,
      release: () => {
        release();
        unwatch();
      },
      onClose: () => {
        const r = this.rooms.get(caseId);
        r?.watchers.delete(watcher);
        if (r && r.watchers.size === 0) this.rooms.delete(caseId);
      },
    });
    if (!opened) return;
    let room = this.rooms.get(caseId);
    if (!room) {
      room = { watchers: new Set(), reading: false, dirty: false };
      this.rooms.set(caseId, room);
    }
    room.watchers.add(watcher);
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
