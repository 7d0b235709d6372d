import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import { ConfigValidationError } from './env.validation';

export const INSECURE_TRANSPORTS = ['kafka', 'postgres'] as const;
export const DATABASE_SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
export type DatabaseSslMode = (typeof DATABASE_SSL_MODES)[number];

/** The variables the rules below read (ServiceEnv has them all). */
export interface TransportEnv {
  NODE_ENV?: string;
  DATABASE_URL: string;
  DATABASE_SSL_MODE: DatabaseSslMode;
  DATABASE_SSL_CA_FILE?: string;
  DATABASE_SSL_CERT_FILE?: string;
  DATABASE_SSL_KEY_FILE?: string;
  KAFKA_SSL: boolean;
  KAFKA_SSL_CA_FILE?: string;
  KAFKA_SSL_CERT_FILE?: string;
  KAFKA_SSL_KEY_FILE?: string;
  KAFKA_SASL_MECHANISM: string;
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
  ALLOW_INSECURE_TRANSPORT: string[];
}

/** kafkajs `ssl` / `sasl`. */
export interface KafkaSecurity {
  ssl?: boolean | ConnectionOptions;
  sasl?: SASLOptions;
}

/** TLS options that fit both pg's `ssl` (tls.ConnectionOptions) and TypeORM's type for it. */
export interface DatabaseTls {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
  checkServerIdentity?: ConnectionOptions['checkServerIdentity'];
}

/** pg's `ssl`: false (never TLS, whatever PGSSLMODE says) or the TLS options. */
export type DatabaseSsl = false | DatabaseTls;

export interface TransportSecurity {
  kafka: KafkaSecurity;
  database: DatabaseSsl;
  /** What is insecure and let through by ALLOW_INSECURE_TRANSPORT: logged at WARN at start. */
  warnings: string[];
}

/** URL parameters pg-connection-string turns into `ssl`, overriding the options the app passes. */
const URL_SSL_PARAMS = ['ssl', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'sslpassword', 'sslnegotiation', 'uselibpqcompat'];

type Pem = { text?: string; problem?: string };

/** Reads a PEM file at start: a missing, unreadable or non-PEM file is a config problem, not a later TLS error. */
function readPem(variable: string, path: string | undefined, kind: 'certificate' | 'key'): Pem {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { problem: `${variable}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  try {
    if (kind === 'certificate') new X509Certificate(text);
    else createPrivateKey(text);
  } catch (e) {
    return { problem: `${variable}: ${path} holds no PEM ${kind === 'certificate' ? 'certificate' : 'private key'} (${(e as Error).message})` };
  }
  return { text };
}

interface Assessment {
  problems: string[];
  /** Insecure settings, each with the transport that ALLOW_INSECURE_TRANSPORT must name to allow it. */
  insecure: Array<{ transport: (typeof INSECURE_TRANSPORTS)[number]; what: string }>;
  kafka: KafkaSecurity;
  database: DatabaseSsl;
}

function assessKafka(env: TransportEnv, production: boolean, out: Assessment): void {
  const files = { KAFKA_SSL_CA_FILE: env.KAFKA_SSL_CA_FILE, KAFKA_SSL_CERT_FILE: env.KAFKA_SSL_CERT_FILE, KAFKA_SSL_KEY_FILE: env.KAFKA_SSL_KEY_FILE };
  for (const [name, value] of Object.entries(files)) if (value && env.KAFKA_SSL !== true) out.problems.push(`${name} is set but KAFKA_SSL is not true`);
  if (!!env.KAFKA_SSL_CERT_FILE !== !!env.KAFKA_SSL_KEY_FILE) out.problems.push('KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (a client certificate and its key)');
  const ca = readPem('KAFKA_SSL_CA_FILE', env.KAFKA_SSL_CA_FILE, 'certificate');
  const cert = readPem('KAFKA_SSL_CERT_FILE', env.KAFKA_SSL_CERT_FILE, 'certificate');
  const key = readPem('KAFKA_SSL_KEY_FILE', env.KAFKA_SSL_KEY_FILE, 'key');
  for (const p of [ca, cert, key]) if (p.problem) out.problems.push(p.problem);

  const mechanism = env.KAFKA_SASL_MECHANISM;
  const scram = mechanism === 'scram-sha-256' || mechanism === 'scram-sha-512';
  const clientCert = !!(env.KAFKA_SSL_CERT_FILE && env.KAFKA_SSL_KEY_FILE);
  // PLAIN sends the password as it is: never without TLS, in any environment.
  if (mechanism === 'plain' && env.KAFKA_SSL !== true) out.insecure.push({ transport: 'kafka', what: 'Kafka: SASL PLAIN without TLS sends the password in clear (set KAFKA_SSL=true, better SCRAM)' });
  else if (production && env.KAFKA_SSL !== true) out.insecure.push({ transport: 'kafka', what: 'Kafka: no TLS (KAFKA_SSL is not true)' });
  if (production && !scram && !clientCert) out.insecure.push({ transport: 'kafka', what: `Kafka: neither SCRAM nor a client certificate (KAFKA_SASL_MECHANISM=${mechanism}, no KAFKA_SSL_CERT_FILE)` });

  let ssl: KafkaSecurity['ssl'];
  if (env.KAFKA_SSL === true) {
    // No file given: Node's default CA store, as before.
    ssl = ca.text || cert.text ? { rejectUnauthorized: true, ca: ca.text, cert: cert.text, key: key.text } : true;
  }
  out.kafka = {
    ssl,
    sasl: mechanism === 'none' ? undefined : ({ mechanism, username: env.KAFKA_SASL_USERNAME!, password: env.KAFKA_SASL_PASSWORD! } as SASLOptions),
  };
}

function assessDatabase(env: TransportEnv, production: boolean, out: Assessment): void {
  const mode = env.DATABASE_SSL_MODE;
  let url: URL | undefined;
  try {
    url = new URL(env.DATABASE_URL);
  } catch {
    // DATABASE_URL's own validator reports it.
  }
  const inUrl = url ? URL_SSL_PARAMS.filter((p) => url!.searchParams.has(p)) : [];
  // pg lets the URL's TLS parameters replace the options given beside it: one source only.
  if (inUrl.length) out.problems.push(`DATABASE_URL: TLS parameters (${inUrl.join(', ')}) are not taken in the URL; use DATABASE_SSL_MODE and DATABASE_SSL_CA_FILE / _CERT_FILE / _KEY_FILE`);
  const files = { DATABASE_SSL_CA_FILE: env.DATABASE_SSL_CA_FILE, DATABASE_SSL_CERT_FILE: env.DATABASE_SSL_CERT_FILE, DATABASE_SSL_KEY_FILE: env.DATABASE_SSL_KEY_FILE };
  for (const [name, value] of Object.entries(files)) if (value && mode === 'disable') out.problems.push(`${name} is set but DATABASE_SSL_MODE is disable`);
  if (!!env.DATABASE_SSL_CERT_FILE !== !!env.DATABASE_SSL_KEY_FILE) out.problems.push('DATABASE_SSL_CERT_FILE and DATABASE_SSL_KEY_FILE go together (a client certificate and its key)');
  // libpq's require with a CA file checks the chain; here require never does: say so rather than ignore the file.
  if (mode === 'require' && env.DATABASE_SSL_CA_FILE) out.problems.push('DATABASE_SSL_CA_FILE is not used with DATABASE_SSL_MODE=require (no server check): use verify-full or verify-ca');
  // verify-ca against the public CA store would accept any server someone registered there.
  if (mode === 'verify-ca' && !env.DATABASE_SSL_CA_FILE) out.problems.push('DATABASE_SSL_MODE=verify-ca needs DATABASE_SSL_CA_FILE (or use verify-full)');
  const ca = readPem('DATABASE_SSL_CA_FILE', env.DATABASE_SSL_CA_FILE, 'certificate');
  const cert = readPem('DATABASE_SSL_CERT_FILE', env.DATABASE_SSL_CERT_FILE, 'certificate');
  const key = readPem('DATABASE_SSL_KEY_FILE', env.DATABASE_SSL_KEY_FILE, 'key');
  for (const p of [ca, cert, key]) if (p.problem) out.problems.push(p.problem);

  if (production && mode === 'disable') out.insecure.push({ transport: 'postgres', what: 'PostgreSQL: no TLS (DATABASE_SSL_MODE=disable)' });
  if (production && mode === 'require') out.insecure.push({ transport: 'postgres', what: 'PostgreSQL: TLS without checking the server certificate (DATABASE_SSL_MODE=require)' });

  const material = { ca: ca.text, cert: cert.text, key: key.text };
  switch (mode) {
    case 'disable':
      out.database = false;
      break;
    case 'require':
      out.database = { ...material, rejectUnauthorized: false };
      break;
    // The chain is checked, the name is not.
    case 'verify-ca':
      out.database = { ...material, rejectUnauthorized: true, checkServerIdentity: () => undefined };
      break;
    // pg hands tls.connect the URL's host, so Node checks the certificate's names (or IP SANs) against it.
    default:
      out.database = { ...material, rejectUnauthorized: true };
  }
}

function assess(env: TransportEnv, kafka = true): Assessment {
  const out: Assessment = { problems: [], insecure: [], kafka: {}, database: false };
  const production = env.NODE_ENV === 'production';
  if (kafka) assessKafka(env, production, out);
  assessDatabase(env, production, out);
  const allowed = new Set(env.ALLOW_INSECURE_TRANSPORT ?? []);
  for (const i of out.insecure) {
    if (!allowed.has(i.transport)) out.problems.push(`${i.what}; refused${production ? ' with NODE_ENV=production' : ''} unless ALLOW_INSECURE_TRANSPORT names ${i.transport}`);
  }
  return out;
}

const resolved = new WeakMap<object, TransportSecurity>();

/**
 * Problems of the transport settings (ServiceEnv's cross-field check, run by validateEnv): files
 * that cannot be read, settings that do not go together, and, unless ALLOW_INSECURE_TRANSPORT
 * names the transport, what is insecure: PLAIN without TLS anywhere; with NODE_ENV=production,
 * Kafka without TLS and SCRAM (or a client certificate) and PostgreSQL without a verified TLS.
 * Files are read here, once.
 */
export function transportProblems(env: TransportEnv): string[] {
  const a = assess(env);
  if (a.problems.length === 0) resolved.set(env, { kafka: a.kafka, database: a.database, warnings: a.insecure.map((i) => `insecure transport allowed by ALLOW_INSECURE_TRANSPORT=${env.ALLOW_INSECURE_TRANSPORT.join(',')}: ${i.what}`) });
  return a.problems;
}

/** The resolved settings of a validated environment (computed now if validateEnv did not). */
export function transportSecurity(env: TransportEnv): TransportSecurity {
  let t = resolved.get(env);
  if (!t) {
    const problems = transportProblems(env);
    if (problems.length) throw new ConfigValidationError(problems);
    t = resolved.get(env)!;
  }
  return t;
}

/** kafkajs connection security from the environment (per-operator principals need SASL for ACLs). */
export function kafkaSecurity(env: TransportEnv): KafkaSecurity {
  return transportSecurity(env).kafka;
}

/** pg's `ssl` for every connection the process opens: the TypeORM pool, migrations, LISTEN clients. */
export function databaseSsl(env: TransportEnv): DatabaseSsl {
  return transportSecurity(env).database;
}

/** The WARN lines to log at start: what is insecure and allowed by the override. */
export function insecureTransportWarnings(env: TransportEnv): string[] {
  return transportSecurity(env).warnings;
}

/**
 * pg's `ssl` straight from a process environment, by the same rules (production refusal and
 * override included), for tools that have no ServiceEnv: the TypeORM CLI data sources.
 * Throws ConfigValidationError.
 */
export function databaseSslFromEnv(vars: Record<string, string | undefined>): DatabaseSsl {
  const v = (k: string): string | undefined => vars[k]?.trim() || undefined;
  const mode = (v('DATABASE_SSL_MODE') ?? 'disable') as DatabaseSslMode;
  if (!DATABASE_SSL_MODES.includes(mode)) throw new ConfigValidationError([`DATABASE_SSL_MODE must be one of ${DATABASE_SSL_MODES.join(', ')} (got ${JSON.stringify(mode)})`]);
  const env: TransportEnv = {
    NODE_ENV: v('NODE_ENV'),
    DATABASE_URL: v('DATABASE_URL') ?? '',
    DATABASE_SSL_MODE: mode,
    DATABASE_SSL_CA_FILE: v('DATABASE_SSL_CA_FILE'),
    DATABASE_SSL_CERT_FILE: v('DATABASE_SSL_CERT_FILE'),
    DATABASE_SSL_KEY_FILE: v('DATABASE_SSL_KEY_FILE'),
    KAFKA_SSL: false,
    KAFKA_SASL_MECHANISM: 'none',
    ALLOW_INSECURE_TRANSPORT: (v('ALLOW_INSECURE_TRANSPORT') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  };
  const a = assess(env, false);
  if (a.problems.length) throw new ConfigValidationError(a.problems);
  return a.database;
}
