import { DynamicModule, Module } from '@nestjs/common';
import { MetricsRegistry } from '@postbridge/platform';
import { TranslationHttpController } from './translation.http.controller';
import { TranslationMetrics } from './translation.metrics';
import { TranslationService } from './translation.service';
import { createTranslator, TranslationOptions } from './translator.factory';
import { Translator } from './translator.port';

/**
 * Machine translation of free text, off unless `url` is set. Needs the app's TypeORM DataSource
 * (the text_translations cache) and MetricsRegistry, both global in the node.
 */
@Module({})
export class TranslationModule {
  static register(options: TranslationOptions): DynamicModule {
    return {
      module: TranslationModule,
      controllers: [TranslationHttpController],
      providers: [
        { provide: Translator, useFactory: () => createTranslator(options) },
        { provide: TranslationMetrics, inject: [MetricsRegistry], useFactory: (registry: MetricsRegistry) => new TranslationMetrics(registry) },
        TranslationService,
      ],
      exports: [Translator, TranslationService],
    };
  }
}
