// Domain code strings are the proto enum names without their prefix, so mapping is mechanical
// and a unit test keeps both lists equal.
type ProtoEnum = Record<string | number, string | number>;

function prefixOf(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase() + '_';
}

export function enumCodes(e: ProtoEnum, enumName: string): string[] {
  const prefix = prefixOf(enumName);
  return Object.keys(e)
    .filter((k) => Number.isNaN(Number(k)) && k !== `${prefix}UNSPECIFIED`)
    .map((k) => (k.startsWith(prefix) ? k.slice(prefix.length) : k));
}

export function toCode<T extends string>(e: ProtoEnum, enumName: string, value: number): T | null {
  const name = e[value];
  if (typeof name !== 'string') return null;
  const prefix = prefixOf(enumName);
  if (name === `${prefix}UNSPECIFIED`) return null;
  return name.slice(prefix.length) as T;
}

export function fromCode(e: ProtoEnum, enumName: string, code: string): number {
  const v = e[`${prefixOf(enumName)}${code}`];
  if (typeof v !== 'number') throw new Error(`Unknown ${enumName} code "${code}"`);
  return v;
}
