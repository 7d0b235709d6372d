import type { AlertType } from '@postbridge/domain';

export const ALERT_AUDIENCES = ['AGENTS', 'SUPERVISORS'] as const;
export type AlertAudience = (typeof ALERT_AUDIENCES)[number];

/** NOTIFY channel of committed alerts (per database, so per node); the payload is the newest id. */
export const ALERTS_CHANNEL = 'postbridge_node_alerts';

/** An alert to raise, in the transaction of the change that causes it. */
export interface NewAlert {
  type: AlertType;
  caseId: string;
  itemId: string;
  audience: AlertAudience;
  /** The case's assignee at this node when the alert was raised. */
  assignee: string | null;
  payload: Record<string, unknown>;
}

/**
 * A committed alert. Ids are decimal strings (bigserial) and grow in commit order; compare them
 * as numbers (`compareAlertIds`), never as text: as text '10' < '9'.
 */
export interface StoredAlert extends NewAlert {
  id: string;
  createdAt: Date;
}

/** Which alerts a reader wants; absent fields match everything. */
export interface AlertFilter {
  types?: readonly AlertType[];
  audience?: AlertAudience;
  caseId?: string;
}

export function alertMatches(f: AlertFilter, a: StoredAlert): boolean {
  return (!f.types || f.types.includes(a.type)) && (!f.audience || f.audience === a.audience) && (!f.caseId || f.caseId === a.caseId);
}

interface AlertRow {
  id: string;
  type: AlertType;
  case_id: string;
  item_id: string;
  audience: AlertAudience;
  assignee: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
}

const COLUMNS = 'id::text AS id, type, case_id, item_id, audience, assignee, payload, created_at';
// ORDER BY a bare `id` would name the text output column above (PostgreSQL looks up output
// columns first) and sort 1, 10, 100, 11, ...: the queries order by the bigint column itself.

/**
 * Alerts after an id, oldest first: `$1` id (exclusive), `$2` types (text[] or null), `$3`
 * audience (or null), `$4` case id (or null), `$5` limit. Used by the listener and the REST reads.
 */
export const ALERTS_AFTER_SQL = `
  SELECT ${COLUMNS} FROM node_alerts
  WHERE id > $1::bigint AND ($2::text[] IS NULL OR type = ANY($2::text[])) AND ($3::text IS NULL OR audience = $3::text) AND ($4::uuid IS NULL OR case_id = $4::uuid)
  ORDER BY node_alerts.id LIMIT $5`;

/** The newest `$4` alerts matching the filter (same parameters as ALERTS_AFTER_SQL, without the id), newest first. */
export const LATEST_ALERTS_SQL = `
  SELECT ${COLUMNS} FROM node_alerts
  WHERE ($1::text[] IS NULL OR type = ANY($1::text[])) AND ($2::text IS NULL OR audience = $2::text) AND ($3::uuid IS NULL OR case_id = $3::uuid)
  ORDER BY node_alerts.id DESC LIMIT $4`;

export function alertsAfterParams(since: string, f: AlertFilter, limit: number): unknown[] {
  return [since, f.types?.length ? [...f.types] : null, f.audience ?? null, f.caseId ?? null, limit];
}

/** Orders alert ids (decimal strings) by their numeric value. */
export function compareAlertIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function alertFromRow(r: AlertRow): StoredAlert {
  return { id: r.id, type: r.type, caseId: r.case_id, itemId: r.item_id, audience: r.audience, assignee: r.assignee, payload: r.payload, createdAt: new Date(r.created_at) };
}
