// protoc-gen-es strips the proto enum prefix (INQUIRY_TYPE_FULL_INVESTIGATION → FULL_INVESTIGATION),
// so domain code strings are exactly the generated member names; a unit test keeps both lists equal.
type ProtoEnum = Record<string | number, string | number>;

/** Every code of an enum except UNSPECIFIED. */
export function enumCodes(e: ProtoEnum): string[] {
  return Object.keys(e).filter((k) => Number.isNaN(Number(k)) && k !== 'UNSPECIFIED');
}

/** Proto value → domain code; null for UNSPECIFIED or a value this build does not know. */
export function toCode<T extends string>(e: ProtoEnum, value: number): T | null {
  const name = e[value];
  return typeof name === 'string' && name !== 'UNSPECIFIED' ? (name as T) : null;
}

export function fromCode(e: ProtoEnum, code: string): number {
  const v = e[code];
  if (typeof v !== 'number' || code === 'UNSPECIFIED') throw new Error(`Unknown code "${code}"`);
  return v;
}
