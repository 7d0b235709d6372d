import { IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, registerDecorator, ValidateIf } from 'class-validator';
import { OidcEnv } from './auth/oidc-settings';
import { CrossFieldChecked, envBool, envInt, envList } from './env.validation';
import { DATABASE_SSL_MODES, DatabaseSslMode, INSECURE_TRANSPORTS, transportProblems } from './transport-security';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const SASL_MECHANISMS = ['none', 'plain', 'scram-sha-256', 'scram-sha-512'] as const;

// One message whether the list is missing, empty or malformed.
function IsHostPortList(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isHostPortList',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property is required: a comma-separated list of host:port, e.g. localhost:9092' },
      validator: { validate: (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((e) => typeof e === 'string' && /^[^\s:,]+:\d{1,5}$/.test(e)) },
    });
}

/** What every PostBridge process reads from its environment: HTTP, PostgreSQL, Kafka, logs, its identity provider. */
export class ServiceEnv extends OidcEnv implements CrossFieldChecked {
  // Loopback unless told otherwise: exposing a node is a deployment decision (a reverse proxy, a pod IP).
  @IsString() @IsNotEmpty()
  HTTP_HOST: string = '127.0.0.1';

  // 0 = any free port (tests run several apps in one process).
  @envInt() @IsInt({ message: 'HTTP_PORT must be an integer' }) @Min(0) @Max(65535)
  HTTP_PORT: number = 3000;

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL is required and must be a postgres:// URL' })
  DATABASE_URL: string;

  // TLS to PostgreSQL (transport-security.ts): verify-full checks the chain and the URL's host name; verify-ca only the chain.
  @IsIn(DATABASE_SSL_MODES, { message: `DATABASE_SSL_MODE must be one of ${DATABASE_SSL_MODES.join(', ')}` })
  DATABASE_SSL_MODE: DatabaseSslMode = 'disable';

  // PEM files, read at start.
  @IsOptional() @IsString()
  DATABASE_SSL_CA_FILE?: string;

  @IsOptional() @IsString()
  DATABASE_SSL_CERT_FILE?: string;

  @IsOptional() @IsString()
  DATABASE_SSL_KEY_FILE?: string;

  // Connections of the app's pool; a request that waits DATABASE_POOL_TIMEOUT_MS for one gets 503 DATABASE_UNAVAILABLE with Retry-After.
  @envInt() @IsInt({ message: 'DATABASE_POOL_SIZE must be an integer' }) @Min(2) @Max(200)
  DATABASE_POOL_SIZE: number = 10;

  @envInt() @IsInt({ message: 'DATABASE_POOL_TIMEOUT_MS must be an integer' }) @Min(50) @Max(60_000)
  DATABASE_POOL_TIMEOUT_MS: number = 5_000;

  @envList() @IsHostPortList()
  KAFKA_BROKERS: string[];

  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'TOPIC_PREFIX may only contain letters, digits, "_" and "-"' })
  TOPIC_PREFIX: string = 'postbridge';

  // Consumers wait this long for data per fetch; 10-50 ms against the dev broker, 100+ in production.
  @envInt() @IsInt({ message: 'KAFKA_MAX_WAIT_MS must be an integer' }) @Min(5) @Max(10_000)
  KAFKA_MAX_WAIT_MS: number = 100;

  @envBool() @IsBoolean({ message: 'KAFKA_SSL must be true or false' })
  KAFKA_SSL: boolean = false;

  // PEM files, read at start (KAFKA_SSL=true): the CA that signed the brokers' certificates, a client certificate and key (mTLS).
  @IsOptional() @IsString()
  KAFKA_SSL_CA_FILE?: string;

  @IsOptional() @IsString()
  KAFKA_SSL_CERT_FILE?: string;

  @IsOptional() @IsString()
  KAFKA_SSL_KEY_FILE?: string;

  @IsIn(SASL_MECHANISMS)
  KAFKA_SASL_MECHANISM: (typeof SASL_MECHANISMS)[number] = 'none';

  @ValidateIf((o: ServiceEnv) => o.KAFKA_SASL_MECHANISM !== 'none')
  @IsNotEmpty({ message: 'KAFKA_SASL_USERNAME is required when KAFKA_SASL_MECHANISM is set' })
  KAFKA_SASL_USERNAME?: string;

  @ValidateIf((o: ServiceEnv) => o.KAFKA_SASL_MECHANISM !== 'none')
  @IsNotEmpty({ message: 'KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is set' })
  KAFKA_SASL_PASSWORD?: string;

  // The network file: every party's public signing keys (and, at the broker, the operators and agreements).
  @IsNotEmpty({ message: 'NETWORK_FILE is required (path of the network file, e.g. deploy/network.json)' })
  NETWORK_FILE: string;

  // This party's Ed25519 private key (PKCS#8: PEM, or base64 DER inline), and its id in the network file.
  @IsOptional() @IsString()
  SIGNING_KEY?: string;

  @IsOptional() @IsString()
  SIGNING_KEY_FILE?: string;

  @Matches(/^[A-Za-z0-9._:-]{1,64}$/, { message: 'SIGNING_KEY_ID is required: the id of this party\'s signing key in the network file' })
  SIGNING_KEY_ID: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: string = 'info';

  @envBool() @IsBoolean({ message: 'LOG_PRETTY must be true or false' })
  LOG_PRETTY: boolean = false;

  // production: Kafka and PostgreSQL must be secured (transport-security.ts) unless ALLOW_INSECURE_TRANSPORT says otherwise.
  @IsOptional() @IsString()
  NODE_ENV?: string;

  // Transports allowed to be insecure (kafka, postgres), each logged at WARN at start.
  @envList() @IsArray() @IsIn(INSECURE_TRANSPORTS, { each: true, message: `ALLOW_INSECURE_TRANSPORT may only name ${INSECURE_TRANSPORTS.join(', ')}` })
  ALLOW_INSECURE_TRANSPORT: string[] = [];

  // Requests per minute per verified caller (token client and subject, or console session); over it: 429 with Retry-After.
  @envInt() @IsInt({ message: 'RATE_LIMIT_PER_MINUTE must be an integer' }) @Min(1) @Max(1_000_000_000)
  RATE_LIMIT_PER_MINUTE: number = 1200;

  // Requests per minute per address, before anyone is authenticated; generous, as a call centre shares a NAT address.
  @envInt() @IsInt({ message: 'RATE_LIMIT_PER_ADDRESS_PER_MINUTE must be an integer' }) @Min(1) @Max(1_000_000_000)
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: number = 20_000;

  // Reverse proxies whose X-Forwarded-For names the client: true, a hop count, or addresses/CIDRs (comma-separated). Unset: none.
  @IsOptional() @Matches(/^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, { message: 'TRUST_PROXY must be true, false, a hop count or addresses/CIDRs separated by commas' })
  TRUST_PROXY?: string;

  // A public client at the IdP that Swagger UI signs in with (authorization code + PKCE); unset: bearer tokens only.
  @IsOptional() @Matches(/^\S{1,200}$/, { message: 'OIDC_DOCS_CLIENT_ID must be a client id' })
  OIDC_DOCS_CLIENT_ID?: string;

  // Retention (docs/operations.md, "Retention"): how often the jobs run, and rows per statement. 0: the jobs never run on their own.
  @envInt() @IsInt({ message: 'RETENTION_INTERVAL_MINUTES must be an integer' }) @Min(0) @Max(24 * 60)
  RETENTION_INTERVAL_MINUTES: number = 60;

  @envInt() @IsInt({ message: 'RETENTION_BATCH_SIZE must be an integer' }) @Min(1) @Max(100_000)
  RETENTION_BATCH_SIZE: number = 1_000;

  // Sent outbox rows, kept for support (what was published, when); unsent rows are never deleted.
  @envInt() @IsInt({ message: 'RETENTION_OUTBOX_DAYS must be an integer' }) @Min(1) @Max(3_650)
  RETENTION_OUTBOX_DAYS: number = 7;

  // Inbox rows are the dedupe record: keep them longer than Kafka can redeliver (topic retention) and a dead letter can be replayed (DLQ retention).
  @envInt() @IsInt({ message: 'RETENTION_INBOX_DAYS must be an integer' }) @Min(1) @Max(3_650)
  RETENTION_INBOX_DAYS: number = 30;

  crossFieldProblems(): string[] {
    return transportProblems(this);
  }
}


/** TRUST_PROXY as Fastify takes it. */
export function trustProxyOf(env: ServiceEnv): boolean | number | string {
  const v = env.TRUST_PROXY?.trim();
  if (!v || v === 'false') return false;
  if (v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}
