import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PRESENCE_CHANNEL, PRESENCE_LIST_CAP, PRESENCE_TTL_SECONDS, PresenceActivity, PresenceEntry } from './case-presence';
import { CasePresenceRepository } from './case-presence.repository.port';

// Times are the database's (now()), so replicas with drifting clocks agree on what has expired.
@Injectable()
export class TypeOrmCasePresenceRepository extends CasePresenceRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }

  heartbeat(caseId: string, who: { id: string; displayName: string }, activity: PresenceActivity): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      // `since` survives heartbeats of the same activity; a change of activity, or a return after expiry, starts it anew.
      const rows: unknown[] = await m.query(
        `INSERT INTO case_presence (case_id, principal_id, display_name, activity, since, updated_at, expires_at)
         SELECT id, $2, $3, $4, now(), now(), now() + make_interval(secs => $5) FROM cases WHERE id = $1
         ON CONFLICT (case_id, principal_id) DO UPDATE SET
           display_name = EXCLUDED.display_name, activity = EXCLUDED.activity, updated_at = EXCLUDED.updated_at, expires_at = EXCLUDED.expires_at,
           since = CASE WHEN case_presence.activity = EXCLUDED.activity AND case_presence.expires_at > now() THEN case_presence.since ELSE EXCLUDED.since END
         RETURNING case_id`,
        [caseId, who.id, who.displayName.slice(0, 200), activity, PRESENCE_TTL_SECONDS],
      );
      if (rows.length === 0) return false;
      // The case's own expired entries go now; the sweeper takes those of cases nobody opens.
      await m.query(`DELETE FROM case_presence WHERE case_id = $1 AND expires_at <= now()`, [caseId]);
      await m.query(`SELECT pg_notify($1, $2)`, [PRESENCE_CHANNEL, caseId]);
      return true;
    });
  }

  async leave(caseId: string, principalId: string): Promise<void> {
    await this.ds.query(
      `WITH gone AS (DELETE FROM case_presence WHERE case_id = $1 AND principal_id = $2 RETURNING case_id)
       SELECT pg_notify($3, case_id::text) FROM gone`,
      [caseId, principalId, PRESENCE_CHANNEL],
    );
  }

  async entries(caseId: string): Promise<PresenceEntry[]> {
    const rows: Array<{ principal_id: string; display_name: string; activity: PresenceActivity; since: Date }> = await this.ds.query(
      `SELECT principal_id, display_name, activity, since FROM case_presence WHERE case_id = $1 AND expires_at > now()
        ORDER BY since, principal_id LIMIT $2`,
      [caseId, PRESENCE_LIST_CAP + 1],
    );
    // One more than the cap, so the caller (left out of their own list) does not shorten it.
    return rows.map((r) => ({ principalId: r.principal_id, displayName: r.display_name, activity: r.activity, since: r.since.toISOString() }));
  }

  async sweep(batch: number): Promise<number> {
    // SKIP LOCKED: replicas sweeping at once take different rows instead of waiting on each other.
    const rows: Array<{ case_id: string }> = await this.ds.query(
      `WITH gone AS (
         DELETE FROM case_presence p USING (
           SELECT case_id, principal_id FROM case_presence WHERE expires_at <= now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED
         ) x WHERE p.case_id = x.case_id AND p.principal_id = x.principal_id RETURNING p.case_id)
       SELECT case_id, pg_notify($2, case_id::text) FROM (SELECT DISTINCT case_id FROM gone) g`,
      [batch, PRESENCE_CHANNEL],
    );
    return rows.length;
  }

  async caseExists(caseId: string): Promise<boolean> {
    return (await this.ds.query(`SELECT 1 FROM cases WHERE id = $1`, [caseId])).length > 0;
  }
}
