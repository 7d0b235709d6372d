/**
 * Quiet tests (as immich's): what the code under test logs through Nest's Logger is kept per test
 * and printed only when that test (or a hook) fails. PB_TEST_LOG_LEVEL=<level> prints everything
 * as it happens instead.
 */
import type { Circus } from '@jest/types';
import NodeEnvironment from 'jest-environment-node';

export const LOG_BUFFER = '__pbTestLogs';

export default class QuietEnvironment extends NodeEnvironment {
  private readonly logs: string[] = [];

  override async setup(): Promise<void> {
    await super.setup();
    (this.global as Record<string, unknown>)[LOG_BUFFER] = this.logs;
  }

  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (event.name === 'test_start') this.logs.length = 0;
    const failed = (event.name === 'test_done' && event.test.errors.length > 0) || event.name === 'hook_failure';
    if (failed && this.logs.length) {
      const what = event.name === 'test_done' ? `"${event.test.name}"` : `the ${event.hook.type} hook`;
      process.stderr.write(`\n--- what the code logged during ${what} ---\n${this.logs.join('\n')}\n--- end of log ---\n`);
    }
    if (event.name === 'test_done' || event.name === 'hook_failure') this.logs.length = 0;
  }
}
