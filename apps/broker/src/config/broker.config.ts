import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min, registerDecorator } from 'class-validator';
import { validateEnv } from '@postbridge/platform';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

type Raw = { obj: Record<string, unknown>; key: string };

// validateEnv converts implicitly, which turns "abc" into NaN and "false" into true. These read the
// raw string instead, and leave anything unparsable as it was so the error message shows it.
const toInt = ({ obj, key }: Raw) => {
  const raw = obj[key];
  return typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
};
const toBool = ({ obj, key }: Raw) => {
  const raw = obj[key];
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  return raw;
};
const toList = ({ obj, key }: Raw) => {
  const raw = obj[key];
  return typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : raw;
};

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

/** The broker's environment contract (docs/architecture.md), validated once at boot. */
export class BrokerConfig {
  @IsString()
  @IsNotEmpty()
  HTTP_HOST: string = '0.0.0.0';

  // 0 = any free port (tests run several brokers in one process).
  @Transform(toInt)
  @IsInt({ message: 'HTTP_PORT must be an integer' })
  @Min(0)
  @Max(65535)
  HTTP_PORT: number = 3000;

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL is required and must be a postgres:// URL' })
  DATABASE_URL: string;

  // "host1:9092, host2:9092" → ['host1:9092', 'host2:9092']
  @Transform(toList)
  @IsHostPortList()
  KAFKA_BROKERS: string[];

  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'TOPIC_PREFIX may only contain letters, digits, "_" and "-"' })
  TOPIC_PREFIX: string = 'postbridge';

  @IsNotEmpty({ message: 'NETWORK_FILE is required (path of the network file, e.g. deploy/network.json)' })
  NETWORK_FILE: string;

  @Transform(toInt)
  @IsInt({ message: 'KAFKA_MAX_WAIT_MS must be an integer' })
  @Min(1)
  @Max(60_000)
  KAFKA_MAX_WAIT_MS: number = 100;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: string = 'info';

  @Transform(toBool)
  @IsBoolean({ message: 'LOG_PRETTY must be true or false' })
  LOG_PRETTY: boolean = false;
}

/** Throws ConfigValidationError listing every problem. Empty variables count as unset, so defaults apply. */
export function loadBrokerConfig(env: Record<string, string | undefined>): BrokerConfig {
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  return validateEnv(BrokerConfig, set);
}
