import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConsoleSession, LoginRequest } from './console-session';
import { SessionRepository } from './session.repository.port';

interface SessionRow {
  id_hash: string;
  csrf_token: string;
  principal_id: string;
  display_name: string;
  roles: string[];
  client_id: string | null;
  id_token: string | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

const fromRow = (r: SessionRow): ConsoleSession => ({
  idHash: r.id_hash, csrfToken: r.csrf_token, principalId: r.principal_id, displayName: r.display_name, roles: r.roles, clientId: r.client_id,
  idToken: r.id_token, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at,
});

@Injectable()
export class TypeOrmSessionRepository extends SessionRepository {
  constructor(private readonly ds: DataSource) {
    super();
  }

  async saveLogin(r: LoginRequest): Promise<void> {
    await this.ds.query(`INSERT INTO login_requests (state, binding_hash, nonce, code_verifier, return_to, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      r.state, r.bindingHash, r.nonce, r.codeVerifier, r.returnTo, r.expiresAt,
    ]);
  }

  async takeLogin(state: string, bindingHash: string): Promise<LoginRequest | null> {
    const [rows]: [Array<{ state: string; binding_hash: string; nonce: string; code_verifier: string; return_to: string; expires_at: Date }>] = await this.ds.query(
      `DELETE FROM login_requests WHERE state = $1 AND binding_hash = $2 RETURNING *`,
      [state, bindingHash],
    );
    const r = rows[0];
    return r ? { state: r.state, bindingHash: r.binding_hash, nonce: r.nonce, codeVerifier: r.code_verifier, returnTo: r.return_to, expiresAt: r.expires_at } : null;
  }

  async create(s: ConsoleSession): Promise<void> {
    await this.ds.query(
      `INSERT INTO console_sessions (id_hash, csrf_token, principal_id, display_name, roles, client_id, id_token, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [s.idHash, s.csrfToken, s.principalId, s.displayName, s.roles, s.clientId, s.idToken, s.createdAt, s.lastSeenAt, s.expiresAt],
    );
  }

  async find(idHash: string): Promise<ConsoleSession | null> {
    const rows: SessionRow[] = await this.ds.query(`SELECT * FROM console_sessions WHERE id_hash = $1`, [idHash]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async touch(idHash: string, at: Date): Promise<void> {
    await this.ds.query(`UPDATE console_sessions SET last_seen_at = $2 WHERE id_hash = $1 AND last_seen_at < $2`, [idHash, at]);
  }

  async delete(idHash: string): Promise<ConsoleSession | null> {
    const [rows]: [SessionRow[]] = await this.ds.query(`DELETE FROM console_sessions WHERE id_hash = $1 RETURNING *`, [idHash]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async prune(now: Date, idleMs: number, limit: number): Promise<number> {
    const [, sessions]: [unknown, number] = await this.ds.query(
      `DELETE FROM console_sessions WHERE id_hash IN (SELECT id_hash FROM console_sessions WHERE expires_at < $1 OR last_seen_at < $3 LIMIT $2)`,
      [now, limit, new Date(now.getTime() - idleMs)],
    );
    const [, logins]: [unknown, number] = await this.ds.query(`DELETE FROM login_requests WHERE state IN (SELECT state FROM login_requests WHERE expires_at < $1 LIMIT $2)`, [now, limit]);
    return sessions + logins;
  }
}
