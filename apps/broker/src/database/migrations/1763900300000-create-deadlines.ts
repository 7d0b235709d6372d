import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEADLINE_EVENT_KINDS, DEADLINE_STATES, TARGET_UNITS } from '@postbridge/domain';

// Frozen copies of the vocabularies at the time of this migration: a later change needs its own migration.
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const STATES = list(DEADLINE_STATES);
const KINDS = list(DEADLINE_EVENT_KINDS);
const UNITS = list(TARGET_UNITS);

/**
 * The broker's deadline clock of each case (one row per case, the current round) and one fact per
 * answered round, for response-time reports. Instants the clock computes with are stored to the
 * millisecond; `pauses` holds [{ reason, from, to }] in epoch milliseconds.
 */
export class CreateDeadlines1763900300000 implements MigrationInterface {
  name = 'CreateDeadlines1763900300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_deadlines (
        case_id uuid PRIMARY KEY,
        item_id varchar(13) NOT NULL,
        network varchar(20) NOT NULL,
        origin_operator varchar(10) NOT NULL,
        responder_operator varchar(10) NOT NULL,
        inquiry_type varchar(40) NOT NULL,
        product_family varchar(20) NOT NULL,
        round integer NOT NULL CONSTRAINT case_deadlines_round_check CHECK (round >= 1),
        target_value integer NOT NULL,
        target_unit varchar(20) NOT NULL CONSTRAINT case_deadlines_target_unit_check CHECK (target_unit IN (${UNITS})),
        target_ms bigint NOT NULL,
        reminder_lead_ms bigint NOT NULL,
        reminder_interval_ms bigint NOT NULL,
        reminders_before_escalation integer NOT NULL CONSTRAINT case_deadlines_reminders_check CHECK (reminders_before_escalation >= 1),
        started_at timestamptz NOT NULL,
        pauses jsonb NOT NULL DEFAULT '[]'::jsonb,
        milestones_done integer NOT NULL DEFAULT 0,
        state varchar(20) NOT NULL CONSTRAINT case_deadlines_state_check CHECK (state IN (${STATES})),
        last_event varchar(20) NOT NULL CONSTRAINT case_deadlines_last_event_check CHECK (last_event IN (${KINDS})),
        due_at timestamptz,
        next_check_at timestamptz,
        sequence bigint NOT NULL,
        first_response_at timestamptz,
        first_response_working_ms bigint,
        met boolean,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The watcher's scan: only rows with something to watch.
    await q.query(`CREATE INDEX case_deadlines_next_check_at_idx ON case_deadlines (next_check_at) WHERE next_check_at IS NOT NULL`);
    // Tracking: live deadlines of the items in a batch.
    await q.query(`CREATE INDEX case_deadlines_live_item_id_idx ON case_deadlines (item_id) WHERE closed_at IS NULL`);
    await q.query(`CREATE INDEX case_deadlines_due_at_idx ON case_deadlines (due_at, case_id)`);
    await q.query(`CREATE INDEX case_deadlines_responder_state_idx ON case_deadlines (responder_operator, state)`);

    // working_ms: working time of the responder's calendar from request to answer, pauses excluded.
    await q.query(`
      CREATE TABLE response_facts (
        case_id uuid NOT NULL,
        round integer NOT NULL,
        network varchar(20) NOT NULL,
        origin_operator varchar(10) NOT NULL,
        responder_operator varchar(10) NOT NULL,
        inquiry_type varchar(40) NOT NULL,
        product_family varchar(20) NOT NULL,
        requested_at timestamptz NOT NULL,
        answered_at timestamptz NOT NULL,
        working_ms bigint NOT NULL,
        paused_working_ms bigint NOT NULL,
        target_ms bigint NOT NULL,
        met boolean NOT NULL,
        first_response_at timestamptz,
        first_response_working_ms bigint,
        PRIMARY KEY (case_id, round)
      )`);
    await q.query(`CREATE INDEX response_facts_answered_at_idx ON response_facts (answered_at)`);
    await q.query(`CREATE INDEX response_facts_responder_network_idx ON response_facts (responder_operator, network)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE response_facts`);
    await q.query(`DROP TABLE case_deadlines`);
  }
}
