import { ApiException } from '@postbridge/platform';
import { CaseEntity } from './case.entity';
import { CaseRepository, Tx } from './case.repository.port';

export function caseNotFound(id: string): ApiException {
  return new ApiException(404, 'CASE_NOT_FOUND', `no case ${id} at this node`);
}

/**
 * The case's customer data was removed (an erasure, possibly forced while the case was open, or
 * retention): free text written to it now would be kept forever, since nothing anonymises the case
 * again, so the API takes none (messages, a resolution note).
 */
export function assertTakesFreeText(c: CaseEntity): void {
  if (c.personalDataRemovedAt != null) {
    throw new ApiException(409, 'PERSONAL_DATA_REMOVED', "this case's customer data was removed (erasure or retention); it takes no more free text");
  }
}

/** Locks the case for a change made by an agent who saw `expectedVersion`; a stale view is a 409. */
export async function lockForChange(cases: CaseRepository, tx: Tx, id: string, expectedVersion: number): Promise<CaseEntity> {
  const c = await cases.lockById(tx, id);
  if (!c) throw caseNotFound(id);
  if (c.version !== expectedVersion) {
    throw new ApiException(409, 'CASE_VERSION_CONFLICT', `the case changed since version ${expectedVersion}; reload it (current version ${c.version})`, {
      expectedVersion,
      currentVersion: c.version,
    });
  }
  return c;
}
