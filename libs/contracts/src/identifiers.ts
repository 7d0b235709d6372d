// Identifier shapes every party checks the same way: network file, REST input and Kafka bodies.

/** Code of a network (agreement), e.g. "EMS", "PRIME". */
export const NETWORK_CODE = /^[A-Z0-9_-]{1,20}$/;

export function isNetworkCode(value: unknown): value is string {
  return typeof value === 'string' && NETWORK_CODE.test(value);
}

// Zones found valid: building an Intl.DateTimeFormat per check was 0.7% of the apps' CPU in the
// case-delivery profile (docs/performance.md). Only valid zones are kept, so the set stays as small
// as the runtime's zone list, whatever callers send.
const knownZones = new Set<string>();

/** An IANA time zone this runtime knows, e.g. "Europe/Zurich". */
export function isIanaTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  if (knownZones.has(value)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    return false;
  }
  knownZones.add(value);
  return true;
}

/** Id of a saved reply (template), the same at every node that has it, e.g. "DELIVERED_WITH_SIGNATURE". */
export const TEMPLATE_ID = /^[A-Z][A-Z0-9_]{1,63}$/;

export function isTemplateId(value: unknown): value is string {
  return typeof value === 'string' && TEMPLATE_ID.test(value);
}
