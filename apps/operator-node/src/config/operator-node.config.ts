import { ArrayNotEmpty, IsBoolean, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, Validate, ValidateIf, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import * as countries from 'i18n-iso-countries';
import { envBool, envInt, envList, IsIanaTimeZone, ServiceEnv } from '@postbridge/platform';

@ValidatorConstraint({ name: 'isoCountry' })
export class IsIsoCountry implements ValidatorConstraintInterface {
  validate(v: unknown): boolean {
    return typeof v === 'string' && /^[A-Z]{2}$/.test(v) && countries.isValid(v);
  }
  defaultMessage(): string {
    return 'must be an ISO 3166-1 alpha-2 country code such as CH';
  }
}

/** Environment of one operator node, validated at boot: the common ServiceEnv plus who the node is. */
export class OperatorNodeConfig extends ServiceEnv {
  // This post's X25519 private key(s) (PKCS#8: PEM blocks, or base64 DER separated by commas):
  // partners encrypt customer data for their public keys in the network file. Old keys stay here
  // until what was sealed for them has been delivered (docs/security.md).
  @IsOptional() @IsString()
  ENCRYPTION_KEY?: string;

  @IsOptional() @IsString()
  ENCRYPTION_KEY_FILE?: string;

  @Matches(/^[A-Z0-9]{2,10}$/, { message: 'OPERATOR_CODE must be 2-10 upper-case letters or digits, e.g. CH' })
  OPERATOR_CODE: string;

  @IsOptional() @IsString()
  OPERATOR_NAME?: string;

  @Validate(IsIsoCountry)
  OPERATOR_COUNTRY: string;

  @IsIanaTimeZone()
  OPERATOR_TIME_ZONE: string = 'UTC';

  @envList() @ArrayNotEmpty() @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { each: true, message: 'OPERATOR_LANGUAGES must be BCP 47 tags such as de,fr,en' })
  OPERATOR_LANGUAGES: string[] = ['en'];

  // A comment line on each open alert stream this often, so proxies do not close quiet streams.
  @envInt() @IsInt({ message: 'ALERT_STREAM_HEARTBEAT_MS must be an integer' }) @Min(100) @Max(300_000)
  ALERT_STREAM_HEARTBEAT_MS: number = 15_000;

  // Open alert streams per caller (a few tabs) and per node; beyond them: 429 TOO_MANY_STREAMS.
  @envInt() @IsInt({ message: 'ALERT_STREAMS_PER_CALLER must be an integer' }) @Min(1) @Max(100)
  ALERT_STREAMS_PER_CALLER: number = 5;

  @envInt() @IsInt({ message: 'ALERT_STREAMS_MAX must be an integer' }) @Min(1) @Max(100_000)
  ALERT_STREAMS_MAX: number = 500;

  // Inbound cases one partner may open per clock hour (UTC) before supervisors get an
  // INBOUND_QUOTA_EXCEEDED alert; the cases past it are stored all the same. 0: no alert.
  @envInt() @IsInt({ message: 'INBOUND_CASES_PER_PARTNER_PER_HOUR must be an integer' }) @Min(0) @Max(10_000_000)
  INBOUND_CASES_PER_PARTNER_PER_HOUR: number = 500;

  // Off unless set: a LibreTranslate-compatible service; its translations are shown next to originals.
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'TRANSLATION_URL must be an http(s) URL such as http://libretranslate:5000' })
  TRANSLATION_URL?: string;

  @IsOptional() @IsString()
  TRANSLATION_API_KEY?: string;

  @envInt() @IsInt({ message: 'TRANSLATION_TIMEOUT_MS must be an integer' }) @Min(100) @Max(60_000)
  TRANSLATION_TIMEOUT_MS: number = 3_000;

  // The console's sign-in (authorization code + PKCE, handled here): off unless a client is set.
  @IsOptional() @Matches(/^\S{1,200}$/, { message: 'OIDC_CLIENT_ID must be the console client id at the identity provider' })
  OIDC_CLIENT_ID?: string;

  @IsOptional() @IsString()
  OIDC_CLIENT_SECRET?: string;

  // The built agent console (index.html + assets/); default: dist/console found above this file.
  @IsOptional() @IsString()
  CONSOLE_DIR?: string;

  // The origin browsers reach this node at (redirect_uri = PUBLIC_URL/auth/callback); required with OIDC_CLIENT_ID.
  @ValidateIf((o: OperatorNodeConfig) => !!o.OIDC_CLIENT_ID)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'PUBLIC_URL is required with OIDC_CLIENT_ID: the origin browsers use, e.g. https://postbridge.post.ch' })
  PUBLIC_URL?: string;

  // A console session ends after this long without a request, and in any case after SESSION_ABSOLUTE_HOURS.
  @envInt() @IsInt({ message: 'SESSION_IDLE_MINUTES must be an integer' }) @Min(1) @Max(24 * 60)
  SESSION_IDLE_MINUTES: number = 30;

  @envInt() @IsInt({ message: 'SESSION_ABSOLUTE_HOURS must be an integer' }) @Min(1) @Max(7 * 24)
  SESSION_ABSOLUTE_HOURS: number = 10;

  // Off only for plain-http hosts other than localhost (browsers treat http://localhost as secure).
  @envBool() @IsBoolean({ message: 'SESSION_COOKIE_SECURE must be true or false' })
  SESSION_COOKIE_SECURE: boolean = true;

  // Retention (docs/operations.md, "Retention"); the interval, batch size, outbox and inbox periods are in ServiceEnv.
  // Closed cases keep the customer's data this long after they closed, for follow-ups and compensation claims; then it is removed (codes and timings stay).
  @envInt() @IsInt({ message: 'RETENTION_RESOLVED_CASE_DAYS must be an integer' }) @Min(1) @Max(3_650)
  RETENTION_RESOLVED_CASE_DAYS: number = 180;

  // Tracking events, after they reached this node; those of an item with an open case stay.
  @envInt() @IsInt({ message: 'RETENTION_TRACKING_EVENT_DAYS must be an integer' }) @Min(1) @Max(3_650)
  RETENTION_TRACKING_EVENT_DAYS: number = 365;

  @envInt() @IsInt({ message: 'RETENTION_ALERT_DAYS must be an integer' }) @Min(1) @Max(3_650)
  RETENTION_ALERT_DAYS: number = 90;

  // Cached machine translations (translated customer text); a deleted one is asked for again when shown.
  @envInt() @IsInt({ message: 'RETENTION_TRANSLATION_DAYS must be an integer' }) @Min(1) @Max(3_650)
  RETENTION_TRANSLATION_DAYS: number = 30;
}
