/**
 * A small bounded cache. Intl objects (DateTimeFormat, DisplayNames, compiled messages) cost
 * 5-90 µs each to build and hold ICU memory V8 does not see, so each distinct reader setting is
 * built once; the bound keeps hostile or odd inputs (any Accept-Language) from growing it forever.
 */
export function memoize<T>(limit: number): (key: string, build: () => T) => T {
  const entries = new Map<string, T>();
  return (key, build) => {
    const hit = entries.get(key);
    if (hit !== undefined || entries.has(key)) return hit as T;
    const value = build();
    // Map keeps insertion order: the oldest entry goes first.
    if (entries.size >= limit) entries.delete(entries.keys().next().value as string);
    entries.set(key, value);
    return value;
  };
}
