import { Module } from '@nestjs/common';
import { CaseIndexRepository } from './shared/case-index.repository.port';
import { GetIndexedCaseHttpController } from './get-indexed-case/get-indexed-case.http.controller';
import { ListIndexedCasesHttpController } from './list-indexed-cases/list-indexed-cases.http.controller';
import { TypeOrmCaseIndexRepository } from './shared/case-index.repository.typeorm';

@Module({
  controllers: [ListIndexedCasesHttpController, GetIndexedCaseHttpController],
  providers: [{ provide: CaseIndexRepository, useClass: TypeOrmCaseIndexRepository }],
  exports: [CaseIndexRepository],
})
export class CaseIndexModule {}
