import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const name = prefix + e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${name}: ${m} (got ${JSON.stringify(e.value)})`);
    return own.concat(describe(e.children ?? [], `${name}.`));
  });
}

/** Validates the environment at boot, listing every problem at once rather than the first. */
export function validateEnv<T extends object>(cls: new () => T, env: Record<string, string | undefined>): T {
  const config = plainToInstance(cls, env, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) throw new ConfigValidationError(describe(errors));
  return config;
}
