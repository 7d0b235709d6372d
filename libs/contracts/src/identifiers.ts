// Identifier shapes every party checks the same way: network file, REST input and Kafka bodies.

/** Code of a network (agreement), e.g. "EMS", "PRIME". */
export const NETWORK_CODE = /^[A-Z0-9_-]{1,20}$/;

export function isNetworkCode(value: unknown): value is string {
  return typeof value === 'string' && NETWORK_CODE.test(value);
}

/** An IANA time zone this runtime knows, e.g. "Europe/Zurich". */
export function isIanaTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Id of a saved reply (template), the same at every node that has it, e.g. "DELIVERED_WITH_SIGNATURE". */
export const TEMPLATE_ID = /^[A-Z][A-Z0-9_]{1,63}$/;

export function isTemplateId(value: unknown): value is string {
  return typeof value === 'string' && TEMPLATE_ID.test(value);
}
