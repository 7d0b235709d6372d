import type { EntityManager } from 'typeorm';
import type { CaseEntity } from '../../cases/shared/case.entity';

/** The cases tracking keeps up to date (DI token). Writes go through CaseRepository. */
export abstract class TrackedCaseRepository {
  /**
   * Non-terminal cases about any of these items, locked until the transaction ends so that an
   * agent's concurrent change and a tracking update serialise (both bump the version).
   */
  abstract lockOpenCasesOf(tx: EntityManager, itemIds: readonly string[]): Promise<CaseEntity[]>;
}
