import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who read customer data or changed anything, when, through which route and on which case.
 * Append-only: triggers refuse UPDATE, DELETE and TRUNCATE, so application code cannot rewrite it.
 */
export class CreateAuditLog1763900000900 implements MigrationInterface {
  name = 'CreateAuditLog1763900000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      principal_id varchar(100) NOT NULL,
      display_name varchar(200) NOT NULL,
      client_id varchar(200),
      via varchar(10) NOT NULL,
      method varchar(10) NOT NULL,
      route varchar(200) NOT NULL,
      operation varchar(100) NOT NULL,
      case_id uuid,
      status smallint NOT NULL,
      detail jsonb
    )`);
    await q.query(`CREATE INDEX audit_log_case_idx ON audit_log (case_id, id) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_log_principal_idx ON audit_log (principal_id, id)`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at)`);
    await q.query(`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
  }
}
