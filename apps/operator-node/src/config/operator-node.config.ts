import { ArrayNotEmpty, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import * as countries from 'i18n-iso-countries';
import { envBool, envInt, envList } from '@postbridge/platform';

@ValidatorConstraint({ name: 'ianaTimeZone' })
export class IsIanaTimeZone implements ValidatorConstraintInterface {
  validate(v: unknown): boolean {
    if (typeof v !== 'string' || v.length === 0) return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: v });
      return true;
    } catch {
      return false;
    }
  }
  defaultMessage(): string {
    return 'must be an IANA time zone such as Europe/Zurich';
  }
}

@ValidatorConstraint({ name: 'isoCountry' })
export class IsIsoCountry implements ValidatorConstraintInterface {
  validate(v: unknown): boolean {
    return typeof v === 'string' && /^[A-Z]{2}$/.test(v) && countries.isValid(v);
  }
  defaultMessage(): string {
    return 'must be an ISO 3166-1 alpha-2 country code such as CH';
  }
}

/** Environment of one operator node, validated at boot. */
export class OperatorNodeConfig {
  @Matches(/^[A-Z0-9]{2,10}$/, { message: 'OPERATOR_CODE must be 2-10 upper-case letters or digits, e.g. CH' })
  OPERATOR_CODE: string;

  @IsOptional() @IsString()
  OPERATOR_NAME?: string;

  @Validate(IsIsoCountry)
  OPERATOR_COUNTRY: string;

  @Validate(IsIanaTimeZone)
  OPERATOR_TIME_ZONE: string = 'UTC';

  @envList() @ArrayNotEmpty() @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { each: true, message: 'OPERATOR_LANGUAGES must be BCP 47 tags such as de,fr,en' })
  OPERATOR_LANGUAGES: string[] = ['en'];

  @IsString()
  HTTP_HOST: string = '0.0.0.0';

  @envInt() @IsInt() @Min(0) @Max(65535)
  HTTP_PORT: number = 3000;

  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  @envList() @ArrayNotEmpty({ message: 'KAFKA_BROKERS must list at least one host:port' }) @Matches(/^[^\s:,]+:\d+$/, { each: true, message: 'KAFKA_BROKERS entries must be host:port' })
  KAFKA_BROKERS: string[];

  @Matches(/^[A-Za-z0-9_-]+$/)
  TOPIC_PREFIX: string = 'postbridge';

  @envInt() @IsInt() @Min(5) @Max(10_000)
  KAFKA_MAX_WAIT_MS: number = 100;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @envBool() @IsBoolean()
  LOG_PRETTY: boolean = false;

  @IsNotEmpty()
  NODE_ENV: string = 'production';
}
