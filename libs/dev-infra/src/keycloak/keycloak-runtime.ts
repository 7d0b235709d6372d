/**
 * The Keycloak runtime (JRE, Maven, the built distribution of tools/keycloak/pom.xml), through
 * tools/keycloak/keycloak-runtime.js, which scripts/ensure-deps.js also runs: one implementation for both.
 */
import { join } from 'node:path';
import { repoRoot } from '../kafka/kafka-runtime';

export interface KeycloakRuntime {
  readonly version: string;
  /** Cache folder of this version: dist/, m2/ and the AppCDS archive. */
  readonly home: string;
  /** The built server (kc.home.dir). */
  readonly dist: string;
  /** A data folder with schema, master realm and one admin (admin.json), copied into fresh data folders. */
  readonly seed: string;
  readonly buildOptions: string[];
  readonly java: string;
  readonly javaMajor: number;
}

interface RuntimeModule {
  ensureKeycloakRuntime(opts: { say?: (m: string) => void }): KeycloakRuntime;
  keycloakJavaArgs(dist: string, dataDir: string | undefined, opts?: { heapMb?: number; jvm?: string[] }): string[];
}

let mod: RuntimeModule | undefined;
const runtimeModule = (): RuntimeModule =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (mod ??= require(join(repoRoot(), 'tools', 'keycloak', 'keycloak-runtime.js')) as RuntimeModule);

let cached: KeycloakRuntime | undefined;

/** Installs what is missing (as root), fetches and builds Keycloak once; throws with the exact command otherwise. */
export function ensureKeycloakRuntime(opts: { say?: (m: string) => void } = {}): KeycloakRuntime {
  cached ??= runtimeModule().ensureKeycloakRuntime({ say: opts.say });
  return cached;
}

/** The JVM arguments up to the main class (append the kc.sh command and its options). */
export function keycloakJavaArgs(rt: KeycloakRuntime, dataDir: string, opts: { heapMb?: number; jvm?: string[] } = {}): string[] {
  return runtimeModule().keycloakJavaArgs(rt.dist, dataDir, opts);
}
