import { IsNotEmpty } from 'class-validator';
import { ServiceEnv, validateEnv } from '@postbridge/platform';

export { LOG_LEVELS } from '@postbridge/platform';

/** The broker's environment contract (docs/operations.md): the common ServiceEnv plus the network file. */
export class BrokerConfig extends ServiceEnv {
  @IsNotEmpty({ message: 'NETWORK_FILE is required (path of the network file, e.g. deploy/network.json)' })
  NETWORK_FILE: string;
}

/** Throws ConfigValidationError listing every problem. Empty variables count as unset, so defaults apply. */
export function loadBrokerConfig(env: Record<string, string | undefined>): BrokerConfig {
  return validateEnv(BrokerConfig, env);
}
