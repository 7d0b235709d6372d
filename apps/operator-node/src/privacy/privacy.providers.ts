import type { Provider, Type } from '@nestjs/common';
import { EraseCustomerDataHttpController } from './erase-customer-data/erase-customer-data.http.controller';
import { EraseCustomerDataService } from './erase-customer-data/erase-customer-data.service';
import { ExportCustomerDataHttpController } from './export-customer-data/export-customer-data.http.controller';
import { ExportCustomerDataService } from './export-customer-data/export-customer-data.service';
import { ListErasuresHttpController } from './list-erasures/list-erasures.http.controller';
import { ApplyPartnerErasureHandler } from './inbound/apply-partner-erasure.handler';
import { ErasureInboundMessageController } from './inbound/erasure-inbound.message.controller';
import { CaseAnonymiser } from './shared/case-anonymiser';
import { ErasureOutbound } from './shared/erasure-outbound.port';
import { OutboxErasureOutbound } from './shared/erasure-outbound';
import { ErasureRepository } from './shared/erasure.repository.port';
import { TypeOrmErasureRepository } from './shared/erasure.repository.typeorm';
import { ErasureService } from './shared/erasure.service';

/** The privacy feature's routes (data-protection role: erasure, access export), and its Kafka side (partners' erasures). */
export const privacyControllers: Type[] = [EraseCustomerDataHttpController, ListErasuresHttpController, ExportCustomerDataHttpController, ErasureInboundMessageController];

/** Its services; ErasureOutbound sends the signed `case.erased` to the partner through the outbox. */
export const privacyProviders: Provider[] = [
  CaseAnonymiser,
  ErasureService,
  { provide: ErasureRepository, useClass: TypeOrmErasureRepository },
  EraseCustomerDataService,
  ExportCustomerDataService,
  { provide: ErasureOutbound, useClass: OutboxErasureOutbound },
  ApplyPartnerErasureHandler,
];
