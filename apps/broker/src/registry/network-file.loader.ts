import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NetworkFileDto } from './network-file.dto';
import { OperatorRegistry } from './operator-registry';

export class NetworkFileError extends Error {
  constructor(
    readonly path: string,
    readonly problems: string[],
  ) {
    super(`Invalid network file ${path}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'NetworkFileError';
  }
}

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const name = prefix + e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${name}: ${m} (got ${JSON.stringify(e.value)})`);
    return own.concat(describe(e.children ?? [], `${name}.`));
  });
}

/** Validates parsed network-file JSON; lists every problem at once. */
export function parseNetworkFile(json: unknown, path = '<network file>'): NetworkFileDto {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new NetworkFileError(path, ['must be a JSON object with an "operators" array']);
  const dto = plainToInstance(NetworkFileDto, json);
  const errors = validateSync(dto, { forbidUnknownValues: false });
  if (errors.length > 0) throw new NetworkFileError(path, describe(errors));
  return dto;
}

export function loadOperatorRegistry(path: string): OperatorRegistry {
  const abs = resolve(path);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    throw new NetworkFileError(abs, [`cannot read: ${(e as Error).message}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new NetworkFileError(abs, [`not JSON: ${(e as Error).message}`]);
  }
  return registryFrom(parseNetworkFile(json, abs));
}

export function registryFrom(file: NetworkFileDto): OperatorRegistry {
  return new OperatorRegistry(
    file.operators.map((o) => ({ code: o.code, name: o.name, country: o.country, timeZone: o.timeZone, languages: o.languages, active: o.active })),
  );
}
