import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WORK_QUEUES, WorkQueue } from '@postbridge/domain';
import { CaseEntity } from './case.entity';
import { CaseHistoryEntity } from './case-history.entity';
import { CaseMessageEntity } from './case-message.entity';
import { CaseListFilter, CaseRepository, QueueFilter, Tx } from './case.repository.port';
import { WORK_QUEUE_SQL } from './work-queue.sql';

@Injectable()
export class TypeOrmCaseRepository extends CaseRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }

  findById(id: string, tx?: Tx): Promise<CaseEntity | null> {
    return (tx ?? this.ds.manager).findOneBy(CaseEntity, { id });
  }

  async releaseIdempotencyKey(caseId: string, key: string): Promise<void> {
    await this.ds.manager.update(CaseEntity, { id: caseId, idempotencyKey: key }, { idempotencyKey: null });
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

  async updateWithoutVersion(tx: Tx, c: CaseEntity, changes: Partial<CaseEntity>): Promise<CaseEntity> {
    const next = { ...changes, updatedAt: new Date() };
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

  async listQueue(me: string, f: QueueFilter): Promise<{ items: CaseEntity[]; total: number }> {
    const qb = this.ds.manager.createQueryBuilder(CaseEntity, 'c').setParameter('me', me);
    if (f.queue) qb.andWhere(`${WORK_QUEUE_SQL} = :queue`, { queue: f.queue });
    if (f.assignee) qb.andWhere('c.assignee = :assignee', { assignee: f.assignee });
    if (f.unassigned) qb.andWhere('c.assignee IS NULL');
    if (f.priority) qb.andWhere('c.priority = :priority', { priority: f.priority });
    if (f.escalated === true) qb.andWhere(`c.deadline_state = 'ESCALATED'`);
    if (f.escalated === false) qb.andWhere(`c.deadline_state IS DISTINCT FROM 'ESCALATED'`);
    if (f.direction === 'OUTGOING') qb.andWhere('c.origin_operator = :me');
    if (f.direction === 'INCOMING') qb.andWhere('c.origin_operator <> :me');
    qb.orderBy('c.due_at', 'ASC', 'NULLS LAST').addOrderBy('c.opened_at', 'ASC').addOrderBy('c.id', 'ASC').skip((f.page - 1) * f.pageSize).take(f.pageSize);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  async queueCounts(me: string): Promise<Record<WorkQueue, number>> {
    const rows: Array<{ queue: WorkQueue; n: string }> = await this.ds.manager
      .createQueryBuilder(CaseEntity, 'c')
      .select(WORK_QUEUE_SQL, 'queue')
      .addSelect('count(*)', 'n')
      .setParameter('me', me)
      .groupBy('1')
      .getRawMany();
    const counts = Object.fromEntries(WORK_QUEUES.map((q) => [q, 0])) as Record<WorkQueue, number>;
    for (const r of rows) counts[r.queue] = Number(r.n);
    return counts;
  }
}
