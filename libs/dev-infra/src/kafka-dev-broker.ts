/**
 * TypeScript wrapper around tools/kafka-dev-broker (librdkafka mock cluster).
 * Node built-ins only: this runs in tests, scripts and compiled from dist/.
 *
 * Mock cluster limits worth knowing (librdkafka 2.0.2):
 * - metadata names controller 0 while brokers are 1..N, so kafkajs
 *   admin.createTopics and idempotent/transactional producers fail: create
 *   topics with `createTopic` / `topics` or let producers auto-create them;
 * - each partition keeps only 5 MiB or 100k message sets; no SASL/TLS;
 * - listen ports are ephemeral (cannot be chosen);
 * - fetch latency is uniform over [0, maxWaitTimeInMs]: use 10-50 ms.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

export const DEV_KAFKA_BROKER_INSTALL_COMMAND = 'sudo apt-get install -y librdkafka-dev gcc make';

export interface DevKafkaBrokerOptions {
  /** Number of mock brokers (ids 1..N). Default 3. */
  brokers?: number;
  /** Default partition count for `topics` entries without their own. Default 3. */
  partitions?: number;
  /** Topics created before the broker reports ready. */
  topics?: Array<{ name: string; partitions?: number }>;
  /** Receives the broker's stderr lines (librdkafka logs). */
  log?: (line: string) => void;
  /** Timeout for the BOOTSTRAP line. Default 15000 ms. */
  startTimeoutMs?: number;
}

export interface DevKafkaBroker {
  /** Comma-separated bootstrap list, e.g. "127.0.0.1:34567,127.0.0.1:34568". */
  readonly bootstrap: string;
  /** The same list split, suitable for kafkajs `brokers`. */
  readonly brokers: string[];
  readonly pid: number;
  /** Sends one raw command line; resolves with the OK line, rejects on ERR. Serialised. */
  command(line: string): Promise<string>;
  createTopic(name: string, partitions: number): Promise<void>;
  /** Broker id 1..N, or -1 for all brokers. */
  setBrokerDown(id: number): Promise<void>;
  setBrokerUp(id: number): Promise<void>;
  setRtt(id: number, ms: number): Promise<void>;
  /** The next `count` (default 1) requests with this Kafka API key fail with `errorCode`. */
  pushRequestErrors(apiKey: number, errorCode: number, count?: number): Promise<void>;
  /** Sends quit, SIGKILL after 3 s. Idempotent. */
  stop(): Promise<void>;
}

function findRepoRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === 'postbridge') return dir;
      } catch {
        // unreadable package.json: keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`kafka-dev-broker: cannot find the postbridge repo root above ${start}`);
    dir = parent;
  }
}

function run(cmd: string, args: string[], cwd?: string): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ ok: !err, output: `${stdout}${stderr}${err && !stdout && !stderr ? err.message : ''}` });
    });
  });
}

async function hasCommand(name: string): Promise<boolean> {
  return (await run('sh', ['-c', `command -v ${name}`])).ok;
}

async function missingPrerequisites(): Promise<string[]> {
  const missing: string[] = [];
  if (!(await hasCommand('make'))) missing.push('make');
  if (!(await hasCommand('gcc')) && !(await hasCommand('cc'))) missing.push('gcc');
  const headers = ['/usr/include/librdkafka/rdkafka_mock.h', '/usr/local/include/librdkafka/rdkafka_mock.h'];
  const viaPkgConfig = (await run('pkg-config', ['--exists', 'rdkafka'])).ok;
  if (!headers.some((h) => existsSync(h)) && !viaPkgConfig) missing.push('librdkafka-dev');
  return missing;
}

async function installPrerequisites(missing: string[]): Promise<void> {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    throw new Error(
      `kafka-dev-broker: cannot build, missing ${missing.join(', ')}. Run: ${DEV_KAFKA_BROKER_INSTALL_COMMAND}`,
    );
  }
  const pkgs = ['install', '-y', 'librdkafka-dev', 'gcc', 'make'];
  let res = await run('apt-get', pkgs);
  if (!res.ok) {
    // Fresh containers often have no package lists yet.
    await run('apt-get', ['update']);
    res = await run('apt-get', pkgs);
  }
  if (!res.ok) {
    throw new Error(
      `kafka-dev-broker: apt-get install failed; run: ${DEV_KAFKA_BROKER_INSTALL_COMMAND}\n${res.output.slice(-2000)}`,
    );
  }
}

function isStale(bin: string, sources: string[]): boolean {
  if (!existsSync(bin)) return true;
  const binTime = statSync(bin).mtimeMs;
  return sources.some((s) => existsSync(s) && statSync(s).mtimeMs > binTime);
}

let buildPromise: Promise<string> | undefined;

/** Returns the broker binary path, building it (and, as root, installing build deps) when needed. */
export function ensureDevKafkaBrokerBuilt(): Promise<string> {
  // One build per process even if many suites start brokers concurrently.
  buildPromise ??= doBuild().catch((err) => {
    buildPromise = undefined;
    throw err;
  });
  return buildPromise;
}

async function doBuild(): Promise<string> {
  const toolDir = join(findRepoRoot(), 'tools', 'kafka-dev-broker');
  const bin = join(toolDir, 'build', 'kafka-dev-broker');
  if (!isStale(bin, [join(toolDir, 'main.c'), join(toolDir, 'Makefile')])) return bin;

  const missing = await missingPrerequisites();
  if (missing.length > 0) await installPrerequisites(missing);

  const res = await run('make', ['-C', toolDir]);
  if (!res.ok || !existsSync(bin)) {
    throw new Error(
      `kafka-dev-broker: build failed (make -C ${toolDir}). If build tools or headers are missing run: ` +
        `${DEV_KAFKA_BROKER_INSTALL_COMMAND}\n${res.output.slice(-4000)}`,
    );
  }
  return bin;
}

interface Pending {
  line: string;
  resolve: (reply: string) => void;
  reject: (err: Error) => void;
}

/** Spawns a dev broker and resolves once it prints its bootstrap list. */
export async function startDevKafkaBroker(opts: DevKafkaBrokerOptions = {}): Promise<DevKafkaBroker> {
  const bin = await ensureDevKafkaBrokerBuilt();
  const args: string[] = [];
  if (opts.brokers !== undefined) args.push('--brokers', String(opts.brokers));
  if (opts.partitions !== undefined) args.push('--partitions', String(opts.partitions));
  for (const t of opts.topics ?? []) {
    args.push('--topic', t.partitions !== undefined ? `${t.name}:${t.partitions}` : t.name);
  }

  const startedAt = Date.now();
  const child: ChildProcess = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderrTail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 50) stderrTail.shift();
    opts.log?.(line);
  });
  // Writes after the child died would otherwise surface as unhandled EPIPE.
  child.stdin!.on('error', () => undefined);

  const queue: Pending[] = [];
  let exited = false;
  let exitInfo = '';
  let bootstrap: string | undefined;
  let onBootstrap: ((b: string) => void) | undefined;
  let onStartFail: ((e: Error) => void) | undefined;

  const failAll = (err: Error): void => {
    for (const p of queue.splice(0)) p.reject(err);
  };

  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (bootstrap === undefined) {
      if (line.startsWith('BOOTSTRAP ')) {
        bootstrap = line.slice('BOOTSTRAP '.length).trim();
        onBootstrap?.(bootstrap);
      } else {
        opts.log?.(`[stdout] ${line}`);
      }
      return;
    }
    const p = queue.shift();
    if (!p) {
      opts.log?.(`[unexpected stdout] ${line}`);
      return;
    }
    if (line.startsWith('OK')) p.resolve(line);
    else p.reject(new Error(`kafka-dev-broker: '${p.line}' failed: ${line.replace(/^ERR\s*/, '')}`));
  });

  const exitPromise = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true;
      exitInfo = signal ? `signal ${signal}` : `code ${code}`;
      const err = new Error(
        `kafka-dev-broker (pid ${child.pid}) exited (${exitInfo})` +
          (stderrTail.length ? `; stderr:\n${stderrTail.join('\n')}` : ''),
      );
      failAll(err);
      onStartFail?.(err);
      resolve();
    });
  });
  child.on('error', (err) => {
    exited = true;
    const e = new Error(`kafka-dev-broker: cannot run ${bin}: ${err.message}`);
    failAll(e);
    onStartFail?.(e);
  });

  const timeoutMs = opts.startTimeoutMs ?? 15_000;
  const boot = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `kafka-dev-broker: no BOOTSTRAP line within ${timeoutMs} ms; stderr:\n${stderrTail.join('\n') || '(empty)'}`,
        ),
      );
    }, timeoutMs);
    onBootstrap = (b) => {
      clearTimeout(timer);
      resolve(b);
    };
    onStartFail = (e) => {
      clearTimeout(timer);
      reject(e);
    };
  });
  onStartFail = undefined;
  opts.log?.(`kafka-dev-broker pid ${child.pid} ready in ${Date.now() - startedAt} ms: ${boot}`);

  // The child answers in order, so a FIFO of pending commands is enough;
  // this chain only keeps callers from interleaving partial writes.
  let chain: Promise<unknown> = Promise.resolve();
  const command = (line: string): Promise<string> => {
    if (/[\r\n]/.test(line)) return Promise.reject(new Error('kafka-dev-broker: command must be a single line'));
    const result = chain.then(
      () =>
        new Promise<string>((resolve, reject) => {
          if (exited || !child.stdin!.writable) {
            reject(new Error(`kafka-dev-broker: broker not running (${exitInfo || 'stdin closed'})`));
            return;
          }
          queue.push({ line, resolve, reject });
          child.stdin!.write(`${line}\n`);
        }),
    );
    chain = result.catch(() => undefined);
    return result;
  };

  const int = (n: number, what: string): string => {
    if (!Number.isInteger(n)) throw new Error(`kafka-dev-broker: ${what} must be an integer, got ${n}`);
    return String(n);
  };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exited) return;
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      // Through the queue so the "OK bye" reply is consumed in order; EOF
      // after it is the broker's other shutdown trigger.
      command('quit')
        .catch(() => undefined)
        .finally(() => child.stdin!.end());
      await exitPromise;
      clearTimeout(killTimer);
    })();
    return stopping;
  };

  return {
    bootstrap: boot,
    brokers: boot.split(',').filter(Boolean),
    pid: child.pid!,
    command,
    createTopic: async (name, partitions) => {
      if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`kafka-dev-broker: invalid topic name '${name}'`);
      await command(`topic ${name} ${int(partitions, 'partitions')}`);
    },
    setBrokerDown: async (id) => {
      await command(`down ${int(id, 'broker id')}`);
    },
    setBrokerUp: async (id) => {
      await command(`up ${int(id, 'broker id')}`);
    },
    setRtt: async (id, ms) => {
      await command(`rtt ${int(id, 'broker id')} ${int(ms, 'rtt ms')}`);
    },
    pushRequestErrors: async (apiKey, errorCode, count = 1) => {
      await command(`error ${int(apiKey, 'api key')} ${int(errorCode, 'error code')} ${int(count, 'count')}`);
    },
    stop,
  };
}
