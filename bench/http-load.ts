/**
 * HTTP load for the benches: autocannon in a child process (so the load generator does not share
 * the event loop it measures), the SQL a request makes the node issue (for bare-Fastify baselines
 * on the same statements), and a full GC between runs.
 */
import { ChildProcess, fork } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import autocannon from 'autocannon';
import { Client } from 'pg';

const LOAD_GENERATOR = '--load-generator';

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  duration: number;
}

export interface LoadResult {
  reqPerSec: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

/**
 * In the bench's own file, before anything else: `if (isLoadGenerator()) serveLoad(connections) else main()`.
 * The child runs autocannon jobs sent over IPC, one at a time.
 */
export function isLoadGenerator(): boolean {
  return process.argv.includes(LOAD_GENERATOR);
}

export function serveLoad(connections: number): void {
  process.on('message', (job: LoadJob) => {
    autocannon({ url: job.url, headers: job.headers, connections, duration: job.duration }, (err, r) => {
      if (err) throw err;
      const result: LoadResult = { reqPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total, non2xx: r.non2xx, errors: r.errors };
      process.send!(result);
    });
  });
  process.on('disconnect', () => process.exit(0));
}

/** The load generator: the bench file itself, run again with the flag. */
export function forkLoadGenerator(benchFile: string): ChildProcess {
  return fork(benchFile, [LOAD_GENERATOR], { stdio: 'inherit' });
}

export function runLoad(child: ChildProcess, job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`load generator exited (${code})`));
    child.once('exit', exited);
    child.once('message', (r) => {
      child.off('exit', exited);
      resolve(r as LoadResult);
    });
    child.send(job);
  });
}

export interface Statement {
  text: string;
  values: unknown[];
}

/** The SQL a request made the node issue on tables matching `tables` (its pg clients, its database only). */
export async function sqlOf(database: string, tables: RegExp, request: () => Promise<unknown>): Promise<Statement[]> {
  const seen: Statement[] = [];
  const proto = Client.prototype as unknown as { query: (...args: any[]) => unknown };
  const original = proto.query;
  proto.query = function (this: Client & { database?: string }, ...args: any[]) {
    const q = args[0];
    const text: string | undefined = typeof q === 'string' ? q : q?.text;
    const values = typeof q === 'string' ? args[1] : (q?.values ?? args[1]);
    if (this.database === database && text && tables.test(text)) seen.push({ text, values: Array.isArray(values) ? values : [] });
    return original.apply(this, args);
  };
  try {
    await request();
  } finally {
    proto.query = original;
  }
  return seen;
}

/** A full GC between runs, so no run pays for the garbage of the one before (Intl objects hold native memory). */
export function fullGc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
