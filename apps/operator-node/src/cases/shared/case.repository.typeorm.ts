import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CaseEntity } from './case.entity';
import { CaseHistoryEntity } from './case-history.entity';
import { CaseMessageEntity } from './case-message.entity';
import { CaseListFilter, CaseRepository, Tx } from './case.repository.port';

@Injectable()
export class TypeOrmCaseRepository extends CaseRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }

  findById(id: string, tx?: Tx): Promise<CaseEntity | null> {
    return (tx ?? this.ds.manager).findOneBy(CaseEntity, { id });
  }

  findByIdempotencyKey(key: string): Promise<CaseEntity | null> {
    return this.ds.manager.findOneBy(CaseEntity, { idempotencyKey: key });
  }

  lockById(tx: Tx, id: string): Promise<CaseEntity | null> {
    return tx.getRepository(CaseEntity).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
  }

  async insert(tx: Tx, c: CaseEntity): Promise<void> {
    await tx.insert(CaseEntity, c);
  }

  async update(tx: Tx, c: CaseEntity, changes: Partial<CaseEntity>): Promise<CaseEntity> {
    const next = { ...changes, version: c.version + 1, updatedAt: new Date() };
    await tx.update(CaseEntity, { id: c.id }, next);
    return Object.assign(c, next);
  }

  async addMessage(tx: Tx, m: CaseMessageEntity): Promise<void> {
    await tx.insert(CaseMessageEntity, m);
  }

  async addHistory(tx: Tx, ...entries: Array<Omit<CaseHistoryEntity, 'id' | 'recordedAt'>>): Promise<void> {
    if (entries.length) await tx.insert(CaseHistoryEntity, entries);
  }

  messagesOf(caseId: string): Promise<CaseMessageEntity[]> {
    return this.ds.manager.find(CaseMessageEntity, { where: { caseId }, order: { sentAt: 'ASC', createdAt: 'ASC' } });
  }

  historyOf(caseId: string): Promise<CaseHistoryEntity[]> {
    return this.ds.manager.find(CaseHistoryEntity, { where: { caseId }, order: { occurredAt: 'ASC', id: 'ASC' } });
  }

  async list(me: string, f: CaseListFilter): Promise<{ items: CaseEntity[]; total: number }> {
    const qb = this.ds.manager.createQueryBuilder(CaseEntity, 'c');
    if (f.status) qb.andWhere('c.status = :status', { status: f.status });
    if (f.direction === 'OUTGOING') qb.andWhere('c.origin_operator = :me', { me });
    if (f.direction === 'INCOMING') qb.andWhere('c.destination_operator = :me', { me });
    if (f.itemId) qb.andWhere('c.item_id = :itemId', { itemId: f.itemId });
    qb.orderBy('c.last_activity_at', 'DESC').addOrderBy('c.id', 'ASC').skip((f.page - 1) * f.pageSize).take(f.pageSize);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }
}
