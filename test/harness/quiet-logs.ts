// setupFilesAfterEnv of every project: Nest's default logger writes into the test's buffer (see
// quiet-environment.ts) instead of the console. An app a test boots installs its own logger
// (pino, LOG_LEVEL fatal in tests), which replaces this one while it runs.
import { Logger, LoggerService } from '@nestjs/common';

const buffer = (globalThis as Record<string, unknown>).__pbTestLogs as string[] | undefined;

class BufferLogger implements LoggerService {
  private write(level: string, message: unknown, rest: unknown[]): void {
    const context = rest.length && typeof rest[rest.length - 1] === 'string' ? `[${rest[rest.length - 1] as string}] ` : '';
    const text = message instanceof Error ? (message.stack ?? message.message) : typeof message === 'string' ? message : JSON.stringify(message);
    buffer!.push(`${level.padStart(5)} ${context}${text}`);
  }
  log(message: unknown, ...rest: unknown[]): void {
    this.write('LOG', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('ERROR', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('WARN', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('DEBUG', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('VERBOSE', message, rest);
  }
}

if (buffer && !process.env.PB_TEST_LOG_LEVEL) Logger.overrideLogger(new BufferLogger());
