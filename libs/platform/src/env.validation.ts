import { plainToInstance, Transform } from 'class-transformer';
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

/** A config class whose rules span several variables (or read files): checked after the field validators, listed with them. */
export interface CrossFieldChecked {
  crossFieldProblems(): string[];
}

/**
 * Validates the environment at boot, listing every problem at once rather than the first.
 * No implicit conversion: env values are strings, and "false" must not become true. Fields
 * convert explicitly with `envInt` / `envBool` / `envList`.
 */
export function validateEnv<T extends object>(cls: new () => T, env: Record<string, string | undefined>): T {
  // An empty variable counts as unset, so its default applies (`FOO=` in a compose file is common).
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const config = plainToInstance(cls, set, { enableImplicitConversion: false, exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  const cross = typeof (config as Partial<CrossFieldChecked>).crossFieldProblems === 'function' ? (config as CrossFieldChecked).crossFieldProblems() : [];
  const problems = describe(errors).concat(cross);
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}

const int = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);
const bool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  return ['1', 'true', 'yes', 'on'].includes(v) ? true : ['0', 'false', 'no', 'off', ''].includes(v) ? false : value;
};
const list = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value);

/** "8080" → 8080; anything else is left as it is for the validators to reject. */
export const envInt = () => Transform(int);
/** true/false/1/0/yes/no/on/off; anything else is left for the validators to reject. */
export const envBool = () => Transform(bool);
/** "a, b,c" → ["a","b","c"]. */
export const envList = () => Transform(list);
