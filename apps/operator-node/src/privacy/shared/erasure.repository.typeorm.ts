import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Erasure, ErasureOrigin } from './erasure';
import { ErasureFilter, ErasureRepository } from './erasure.repository.port';

interface Row {
  id: string;
  case_id: string;
  origin: ErasureOrigin;
  requested_by: string;
  requested_by_name: string;
  reason: string | null;
  forced: boolean;
  erased_at: Date;
  partner_operator: string;
  partner_notified: boolean;
  partner_confirmed_at: Date | null;
  partner_confirmed_by: string | null;
  partner_confirmed_by_name: string | null;
}

const toErasure = (r: Row): Erasure =>
  new Erasure(
    r.id, r.case_id, r.origin, { id: r.requested_by, displayName: r.requested_by_name }, r.reason, r.forced, new Date(r.erased_at), r.partner_operator, r.partner_notified,
    r.partner_confirmed_at ? { at: new Date(r.partner_confirmed_at), by: { id: r.partner_confirmed_by ?? '', displayName: r.partner_confirmed_by_name ?? '' } } : null,
  );

const COLUMNS = `id, case_id, origin, requested_by, requested_by_name, reason, forced, erased_at, partner_operator, partner_notified, partner_confirmed_at, partner_confirmed_by, partner_confirmed_by_name`;

@Injectable()
export class TypeOrmErasureRepository extends ErasureRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }

  async localOf(tx: EntityManager, caseIds: string[]): Promise<Erasure[]> {
    const rows: Row[] = await tx.query(`SELECT ${COLUMNS} FROM erasures WHERE case_id = ANY($1::uuid[]) AND origin = 'LOCAL'`, [caseIds]);
    return rows.map(toErasure);
  }

  async lockById(tx: EntityManager, id: string): Promise<Erasure | null> {
    const rows: Row[] = await tx.query(`SELECT ${COLUMNS} FROM erasures WHERE id = $1 FOR UPDATE`, [id]);
    return rows.length ? toErasure(rows[0]) : null;
  }

  async findById(tx: EntityManager, id: string): Promise<Erasure | null> {
    const rows: Row[] = await tx.query(`SELECT ${COLUMNS} FROM erasures WHERE id = $1`, [id]);
    return rows.length ? toErasure(rows[0]) : null;
  }

  async insert(tx: EntityManager, ...erasures: Erasure[]): Promise<void> {
    if (erasures.length === 0) return;
    await tx.query(`INSERT INTO erasures (${COLUMNS}) ${values(erasures)}`, params(erasures));
  }

  async insertIfNew(tx: EntityManager, e: Erasure): Promise<boolean> {
    const rows: unknown[] = await tx.query(`INSERT INTO erasures (${COLUMNS}) ${values([e])} ON CONFLICT (id) DO NOTHING RETURNING id`, params([e]));
    return rows.length === 1;
  }

  async saveConfirmation(tx: EntityManager, e: Erasure): Promise<void> {
    const c = e.partnerConfirmation;
    await tx.query(`UPDATE erasures SET partner_confirmed_at = $2, partner_confirmed_by = $3, partner_confirmed_by_name = $4 WHERE id = $1`, [e.id, c?.at ?? null, c?.by.id ?? null, c?.by.displayName ?? null]);
  }

  async list(f: ErasureFilter, page: { offset: number; limit: number }): Promise<{ items: Erasure[]; total: number }> {
    const where = f.caseId ? 'WHERE case_id = $1' : '';
    const p = f.caseId ? [f.caseId] : [];
    const [{ total }]: Array<{ total: number }> = await this.ds.query(`SELECT count(*)::int AS total FROM erasures ${where}`, p);
    const rows: Row[] = await this.ds.query(`SELECT ${COLUMNS} FROM erasures ${where} ORDER BY erased_at DESC, id LIMIT $${p.length + 1} OFFSET $${p.length + 2}`, [...p, page.limit, page.offset]);
    return { items: rows.map(toErasure), total };
  }

  async ofCases(caseIds: string[], tx?: EntityManager): Promise<Erasure[]> {
    const rows: Row[] = await (tx ?? this.ds.manager).query(`SELECT ${COLUMNS} FROM erasures WHERE case_id = ANY($1::uuid[]) ORDER BY erased_at, id`, [caseIds]);
    return rows.map(toErasure);
  }
}

function values(erasures: Erasure[]): string {
  return `VALUES ${erasures.map((_, i) => `(${Array.from({ length: 13 }, (_, k) => `$${i * 13 + k + 1}`).join(', ')})`).join(', ')}`;
}

function params(erasures: Erasure[]): unknown[] {
  return erasures.flatMap((e) => [
    e.id, e.caseId, e.origin, e.requestedBy.id, e.requestedBy.displayName, e.reason, e.forced, e.erasedAt, e.partnerOperator, e.partnerNotified,
    e.partnerConfirmation?.at ?? null, e.partnerConfirmation?.by.id ?? null, e.partnerConfirmation?.by.displayName ?? null,
  ]);
}
