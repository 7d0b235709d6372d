import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import type { DatabaseSsl } from '@postbridge/platform';
import { Observable, Subject } from 'rxjs';
import { alertFromRow, ALERTS_AFTER_SQL, ALERTS_CHANNEL, alertsAfterParams, compareAlertIds, StoredAlert } from './alert';

/** Where the listener connects; a class so it can be the DI token. */
export class AlertListenerOptions {
  constructor(
    readonly databaseUrl: string,
    readonly applicationName = 'postbridge-alert-listener',
    /** First reconnect delay; doubles per failed attempt up to `maxReconnectDelayMs` (with jitter). */
    readonly reconnectDelayMs = 100,
    readonly maxReconnectDelayMs = 5_000,
    /** TLS as the process's pool uses it (databaseSsl). */
    readonly ssl: DatabaseSsl = false,
  ) {}
}

export type AlertListenerEvent =
  | { type: 'connected' }
  | { type: 'lost'; error: string }
  | { type: 'retry-failed'; attempt: number; error: string };

const PAGE = 500;

/**
 * Turns committed alerts into a live stream for this process's SSE clients. A dedicated
 * connection LISTENs for the commit notifications; on each one (and after every reconnect) it
 * reads everything after the last id it has seen, so nothing is lost while the connection was
 * down, and alerts come out once each, in id (= commit) order. Other replicas run their own.
 */
@Injectable()
export class AlertListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertListener.name);
  private readonly alertsSubject = new Subject<StoredAlert>();
  private readonly eventsSubject = new Subject<AlertListenerEvent>();
  readonly alerts$: Observable<StoredAlert> = this.alertsSubject.asObservable();
  /** Connection changes, for health and tests. */
  readonly events$: Observable<AlertListenerEvent> = this.eventsSubject.asObservable();

  private client: Client | null = null;
  /** Numerically the greatest id passed on: it only ever grows. */
  private lastSeen: string | null = null;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private draining = false;
  private dirty = false;

  constructor(private readonly options: AlertListenerOptions) {}

  get connected(): boolean {
    return this.client !== null;
  }

  /** Id of the newest alert passed on (null before the first connection). */
  get lastSeenId(): string | null {
    return this.lastSeen;
  }

  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** Connects once; if that fails, keeps retrying in the background (the app still starts). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    this.alertsSubject.complete();
    this.eventsSubject.complete();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.options.databaseUrl, ssl: this.options.ssl, application_name: this.options.applicationName, keepAlive: true });
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client, new Error('connection closed')));
    client.on('notification', (n) => {
      if (n.channel === ALERTS_CHANNEL && this.client === client) this.drain();
    });
    try {
      await client.connect();
      // LISTEN before reading the newest id: an alert committing in between is seen either way.
      await client.query(`LISTEN ${ALERTS_CHANNEL}`);
      if (this.lastSeen === null) {
        const [{ id }] = (await client.query<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM node_alerts`)).rows;
        this.lastSeen = id;
      }
    } catch (e) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      if (this.stopped) return;
      this.attempt += 1;
      this.eventsSubject.next({ type: 'retry-failed', attempt: this.attempt, error: (e as Error).message });
      this.logger.warn(`alert listener cannot connect (attempt ${this.attempt}): ${(e as Error).message}`);
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    if (this.attempt > 0) this.logger.log(`alert listener reconnected after ${this.attempt} attempt(s); catching up after alert ${this.lastSeen}`);
    this.attempt = 0;
    this.eventsSubject.next({ type: 'connected' });
    // Catch up on whatever committed while there was no connection.
    this.drain();
  }

  private lost(client: Client, error: Error): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(`alert listener lost its connection: ${error.message}; reconnecting`);
    this.eventsSubject.next({ type: 'lost', error: error.message });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.timer) return;
    const base = Math.min(this.options.maxReconnectDelayMs, this.options.reconnectDelayMs * 2 ** Math.min(this.attempt, 16));
    const delay = Math.round(base * (0.5 + Math.random() / 2));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
    this.timer.unref();
  }

  /** Reads and passes on every alert after the last one seen; one reader at a time. */
  private drain(): void {
    this.dirty = true;
    if (this.draining) return;
    this.draining = true;
    void (async () => {
      try {
        while (this.dirty && this.client && !this.stopped) {
          this.dirty = false;
          const client = this.client;
          for (;;) {
            const { rows } = await client.query(ALERTS_AFTER_SQL, alertsAfterParams(this.lastSeen ?? '0', {}, PAGE));
            // The query orders by the numeric id; ids are compared as numbers here too ('10' < '9'
            // as text), so an alert is passed on once, in id order, and lastSeen never moves back.
            const page = rows.map(alertFromRow).sort((a, b) => compareAlertIds(a.id, b.id));
            for (const alert of page) {
              if (this.lastSeen !== null && compareAlertIds(alert.id, this.lastSeen) <= 0) continue;
              this.lastSeen = alert.id;
              this.alertsSubject.next(alert);
            }
            if (rows.length < PAGE) break;
          }
        }
      } catch (e) {
        // The connection failed mid-read: `lost` reconnects, and the reconnect catches up from lastSeen.
        this.logger.warn(`alert listener could not read new alerts: ${(e as Error).message}`);
        this.dirty = false;
      } finally {
        this.draining = false;
        if (this.dirty && this.client && !this.stopped) this.drain();
      }
    })();
  }
}
