import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@postbridge/messaging';
import { ApiException } from '@postbridge/platform';
import { CustomerCases } from '../shared/customer-cases';
import { CaseStillOpenError, Erasure } from '../shared/erasure';
import { ErasureRequester, ErasureService } from '../shared/erasure.service';
import { EraseCustomerDataRequest } from './erase-customer-data.request.dto';

/** Erases one case, or every case of a customer email, in one transaction: all or none. */
@Injectable()
export class EraseCustomerDataService {
  constructor(private readonly uow: UnitOfWork, private readonly erasures: ErasureService) {}

  async execute(req: EraseCustomerDataRequest, by: ErasureRequester): Promise<{ erasures: Erasure[]; created: number }> {
    if (req.caseId === undefined && req.customerEmail === undefined) throw new ApiException(400, 'ERASURE_TARGET_REQUIRED', 'give caseId or customerEmail');
    if (req.caseId !== undefined && req.customerEmail !== undefined) throw new ApiException(400, 'ERASURE_TARGET_AMBIGUOUS', 'give caseId or customerEmail, not both');
    const force = req.force === true;
    if (force && !req.reason) throw new ApiException(400, 'REASON_REQUIRED', 'a forced erasure needs a reason');
    try {
      // The unit of work wakes the relay once the erasure and its case.erased have committed.
      return await this.uow.run(async (scope) => {
        const tx = scope.manager;
        let cases;
        if (req.caseId !== undefined) {
          const c = await CustomerCases.lockById(tx, req.caseId);
          if (!c) throw new ApiException(404, 'CASE_NOT_FOUND', `no case ${req.caseId} at this node`);
          cases = [c];
        } else {
          cases = await CustomerCases.lockByEmail(tx, req.customerEmail!);
        }
        const { erasures, created } = await this.erasures.eraseLocal(scope, cases, by, { force, reason: req.reason ?? null }, new Date());
        return { erasures, created: created.length };
      });
    } catch (e) {
      if (e instanceof CaseStillOpenError) {
        throw new ApiException(409, 'CASE_STILL_OPEN', 'a case is not resolved or refused yet: nothing was erased; resolve it first, or force with a reason', { caseIds: e.caseIds });
      }
      throw e;
    }
  }
}
