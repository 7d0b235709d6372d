import { Client } from 'pg';

/** Per table: row count and the newest row version (max xmin), so inserts, updates and deletes all show. */
export type DbSnapshot = Map<string, { rows: number; newest: number }>;

/**
 * Watches one app database: every table but the migration bookkeeping, the audit log (it records
 * refused attempts too, by design) and console sign-in state, in one query. A changed
 * count catches inserts and deletes, a changed max(xmin) catches inserts and updates (a new row
 * version always has a newer transaction id than every committed one).
 */
export class DbWatcher {
  private tables: string[] = [];
  private sql = '';

  private constructor(readonly name: string, private readonly client: Client) {}

  static async open(name: string, url: string): Promise<DbWatcher> {
    const client = new Client({ connectionString: url });
    await client.connect();
    const w = new DbWatcher(name, client);
    const { rows } = await client.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('migrations', 'typeorm_metadata', 'audit_log', 'login_requests', 'console_sessions')
        ORDER BY table_name`,
    );
    w.tables = rows.map((r) => r.t);
    if (w.tables.length === 0) throw new Error(`${name}: no tables to watch`);
    w.sql = w.tables.map((t) => `SELECT '${t}' AS t, count(*)::bigint AS n, coalesce(max(xmin::text::bigint), 0) AS x FROM "${t}"`).join(' UNION ALL ');
    return w;
  }

  get watched(): readonly string[] {
    return this.tables;
  }

  async snapshot(): Promise<DbSnapshot> {
    const { rows } = await this.client.query<{ t: string; n: string; x: string }>(this.sql);
    return new Map(rows.map((r) => [r.t, { rows: Number(r.n), newest: Number(r.x) }]));
  }

  async query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query<T>(sql, params)).rows;
  }

  /** Outbox rows not yet published (0 when the app has no outbox). */
  async unsent(): Promise<number> {
    if (!this.tables.includes('outbox_messages')) return 0;
    return Number((await this.client.query<{ n: string }>('SELECT count(*) AS n FROM outbox_messages WHERE sent_at IS NULL')).rows[0].n);
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

/** What changed between two snapshots, one line per table; empty when nothing did. */
export function snapshotDiff(before: DbSnapshot, after: DbSnapshot): string[] {
  const out: string[] = [];
  for (const [t, a] of after) {
    const b = before.get(t) ?? { rows: 0, newest: 0 };
    if (a.rows !== b.rows) out.push(`${t}: ${b.rows} → ${a.rows} rows`);
    else if (a.newest !== b.newest) out.push(`${t}: rows written (updated or replaced), count ${a.rows}`);
  }
  return out;
}

const fingerprint = (s: DbSnapshot) => [...s].map(([t, v]) => `${t}=${v.rows}/${v.newest}`).join(',');

/**
 * Waits until the network has settled: no unpublished outbox row in any watched database and no
 * table changed for `stableMs` (a message in flight between two apps shows as the next app's
 * inbox row within a few Kafka polls). Resolves false if it never settles within `timeoutMs`.
 */
export async function quiesce(watchers: DbWatcher[], stableMs = 200, timeoutMs = 8_000): Promise<boolean> {
  const read = async () => {
    const parts = await Promise.all(watchers.map(async (w) => `${w.name}:${fingerprint(await w.snapshot())}:${await w.unsent()}`));
    return { fp: parts.join('|'), busy: (await Promise.all(watchers.map((w) => w.unsent()))).some((n) => n > 0) };
  };
  const end = Date.now() + timeoutMs;
  let last = await read();
  let since = Date.now();
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 25));
    const now = await read();
    if (now.fp !== last.fp || now.busy) {
      last = now;
      since = Date.now();
      continue;
    }
    if (Date.now() - since >= stableMs) return true;
  }
  return false;
}
