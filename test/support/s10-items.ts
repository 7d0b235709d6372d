import { s10CheckDigit } from '@postbridge/domain';

// Random start, so test files sharing a database server never collide on item ids.
let serial = 10_000_000 + Math.floor(Math.random() * 80_000_000);

/** A fresh valid S10 item id (registered, `RR…`) issued in `country`. */
export function newItemId(country = 'CH'): string {
  const s = String(serial++);
  return `RR${s}${s10CheckDigit(s)}${country}`;
}
