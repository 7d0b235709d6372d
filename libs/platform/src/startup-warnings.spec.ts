import 'reflect-metadata';
import { Injectable, LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { withStartupWarnings } from './http-app.factory';

@Injectable()
class Database {
  constructor() {
    lines.push('database connects');
  }
}

@Module({ providers: [Database] })
class AppModule {}

const lines: string[] = [];
const logger: LoggerService = {
  log: () => undefined,
  error: (m: unknown) => lines.push(`ERROR ${String(m)}`),
  warn: (m: unknown, context?: unknown) => lines.push(`WARN [${String(context)}] ${String(m)}`),
};

describe('withStartupWarnings', () => {
  it('logs each warning at WARN, before the app module\'s providers start', async () => {
    const app = await NestFactory.createApplicationContext(withStartupWarnings(AppModule, ['insecure transport allowed by ALLOW_INSECURE_TRANSPORT=postgres: PostgreSQL: no TLS (DATABASE_SSL_MODE=disable)']), { logger });
    await app.close();
    expect(lines).toEqual(['WARN [Startup] insecure transport allowed by ALLOW_INSECURE_TRANSPORT=postgres: PostgreSQL: no TLS (DATABASE_SSL_MODE=disable)', 'database connects']);
  });
});
