import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { TraceContext } from '@postbridge/messaging';

@Module({})
export class LoggingModule {
  /**
   * JSON logs (pino) with the process's role and operator on every line, and the trace id when there is one.
   * `destination`: where the lines go instead of stdout (a test reading every line its apps wrote).
   */
  static forRoot(opts: { level: string; role: string; operatorCode?: string | null; pretty?: boolean; destination?: DestinationStream }): DynamicModule {
    const options: Options = {
      level: opts.level,
      base: { role: opts.role, operator: opts.operatorCode ?? undefined },
      mixin: () => {
        const traceId = TraceContext.traceId();
        return traceId ? { traceId } : {};
      },
      autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      transport: opts.pretty && !opts.destination ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } : undefined,
    };
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: opts.destination ? [options, opts.destination] : options })],
    };
  }
}
