import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIanaTimeZone } from './network-file.dto';
import { loadOperatorRegistry, NetworkFileError, parseNetworkFile, registryFrom } from './network-file.loader';

const op = (over: Record<string, unknown> = {}) => ({ code: 'CH', name: 'Swiss Post', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de', 'fr'], active: true, ...over });

function problemsOf(json: unknown): string[] {
  try {
    parseNetworkFile(json);
  } catch (e) {
    if (e instanceof NetworkFileError) return e.problems;
    throw e;
  }
  return [];
}

describe('network file', () => {
  it('accepts the repository network file', () => {
    const registry = loadOperatorRegistry(join(__dirname, '../../../../deploy/network.json'));
    expect(registry.all().map((o) => o.code)).toEqual(['CH', 'DE', 'US', 'JP']);
  });

  it('ignores keys meant for scripts (ports, topicPrefix)', () => {
    expect(problemsOf({ network: 'x', topicPrefix: 'p', broker: { httpPort: 1 }, operators: [op({ httpPort: 3001 })] })).toEqual([]);
  });

  it('accepts region subtags in languages', () => {
    expect(problemsOf({ operators: [op({ languages: ['pt-BR', 'zh-Hant-TW', 'en'] })] })).toEqual([]);
  });

  it.each([
    ['code', op({ code: 'ch' }), /operators\.0\.code: code must be 2-10 upper-case/],
    ['code too long', op({ code: 'ABCDEFGHIJK' }), /operators\.0\.code/],
    ['reserved broker code', op({ code: 'PBHUB' }), /reserved for the broker/],
    ['country', op({ country: 'XX' }), /operators\.0\.country: country must be an ISO 3166-1 alpha-2 code/],
    ['time zone', op({ timeZone: 'Mars/Olympus' }), /operators\.0\.timeZone: timeZone must be an IANA time zone/],
    ['languages', op({ languages: ['German'] }), /operators\.0\.languages: languages must be BCP 47/],
    ['empty languages', op({ languages: [] }), /operators\.0\.languages/],
    ['active', op({ active: 'yes' }), /operators\.0\.active: active must be a boolean/],
    ['name', op({ name: '' }), /operators\.0\.name/],
  ])('rejects a bad %s', (_what, operator, pattern) => {
    expect(problemsOf({ operators: [operator] }).join('\n')).toMatch(pattern);
  });

  it('rejects duplicate operator codes', () => {
    expect(problemsOf({ operators: [op(), op({ name: 'Other' })] })).toEqual([expect.stringMatching(/operators: operators must have unique codes/)]);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({ operators: [op({ code: 'x' }), op({ code: 'DE', country: 'ZZ', timeZone: 'Nowhere' })] });
    expect(problems).toHaveLength(3);
  });

  it('rejects a file without operators', () => {
    expect(problemsOf({})).toEqual(expect.arrayContaining([expect.stringMatching(/^operators:/)]));
    expect(problemsOf({ operators: [] })).toEqual([expect.stringMatching(/operators should not be empty/)]);
    expect(problemsOf([])).toEqual([expect.stringMatching(/JSON object/)]);
  });

  it('reports unreadable and non-JSON files with their path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-network-'));
    try {
      expect(() => loadOperatorRegistry(join(dir, 'missing.json'))).toThrow(/missing\.json:\n  - cannot read/);
      writeFileSync(join(dir, 'bad.json'), '{ operators: ');
      expect(() => loadOperatorRegistry(join(dir, 'bad.json'))).toThrow(/bad\.json:\n  - not JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks time zones with Intl', () => {
    expect(isIanaTimeZone('America/New_York')).toBe(true);
    expect(isIanaTimeZone('UTC')).toBe(true);
    expect(isIanaTimeZone('Europe/Atlantis')).toBe(false);
    expect(isIanaTimeZone('')).toBe(false);
    expect(isIanaTimeZone(42)).toBe(false);
  });
});

describe('OperatorRegistry', () => {
  const registry = registryFrom(parseNetworkFile({ operators: [op(), op({ code: 'XK', name: 'Inactive Post', country: 'DE', active: false })] }));

  it('finds operators by code', () => {
    expect(registry.find('CH')).toMatchObject({ code: 'CH', name: 'Swiss Post', timeZone: 'Europe/Zurich', languages: ['de', 'fr'], active: true });
    expect(registry.find('US')).toBeUndefined();
  });

  it('knows which operators are active', () => {
    expect(registry.isActive('CH')).toBe(true);
    expect(registry.isActive('XK')).toBe(false);
    expect(registry.isActive('US')).toBe(false);
  });

  it('lists all operators in file order, read-only', () => {
    expect(registry.all().map((o) => o.code)).toEqual(['CH', 'XK']);
    expect(Object.isFrozen(registry.find('CH'))).toBe(true);
  });
});
