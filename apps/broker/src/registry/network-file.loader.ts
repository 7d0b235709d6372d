import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CalendarSpec,
  calendarSpecProblems,
  InquiryType,
  INQUIRY_TYPES,
  isInquiryType,
  isTargetUnit,
  NetworkAgreement,
  ProductFamily,
  TARGET_UNITS,
} from '@postbridge/domain';
import { isIanaTimeZone } from '@postbridge/contracts';
import { NetworkFileDto } from './network-file.dto';
import { DEFAULT_BACKDATED_SCAN_WINDOW_HOURS, OperatorRegistry } from './operator-registry';

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

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * What the class validators cannot see: response targets (keyed by inquiry type), references from
 * operators to networks, and calendars (checked by the domain, in the operator's time zone).
 * Works on whatever shape the file has, so it adds to the validators' problems rather than hiding them.
 */
function crossProblems(file: NetworkFileDto): string[] {
  const problems: string[] = [];
  const networks = Array.isArray(file.networks) ? file.networks : [];
  networks.forEach((n, i) => {
    if (!isObject(n) || !isObject(n.responseTargets)) return;
    const at = `networks.${i}.responseTargets`;
    const allowed: string[] = Array.isArray(n.inquiryTypes) ? n.inquiryTypes.filter((t) => typeof t === 'string') : [];
    for (const [type, target] of Object.entries(n.responseTargets)) {
      if (!isInquiryType(type)) problems.push(`${at}.${type}: not an inquiry type (one of ${INQUIRY_TYPES.join(', ')})`);
      else if (!allowed.includes(type)) problems.push(`${at}.${type}: ${type} is not among the network's inquiryTypes`);
      if (!isObject(target)) {
        problems.push(`${at}.${type}: must be { "value": <whole number >= 1>, "unit": ${TARGET_UNITS.map((u) => `"${u}"`).join(' | ')} } (got ${JSON.stringify(target)})`);
        continue;
      }
      if (!Number.isInteger(target.value) || (target.value as number) < 1 || (target.value as number) > 10_000) {
        problems.push(`${at}.${type}.value: must be a whole number from 1 to 10000 (got ${JSON.stringify(target.value)})`);
      }
      if (!isTargetUnit(target.unit)) problems.push(`${at}.${type}.unit: must be one of ${TARGET_UNITS.join(', ')} (got ${JSON.stringify(target.unit)})`);
    }
    for (const type of allowed) {
      if (isInquiryType(type) && !(type in n.responseTargets)) problems.push(`${at}: no target for ${type}, which the network allows`);
    }
  });

  const declared = new Set(networks.filter(isObject).map((n) => n.code));
  const operators = Array.isArray(file.operators) ? file.operators : [];
  const codes = new Set(operators.filter(isObject).map((o) => o.code));
  operators.forEach((o, i) => {
    if (!isObject(o)) return;
    if (Array.isArray(o.networks)) {
      for (const code of o.networks) {
        if (typeof code === 'string' && !declared.has(code)) {
          problems.push(`operators.${i}.networks: ${code} is not declared in networks (declared: ${[...declared].join(', ') || 'none'})`);
        }
      }
    }
    if (Array.isArray(o.trackingCountries) && o.trackingCountries.includes(o.country)) {
      problems.push(`operators.${i}.trackingCountries: ${String(o.country)} is the operator's own country; list only countries delegated to it`);
    }
    if (Array.isArray(o.transitFor)) {
      for (const code of o.transitFor) {
        if (typeof code !== 'string') continue;
        if (code === o.code) problems.push(`operators.${i}.transitFor: an operator is not a transit post for itself`);
        else if (!codes.has(code)) problems.push(`operators.${i}.transitFor: ${code} is not an operator of the file`);
      }
    }
    if (isObject(o.calendar)) {
      if ('timeZone' in o.calendar) problems.push(`operators.${i}.calendar.timeZone: not allowed; the calendar uses the operator's timeZone`);
      // A bad operator time zone is reported once, above; the calendar is still checked for the rest.
      const timeZone = isIanaTimeZone(o.timeZone) ? o.timeZone : 'UTC';
      for (const p of calendarSpecProblems({ ...o.calendar, timeZone })) problems.push(`operators.${i}.calendar: ${p}`);
    }
  });
  return problems;
}

/** Validates parsed network-file JSON; lists every problem at once. */
export function parseNetworkFile(json: unknown, path = '<network file>'): NetworkFileDto {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new NetworkFileError(path, ['must be a JSON object with "networks" and "operators" arrays']);
  const dto = plainToInstance(NetworkFileDto, json);
  const problems = describe(validateSync(dto, { forbidUnknownValues: false })).concat(crossProblems(dto));
  if (problems.length > 0) throw new NetworkFileError(path, problems);
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
  const agreements: NetworkAgreement[] = file.networks.map((n) => ({
    code: n.code,
    name: n.name,
    productFamilies: n.productFamilies as ProductFamily[],
    inquiryTypes: n.inquiryTypes as InquiryType[],
    responseTargets: n.responseTargets as NetworkAgreement['responseTargets'],
    reminders: { leadHours: n.reminders.leadHours, intervalHours: n.reminders.intervalHours, beforeEscalation: n.reminders.beforeEscalation },
  }));
  return new OperatorRegistry(
    file.operators.map((o) => ({
      code: o.code,
      name: o.name,
      country: o.country,
      timeZone: o.timeZone,
      languages: o.languages,
      active: o.active,
      networks: o.networks,
      calendar: { ...(o.calendar as Omit<CalendarSpec, 'timeZone'>), timeZone: o.timeZone },
      trackingCountries: o.trackingCountries ?? [],
      transitFor: o.transitFor ?? [],
    })),
    agreements,
    { backdatedScanWindowHours: file.tracking?.backdatedScanWindowHours ?? DEFAULT_BACKDATED_SCAN_WINDOW_HOURS },
  );
}
