import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Console sign-in (backend for frontend): logins under way and open sessions. Only hashes of the
 * browser's secrets are stored, so a copy of the table opens no session.
 */
export class CreateConsoleSessions1763900000800 implements MigrationInterface {
  name = 'CreateConsoleSessions1763900000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE login_requests (
      state varchar(64) PRIMARY KEY,
      binding_hash char(64) NOT NULL,
      nonce varchar(64) NOT NULL,
      code_verifier varchar(128) NOT NULL,
      return_to varchar(2000) NOT NULL,
      expires_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX login_requests_expires_idx ON login_requests (expires_at)`);
    await q.query(`CREATE TABLE console_sessions (
      id_hash char(64) PRIMARY KEY,
      csrf_token varchar(64) NOT NULL,
      principal_id varchar(100) NOT NULL,
      display_name varchar(200) NOT NULL,
      roles text[] NOT NULL,
      client_id varchar(200),
      id_token text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX console_sessions_principal_idx ON console_sessions (principal_id)`);
    await q.query(`CREATE INDEX console_sessions_expires_idx ON console_sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE console_sessions`);
    await q.query(`DROP TABLE login_requests`);
  }
}
