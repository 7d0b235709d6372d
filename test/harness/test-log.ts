/** A line for the running test's log: printed only if the test fails (quiet tests; the buffer is quiet-environment.ts's LOG_BUFFER). */
export function testLog(line: string): void {
  ((globalThis as Record<string, unknown>).__pbTestLogs as string[] | undefined)?.push(line);
}
