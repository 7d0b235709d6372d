import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TERMINAL_STATUSES } from '@postbridge/domain';
import { CaseEntity } from '../../cases/shared/case.entity';
import { TrackedCaseRepository } from './tracked-case.repository.port';

@Injectable()
export class TypeOrmTrackedCaseRepository extends TrackedCaseRepository {
  lockOpenCasesOf(tx: EntityManager, itemIds: readonly string[]): Promise<CaseEntity[]> {
    if (itemIds.length === 0) return Promise.resolve([]);
    // One statement for the whole batch (item_id is indexed); ordered by id so that two
    // concurrent batches lock shared cases in the same order and cannot deadlock.
    return tx
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.item_id = ANY(:itemIds)', { itemIds: [...itemIds] })
      .andWhere('c.status NOT IN (:...terminal)', { terminal: TERMINAL_STATUSES })
      .orderBy('c.id')
      .getMany();
  }
}
