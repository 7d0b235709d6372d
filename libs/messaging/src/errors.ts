/**
 * A message that will fail the same way however often it is retried (undecodable, spoofed,
 * refused by the state machine): it goes to the dead-letter topic at once.
 */
export class PoisonMessageError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}

// SQLSTATE classes that mean "the database is not there or not now", worth waiting for.
const TRANSIENT_SQLSTATE = [/^08/, /^40001$/, /^40P01$/, /^53/, /^57P0[1-3]$/, /^55P03$/];
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/** True when retrying later can succeed: infrastructure, not the message, is at fault. */
export function isTransientError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; retriable?: unknown; name?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  if (e.retriable === true) return true; // kafkajs KafkaJSError
  if (typeof e.code === 'string' && (TRANSIENT_NODE_CODES.has(e.code) || TRANSIENT_SQLSTATE.some((r) => r.test(e.code as string)))) return true;
  if (typeof e.name === 'string' && /^KafkaJS(Connection|RequestTimeout|NumberOfRetriesExceeded|BrokerNotFound|LockTimeout)/.test(e.name)) return true;
  if (typeof e.message === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|is not currently accepting connections/i.test(e.message)) return true;
  if (e.driverError && e.driverError !== err) return isTransientError(e.driverError);
  if (e.cause && e.cause !== err) return isTransientError(e.cause);
  return false;
}

export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && code.length > 0 ? code : 'HANDLER_FAILED';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Why Kafka refused this process, as a code for logs and /health: its credentials
 * (KAFKA_AUTHENTICATION_FAILED), its ACLs (KAFKA_AUTHORIZATION_FAILED), or the cluster is out of
 * reach (KAFKA_UNAVAILABLE). Wrapped kafkajs errors are looked into.
 */
export function kafkaErrorCode(err: unknown): 'KAFKA_AUTHENTICATION_FAILED' | 'KAFKA_AUTHORIZATION_FAILED' | 'KAFKA_UNAVAILABLE' {
  for (let cur: unknown = err, depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const e = cur as { name?: unknown; type?: unknown; message?: unknown; cause?: unknown; originalError?: unknown };
    if (e.name === 'KafkaJSSASLAuthenticationError' || e.type === 'SASL_AUTHENTICATION_FAILED') return 'KAFKA_AUTHENTICATION_FAILED';
    if (typeof e.type === 'string' && /AUTHORIZATION_FAILED$/.test(e.type)) return 'KAFKA_AUTHORIZATION_FAILED';
    if (typeof e.message === 'string' && /Not authorized to access|authorization failed/i.test(e.message)) return 'KAFKA_AUTHORIZATION_FAILED';
    cur = e.cause ?? e.originalError;
  }
  return 'KAFKA_UNAVAILABLE';
}
