import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { Observable, Subject } from 'rxjs';
import type { DatabaseSsl } from '@postbridge/platform';
import { PRESENCE_CHANNEL } from './case-presence';
import { CasePresenceRepository } from './case-presence.repository.port';

/** Where the listener connects and how often expired entries are swept; a class so it can be the DI token. */
export class PresenceListenerOptions {
  constructor(
    readonly databaseUrl: string,
    readonly applicationName = 'postbridge-presence-listener',
    readonly ssl: DatabaseSsl = false,
    /** Expiry is noticed (and announced) within this long. */
    readonly sweepMs = 2_000,
    /** Expired entries deleted per sweep: a backlog drains over several sweeps, never in one long statement. */
    readonly sweepBatch = 500,
    readonly reconnectDelayMs = 100,
    readonly maxReconnectDelayMs = 5_000,
  ) {}
}

/** Every case (after a reconnect: notifications may have been missed). */
export const ALL_CASES = '*';

/**
 * Presence changes committed by any replica, for this process's streams: a dedicated connection
 * LISTENs on the presence channel. It also sweeps expired entries, which announces them too, so
 * viewers who closed their laptop disappear from everyone's list within a sweep.
 */
@Injectable()
export class PresenceListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PresenceListener.name);
  private readonly subject = new Subject<string>();
  /** Case ids whose presence changed, or ALL_CASES. */
  readonly changes$: Observable<string> = this.subject.asObservable();
  private client: Client | null = null;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping = false;
  private stopped = false;
  private watching = 0;

  constructor(private readonly options: PresenceListenerOptions, private readonly presence: CasePresenceRepository) {}

  get connected(): boolean {
    return this.client !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.stopped = false;
    this.sweepTimer = setInterval(() => void this.sweep(), this.options.sweepMs);
    this.sweepTimer.unref();
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    this.subject.complete();
  }

  /**
   * A presence stream of this process is open until the returned function is called. Sweeps run
   * only meanwhile: an idle node sends no query every 2 s, and expired rows are invisible anyway
   * (reads skip them; a write clears its case's).
   */
  watch(): () => void {
    this.watching++;
    let done = false;
    return () => {
      if (!done) this.watching--;
      done = true;
    };
  }

  private async sweep(): Promise<void> {
    if (this.sweeping || this.stopped || this.watching === 0) return;
    this.sweeping = true;
    try {
      await this.presence.sweep(this.options.sweepBatch);
    } catch (e) {
      this.logger.warn(`presence sweep failed: ${(e as Error).message}`);
    } finally {
      this.sweeping = false;
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.options.databaseUrl, ssl: this.options.ssl, application_name: this.options.applicationName, keepAlive: true });
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client, new Error('connection closed')));
    client.on('notification', (n) => {
      if (n.channel === PRESENCE_CHANNEL && n.payload && this.client === client) this.subject.next(n.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PRESENCE_CHANNEL}`);
    } catch (e) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      if (this.stopped) return;
      this.attempt += 1;
      this.logger.warn(`presence listener cannot connect (attempt ${this.attempt}): ${(e as Error).message}`);
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    const reconnected = this.attempt > 0;
    this.attempt = 0;
    // Changes while there was no connection were not heard: every stream reads its case again.
    if (reconnected) this.subject.next(ALL_CASES);
  }

  private lost(client: Client, error: Error): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(`presence listener lost its connection: ${error.message}; reconnecting`);
    this.attempt = Math.max(this.attempt, 1);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const base = Math.min(this.options.maxReconnectDelayMs, this.options.reconnectDelayMs * 2 ** Math.min(this.attempt, 16));
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, Math.round(base * (0.5 + Math.random() / 2)));
    this.reconnectTimer.unref();
  }
}
