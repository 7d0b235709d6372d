/**
 * Quiet tests (as immich's): what the code under test logs through Nest's Logger is kept per test
 * and printed only when that test (or a hook) fails. PB_TEST_LOG_LEVEL=<level> prints everything
 * as it happens instead. When a test body or hook fails, the failure hooks its file registered run
 * first (the browser harness keeps a screenshot of each open page and names it in the log).
 */
import type { Circus } from '@jest/types';
import NodeEnvironment from 'jest-environment-node';

export const LOG_BUFFER = '__pbTestLogs';
/** A Set of `(what failed: the test's full name, or the hook) => Promise<void>` the test file fills; they may push lines to LOG_BUFFER. */
export const FAILURE_HOOKS = '__pbOnTestFailure';
const HOOK_TIMEOUT_MS = 10_000;

export default class QuietEnvironment extends NodeEnvironment {
  private readonly logs: string[] = [];
  private readonly failureHooks = new Set<(what: string) => Promise<void>>();

  override async setup(): Promise<void> {
    await super.setup();
    (this.global as Record<string, unknown>)[LOG_BUFFER] = this.logs;
    (this.global as Record<string, unknown>)[FAILURE_HOOKS] = this.failureHooks;
  }

  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (event.name === 'test_start') this.logs.length = 0;
    // Right when the test body fails, before afterEach hooks close what it had open.
    if (event.name === 'test_fn_failure' || event.name === 'hook_failure') await this.runFailureHooks(event.name === 'test_fn_failure' ? fullName(event.test) : `the ${event.hook.type} hook`);
    const failed = (event.name === 'test_done' && event.test.errors.length > 0) || event.name === 'hook_failure';
    if (failed && this.logs.length) {
      const what = event.name === 'test_done' ? `"${event.test.name}"` : `the ${event.hook.type} hook`;
      process.stderr.write(`\n--- what the code logged during ${what} ---\n${this.logs.join('\n')}\n--- end of log ---\n`);
    }
    if (event.name === 'test_done' || event.name === 'hook_failure') this.logs.length = 0;
  }

  private async runFailureHooks(what: string): Promise<void> {
    for (const hook of this.failureHooks) {
      // A hook that hangs (a browser that no longer answers) must not hold the run.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${HOOK_TIMEOUT_MS} ms`)), HOOK_TIMEOUT_MS)));
      await Promise.race([hook(what), timeout])
        .catch((e: unknown) => this.logs.push(`(failure diagnostics: ${(e as Error).message})`))
        .finally(() => clearTimeout(timer));
    }
  }
}

function fullName(test: Circus.TestEntry): string {
  const names: string[] = [];
  for (let b: Circus.TestEntry | Circus.DescribeBlock | undefined = test; b && b.name !== 'ROOT_DESCRIBE_BLOCK'; b = b.parent) names.unshift(b.name);
  return names.join(' › ');
}
