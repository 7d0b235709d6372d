import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WORK_QUEUE_SQL } from '../../cases/shared/work-queue.sql';
import type { AgentWorkloadResponse, WorkloadCounts } from './list-agents.response.dto';
import { TeamRepository } from './team.repository.port';

// Open cases only (the status index), each with its work queue as listQueue counts it ($1 = this node).
const OPEN_LOAD = `SELECT c.assignee, q.queue, c.deadline_state FROM cases c CROSS JOIN LATERAL (SELECT ${WORK_QUEUE_SQL.replaceAll(':me', '$1')} AS queue) q
  WHERE c.status NOT IN ('RESOLVED', 'REFUSED')`;
const COUNTS = `count(*)::int AS "openAssigned", (count(*) FILTER (WHERE queue = 'OVERDUE'))::int AS overdue,
  (count(*) FILTER (WHERE deadline_state = 'ESCALATED'))::int AS escalated, (count(*) FILTER (WHERE queue = 'DUE_SOON'))::int AS "dueSoon"`;

// Who works here: whoever was assigned a case, chose a profile, signed in to the console as an
// agent or supervisor, or is on a case now. Partners' agents are in none of these tables.
const KNOWN = `SELECT assignee AS agent_id FROM cases WHERE assignee IS NOT NULL
  UNION SELECT agent_id FROM agent_profiles
  UNION SELECT principal_id FROM console_sessions WHERE roles && ARRAY['agent', 'supervisor']::text[]
  UNION SELECT principal_id FROM case_presence`;
const NAMES = `SELECT DISTINCT ON (principal_id) principal_id, display_name FROM (
    SELECT principal_id, display_name, last_seen_at AS at FROM console_sessions
    UNION ALL SELECT principal_id, display_name, updated_at FROM case_presence
  ) n ORDER BY principal_id, at DESC`;

@Injectable()
export class TypeOrmTeamRepository extends TeamRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }

  async agents(me: string, page: number, pageSize: number): Promise<{ items: AgentWorkloadResponse[]; total: number }> {
    const rows: Array<AgentWorkloadResponse & { total: number }> = await this.ds.query(
      `WITH known AS (${KNOWN}),
            page AS (SELECT agent_id, count(*) OVER ()::int AS total FROM known ORDER BY agent_id COLLATE "C" LIMIT $2 OFFSET $3),
            load AS (SELECT assignee AS agent_id, ${COUNTS} FROM (${OPEN_LOAD} AND c.assignee IN (SELECT agent_id FROM page)) o GROUP BY assignee),
            names AS (${NAMES})
       SELECT p.agent_id AS "agentId", n.display_name AS "displayName", coalesce(l."openAssigned", 0) AS "openAssigned", coalesce(l.overdue, 0) AS overdue,
              coalesce(l.escalated, 0) AS escalated, coalesce(l."dueSoon", 0) AS "dueSoon", p.total
         FROM page p LEFT JOIN load l ON l.agent_id = p.agent_id LEFT JOIN names n ON n.principal_id = p.agent_id
        ORDER BY p.agent_id COLLATE "C"`,
      [me, pageSize, (page - 1) * pageSize],
    );
    // A page past the end has no rows to carry the total.
    const total = rows[0]?.total ?? (page > 1 ? Number((await this.ds.query(`SELECT count(*)::int AS n FROM (${KNOWN}) k`))[0].n) : 0);
    return { items: rows.map(({ total: _, ...r }) => r), total };
  }

  async unassigned(me: string): Promise<WorkloadCounts> {
    const [row] = await this.ds.query(`SELECT ${COUNTS} FROM (${OPEN_LOAD} AND c.assignee IS NULL) o`, [me]);
    return row;
  }
}
