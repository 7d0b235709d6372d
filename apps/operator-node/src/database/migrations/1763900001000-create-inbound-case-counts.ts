import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inbound cases per partner and clock hour (UTC), counted in the transaction that stores each one,
 * for the per-partner quota (INBOUND_CASES_PER_PARTNER_PER_HOUR). Rows older than a week are pruned.
 */
export class CreateInboundCaseCounts1763900001000 implements MigrationInterface {
  name = 'CreateInboundCaseCounts1763900001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE inbound_case_counts (
      partner_operator varchar(10) NOT NULL,
      hour_start timestamptz NOT NULL,
      cases integer NOT NULL,
      PRIMARY KEY (partner_operator, hour_start)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inbound_case_counts`);
  }
}
