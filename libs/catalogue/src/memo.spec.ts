import { memoize } from './memo';

describe('memoize', () => {
  it('builds each key once, keeps at most `limit` entries and drops the oldest first', () => {
    const built: string[] = [];
    const cached = memoize<string>(2);
    const get = (k: string) => cached(k, () => (built.push(k), k.toUpperCase()));
    expect([get('a'), get('a'), get('b')]).toEqual(['A', 'A', 'B']);
    expect(built).toEqual(['a', 'b']);
    get('c'); // evicts a
    get('b');
    get('a');
    expect(built).toEqual(['a', 'b', 'c', 'a']);
  });

  it('caches undefined results too', () => {
    let calls = 0;
    const cached = memoize<undefined>(4);
    cached('x', () => (calls++, undefined));
    cached('x', () => (calls++, undefined));
    expect(calls).toBe(1);
  });
});
