import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { TraceContext } from '@postbridge/messaging';

@Module({})
export class LoggingModule {
  /** JSON logs (pino) with the process's role and operator on every line, and the trace id when there is one. */
  static forRoot(opts: { level: string; role: string; operatorCode?: string | null; pretty?: boolean }): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: opts.level,
            base: { role: opts.role, operator: opts.operatorCode ?? undefined },
            mixin: () => {
              const traceId = TraceContext.traceId();
              return traceId ? { traceId } : {};
            },
            autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            transport: opts.pretty ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } : undefined,
          },
        }),
      ],
    };
  }
}
