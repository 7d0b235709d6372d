/**
 * The Kafka runtime (JRE, Maven, the jars of tools/kafka/pom.xml), through tools/kafka/kafka-runtime.js,
 * which scripts/ensure-deps.js also runs before node_modules exists: one implementation for both.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface KafkaRuntime {
  readonly version: string;
  /** Cache folder of this version: libs/, m2/ and the AppCDS archive. */
  readonly home: string;
  readonly libs: string;
  /** Sorted jar paths joined by ':' (kept identical between runs, as AppCDS needs). */
  readonly classpath: string;
  /** tools/kafka: log4j2 settings and bin/ (KAFKA_HOME for deploy/kafka/*.sh). */
  readonly toolsHome: string;
  readonly java: string;
  readonly javaMajor: number;
}

interface RuntimeModule {
  ensureKafkaRuntime(opts: { say?: (m: string) => void }): KafkaRuntime;
}

/** The checkout this code runs from (from src/ under ts-jest, from dist/ when built). */
export function repoRoot(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'postbridge') return dir;
    if (dirname(dir) === dir) throw new Error(`kafka-runtime: cannot find the postbridge repository above ${start}`);
  }
}

let cached: KafkaRuntime | undefined;

/** Installs what is missing (as root) and fetches the jars once; throws with the exact command otherwise. */
export function ensureKafkaRuntime(opts: { say?: (m: string) => void } = {}): KafkaRuntime {
  if (cached) return cached;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(join(repoRoot(), 'tools', 'kafka', 'kafka-runtime.js')) as RuntimeModule;
  cached = mod.ensureKafkaRuntime({ say: opts.say });
  return cached;
}
