import { DynamicModule, Module } from '@nestjs/common';
import { ListOperatorsHttpController } from './list-operators/list-operators.http.controller';
import { OperatorRegistry } from './operator-registry';

@Module({})
export class RegistryModule {
  // The registry is loaded before Nest starts (its topics are needed to configure the consumer).
  static forRoot(registry: OperatorRegistry): DynamicModule {
    return {
      module: RegistryModule,
      global: true,
      controllers: [ListOperatorsHttpController],
      providers: [{ provide: OperatorRegistry, useValue: registry }],
      exports: [OperatorRegistry],
    };
  }
}
