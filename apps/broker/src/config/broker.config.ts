import { Transform } from 'class-transformer';
import { IsInt, IsNumber, Matches, Max, Min } from 'class-validator';
import { envInt, ServiceEnv, validateEnv } from '@postbridge/platform';

export { LOG_LEVELS } from '@postbridge/platform';

// "2.5" → 2.5; anything else is left for the validators to reject.
const envNumber = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value));

/** The broker's environment contract (docs/operations.md): the common ServiceEnv plus the network file and the deadline watcher. */
export class BrokerConfig extends ServiceEnv {
  /** How often the deadline watcher looks for reminders, overdue cases and escalations to send. */
  @envInt() @IsInt({ message: 'DEADLINE_SCAN_INTERVAL_MS must be an integer' }) @Min(10) @Max(3_600_000)
  DEADLINE_SCAN_INTERVAL_MS: number = 1000;

  /** Deadlines handled per watcher transaction; a full batch is followed by the next one at once. */
  @envInt() @IsInt({ message: 'DEADLINE_SCAN_BATCH must be an integer' }) @Min(1) @Max(10_000)
  DEADLINE_SCAN_BATCH: number = 500;

  /**
   * Demo only: the broker's deadline clock runs this many times faster than real time from boot
   * (3600: a working hour per second). 1 = real time.
   */
  @envNumber() @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'CLOCK_RATE must be a number >= 1' }) @Min(1, { message: 'CLOCK_RATE must be a number >= 1' }) @Max(1_000_000)
  CLOCK_RATE: number = 1;

  // The claim naming the operator a hub client speaks for (Keycloak: a hardcoded-claim mapper per client).
  @Matches(/^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/, { message: 'OIDC_OPERATOR_CLAIM must be a claim name' })
  OIDC_OPERATOR_CLAIM: string = 'operator';

  // Retention (docs/operations.md, "Retention"); the interval, batch size, outbox and inbox periods are in ServiceEnv.
  // Tracking events held for an item whose destination never became known: past the longest inquiry window (6 months) no case can ask for them.
  @envInt() @IsInt({ message: 'RETENTION_PENDING_TRACKING_EVENT_DAYS must be an integer' }) @Min(1) @Max(3_650)
  RETENTION_PENDING_TRACKING_EVENT_DAYS: number = 190;

  // An item's known route and customs scans, after their last change; kept while a case about the item is open.
  @envInt() @IsInt({ message: 'RETENTION_TRACKING_ROUTE_DAYS must be an integer' }) @Min(1) @Max(3_650)
  RETENTION_TRACKING_ROUTE_DAYS: number = 365;
}

/** Throws ConfigValidationError listing every problem. Empty variables count as unset, so defaults apply. */
export function loadBrokerConfig(env: Record<string, string | undefined>): BrokerConfig {
  return validateEnv(BrokerConfig, env);
}
