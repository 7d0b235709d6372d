import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { CaseIndexRepository, CaseParties, IndexedCase, IndexedCaseChange, IndexedCaseFilter, NewIndexedCase, Page } from './case-index.repository.port';
import { CaseIndexEntity } from './case-index.entity';

@Injectable()
export class TypeOrmCaseIndexRepository extends CaseIndexRepository {
  constructor(@InjectDataSource() private readonly db: DataSource | EntityManager) {
    super();
  }

  private get manager(): EntityManager {
    return this.db instanceof DataSource ? this.db.manager : this.db;
  }

  inTransaction(manager: EntityManager): CaseIndexRepository {
    return new TypeOrmCaseIndexRepository(manager);
  }

  async findById(caseId: string, opts?: { forUpdate?: boolean }): Promise<IndexedCase | null> {
    const qb = this.manager.getRepository(CaseIndexEntity).createQueryBuilder('c').where('c.caseId = :caseId', { caseId });
    if (opts?.forUpdate) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async insert(row: NewIndexedCase): Promise<void> {
    await this.manager.getRepository(CaseIndexEntity).insert(row);
  }

  async update(caseId: string, change: IndexedCaseChange): Promise<void> {
    await this.manager.getRepository(CaseIndexEntity).update({ caseId }, change);
  }

  async findPartiesByItemIds(itemIds: string[]): Promise<Map<string, CaseParties>> {
    const result = new Map<string, CaseParties>();
    if (itemIds.length === 0) return result;
    const rows: Array<{ item_id: string; origin_operator: string; destination_operator: string }> = await this.manager.query(
      `SELECT DISTINCT ON (item_id) item_id, origin_operator, destination_operator FROM case_index
       WHERE item_id = ANY($1::varchar[]) AND status <> 'REFUSED'
       ORDER BY item_id, opened_at DESC, case_id`,
      [itemIds],
    );
    for (const r of rows) result.set(r.item_id, { itemId: r.item_id, originOperator: r.origin_operator, destinationOperator: r.destination_operator });
    return result;
  }

  async list(filter: IndexedCaseFilter, page: { offset: number; limit: number }): Promise<Page<IndexedCase>> {
    const qb = this.manager.getRepository(CaseIndexEntity).createQueryBuilder('c');
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
    if (filter.itemId) qb.andWhere('c.itemId = :itemId', { itemId: filter.itemId });
    if (filter.operator) {
      qb.andWhere(new Brackets((w) => w.where('c.originOperator = :op').orWhere('c.destinationOperator = :op')), { op: filter.operator });
    }
    if (filter.party) {
      qb.andWhere(new Brackets((w) => w.where('c.originOperator = :party').orWhere('c.destinationOperator = :party')), { party: filter.party });
    }
    const [items, total] = await qb.orderBy('c.openedAt', 'DESC').addOrderBy('c.caseId', 'ASC').skip(page.offset).take(page.limit).getManyAndCount();
    return { items, total };
  }
}
