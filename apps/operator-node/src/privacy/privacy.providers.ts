import type { Provider, Type } from '@nestjs/common';
import { EraseCustomerDataHttpController } from './erase-customer-data/erase-customer-data.http.controller';
import { EraseCustomerDataService } from './erase-customer-data/erase-customer-data.service';
import { ExportCustomerDataHttpController } from './export-customer-data/export-customer-data.http.controller';
import { ExportCustomerDataService } from './export-customer-data/export-customer-data.service';
import { ListErasuresHttpController } from './list-erasures/list-erasures.http.controller';
import { CaseAnonymiser } from './shared/case-anonymiser';
import { ErasureRepository } from './shared/erasure.repository.port';
import { TypeOrmErasureRepository } from './shared/erasure.repository.typeorm';
import { ErasureService } from './shared/erasure.service';

/** The privacy feature's routes (data-protection role: erasure, access export). */
export const privacyControllers: Type[] = [EraseCustomerDataHttpController, ListErasuresHttpController, ExportCustomerDataHttpController];

/**
 * Its services. ErasureOutbound (the `case.erased` to the partner) is bound by the messaging side;
 * until it is, local erasures answer 503 ERASURE_UNAVAILABLE.
 */
export const privacyProviders: Provider[] = [
  CaseAnonymiser,
  ErasureService,
  { provide: ErasureRepository, useClass: TypeOrmErasureRepository },
  EraseCustomerDataService,
  ExportCustomerDataService,
];
