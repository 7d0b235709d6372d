/**
 * ReDoS check (hardening issue 10, requirement 5): every regular expression in the shipped source
 * must be linear. A quadratic `EXPLICIT_OFFSET` on a 40 kB `occurredAt` once held a node for 3.5 s.
 *
 * Two independent checks over every regex literal (and every `new RegExp` of a literal) in
 * apps/, libs/ and scripts/, spec files and generated code left out:
 * - static: redos-detector must judge the pattern safe (no input it can match in more than one way
 *   along a path that can fail, which is what makes backtracking super-linear);
 * - dynamic: the pattern runs against long adversarial strings built from its own characters
 *   (each of them pumped, pairs of them pumped, pumped after a matching prefix, each with failing
 *   endings) and must finish each one within a time budget.
 * A regex built from a non-literal must be reviewed and listed in DYNAMIC_SITES with a probe.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createContext, Script } from 'node:vm';
import { isSafe } from 'redos-detector';
import * as ts from 'typescript';
import { TopicNames } from '@postbridge/contracts';

const ROOT = join(__dirname, '..');
const SOURCE_DIRS = ['apps', 'libs', 'scripts'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'gen']);
const SKIPPED_FILE = /\.(?:spec|int-spec|e2e-spec|d)\.ts$/;

/** Length of each adversarial string: far above every cap, so a pattern must be linear, not just capped. */
const ADVERSARIAL_LENGTH = 50_000;
/** A linear pattern runs over 50 000 characters in well under a millisecond; a quadratic one takes seconds. */
const BUDGET_MS = 50;
/** Where a run is stopped (an exponential pattern would never finish): it counts as over the budget. */
const HARD_LIMIT_MS = 500;

/** The patterns that once were in the source, kept to show both checks catch them. */
const OLD_EXPLICIT_OFFSET = /T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const OLD_Q_PARAMETER = /^\s*q\s*=\s*(\S*)\s*$/i;

interface FoundPattern {
  /** `path:line` */
  readonly site: string;
  readonly regex: RegExp;
}

interface DynamicSite {
  /** Why the built pattern is safe. */
  readonly reviewed: string;
  /** How many `RegExp(…)` calls with a non-literal pattern the file has. */
  readonly count: number;
  /** Runs the code that builds and uses the pattern on one adversarial input. */
  readonly probe: (input: string) => unknown;
}

/** Every `RegExp` built from a non-literal, by file. A new one fails the test until it is reviewed here. */
const DYNAMIC_SITES: Readonly<Record<string, DynamicSite>> = {
  'libs/contracts/src/topics.ts': {
    reviewed: 'TopicNames.parse: the prefix is checked against /^[A-Za-z0-9_-]+$/ and "-" escaped, so the pattern is anchored and bounded',
    count: 1,
    probe: (input) => new TopicNames('postbridge').parse(`postbridge.op.${input}`),
  },
};

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) sourceFiles(path, out);
    } else if (entry.name.endsWith('.ts') && !SKIPPED_FILE.test(entry.name)) {
      out.push(path);
    }
  }
  return out;
}

function stringLiteral(node: ts.Expression | undefined): string | undefined {
  return node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/** Regex literals and `RegExp(literal)` calls, via the TypeScript parser (no regex-over-source guessing). */
function collect(): { patterns: FoundPattern[]; dynamic: Map<string, string[]> } {
  const patterns: FoundPattern[] = [];
  const dynamic = new Map<string, string[]>();
  for (const file of SOURCE_DIRS.flatMap((d) => sourceFiles(join(ROOT, d)))) {
    const path = relative(ROOT, file).split(sep).join('/');
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const site = (node: ts.Node): string => `${path}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (ts.isRegularExpressionLiteral(node)) {
        const slash = node.text.lastIndexOf('/');
        patterns.push({ site: site(node), regex: new RegExp(node.text.slice(1, slash), node.text.slice(slash + 1)) });
      } else if (
        (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'RegExp'
      ) {
        const [patternArg, flagsArg] = node.arguments ?? [];
        const pattern = stringLiteral(patternArg);
        const flags = flagsArg === undefined ? '' : stringLiteral(flagsArg);
        if (pattern !== undefined && flags !== undefined) {
          patterns.push({ site: site(node), regex: new RegExp(pattern, flags) });
        } else {
          dynamic.set(path, [...(dynamic.get(path) ?? []), site(node)]);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { patterns, dynamic };
}

// ---- adversarial inputs ---------------------------------------------------------------------

/** Characters tried as stand-ins for escapes and classes: letters, digits, blanks, punctuation, controls, non-ASCII. */
const CANDIDATES = [
  'a', 'A', 'z', 'Z', 'T', 'q', '0', '9', ' ', '\t', '\n', '-', '+', '.', ':', '=', ',', ';', '_', '/', '@',
  '(', ')', '"', '!', '\u0000', 'é', '\u00a0', '\u202f', '中', 'ا', '\u{1F600}',
];
/**
 * Endings meant to make a match fail late: a NUL, a line break, punctuation; and mixes of blanks and
 * non-blanks that no `\S*\s*` or `\s*\S*` tail can absorb.
 */
const FAILING_ENDINGS = ['\u0000', '\n', '!', '\u0000 \n!', ' ! ! !', '\u0000\n\u0000 \u0000'];

const atomCache = new Map<string, string | undefined>();

/** One character the atom (an escape, a class, `.` or a literal) matches, or undefined. */
function representative(atom: string, flags: string): string | undefined {
  const key = `${flags}/${atom}`;
  if (atomCache.has(key)) return atomCache.get(key);
  let found: string | undefined;
  try {
    const whole = new RegExp(`^(?:${atom})$`, flags);
    found = CANDIDATES.find((c) => whole.test(c));
  } catch {
    found = undefined; // e.g. a backreference on its own
  }
  if (found === undefined && [...atom].length === 1) found = atom;
  atomCache.set(key, found);
  return found;
}

/** The pattern's atoms in order, one matching character each: a string shaped like what the pattern reads. */
function skeleton(regex: RegExp): string[] {
  const src = regex.source;
  const flags = regex.flags.replace(/[gymd]/g, '');
  const out: string[] = [];
  const add = (atom: string): void => {
    const c = representative(atom, flags);
    if (c !== undefined) out.push(c);
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      const next = src[i + 1];
      let end = i + 2;
      if ((next === 'p' || next === 'P' || (next === 'u' && src[i + 2] === '{')) && src.indexOf('}', i) > 0) end = src.indexOf('}', i) + 1;
      else if (next === 'u') end = i + 6;
      else if (next === 'x') end = i + 4;
      else if (next === 'c') end = i + 3;
      else if (next === 'k') end = src.indexOf('>', i) + 1;
      if (next !== 'b' && next !== 'B' && next !== 'k') add(src.slice(i, end));
      i = end;
    } else if (c === '[') {
      let j = i + 1;
      if (src[j] === '^') j++;
      if (src[j] === ']') j++;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      add(src.slice(i, j + 1));
      i = j + 1;
    } else if (c === '(') {
      i++;
      if (src[i] === '?') {
        const named = /^\?<([A-Za-z_$][\w$]*)>/.exec(src.slice(i, i + 40));
        i += named ? named[0].length : src.startsWith('?<=', i) || src.startsWith('?<!', i) ? 3 : 2;
      }
    } else if (c === '{' && /^\{\d+(?:,\d*)?\}/.test(src.slice(i, i + 24))) {
      i = src.indexOf('}', i) + 1;
    } else if ('^$|)*+?'.includes(c)) {
      i++;
    } else {
      const width = (src.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
      add(src.slice(i, i + width));
      i += width;
    }
  }
  return out;
}

function pump(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** Inputs in the order tried: each character pumped, each neighbouring pair pumped, each character pumped after the prefix before it. */
function* adversarialInputs(regex: RegExp, length: number): Generator<string> {
  const chars = skeleton(regex);
  const bodies = new Set<string>();
  for (const c of new Set(chars)) bodies.add(pump(c, length));
  for (let i = 0; i + 1 < chars.length; i++) if (chars[i] !== chars[i + 1]) bodies.add(pump(chars[i] + chars[i + 1], length));
  for (let i = 1; i < chars.length; i++) bodies.add(chars.slice(0, i).join('') + pump(chars[i], length));
  bodies.add(pump(chars.join('') || 'a', length));
  for (const body of bodies) for (const ending of FAILING_ENDINGS) yield body + ending;
}

// Runs go through vm with a timeout: V8 interrupts a regex that backtracks past it, which a plain
// call (or Jest's test timeout) cannot.
const runner = new Script('run()');
const runnerContext = createContext({ run: undefined as unknown });

/** Milliseconds `run` took, or Infinity if it was stopped at HARD_LIMIT_MS. */
function timeMs(run: () => unknown): number {
  runnerContext['run'] = run;
  const start = performance.now();
  try {
    runner.runInContext(runnerContext, { timeout: HARD_LIMIT_MS });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return Number.POSITIVE_INFINITY;
    throw error;
  } finally {
    runnerContext['run'] = undefined;
  }
  return performance.now() - start;
}

/** The best of three runs: one slow run may be a GC pause or a busy machine, three are the pattern. */
function overBudget(run: () => unknown): number | undefined {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 3; attempt++) {
    const ms = timeMs(run);
    if (ms === Number.POSITIVE_INFINITY) return ms;
    best = Math.min(best, ms);
    if (best <= BUDGET_MS) return undefined;
  }
  return best;
}

function describeMs(ms: number): string {
  return ms === Number.POSITIVE_INFINITY ? `stopped at ${HARD_LIMIT_MS} ms` : `${Math.round(ms)} ms`;
}

function describeInput(input: string): string {
  const head = JSON.stringify(input.slice(0, 12));
  const tail = JSON.stringify(input.slice(-8));
  return `${head}…${tail} (${input.length} chars)`;
}

/** The first adversarial input the pattern takes longer than the budget on, or undefined. */
function firstSlowInput(regex: RegExp, length: number): string | undefined {
  // Single match as .test/.exec use it; and, for /g patterns, every match as .replace/.match use them.
  const single = new RegExp(regex.source, regex.flags.replace(/[gy]/g, ''));
  for (const input of adversarialInputs(regex, length)) {
    const ms = overBudget(() => single.exec(input)) ?? (regex.global ? overBudget(() => input.replace(regex, '')) : undefined);
    if (ms !== undefined) return `${describeInput(input)}: ${describeMs(ms)}`;
  }
  return undefined;
}

// ---- the checks -----------------------------------------------------------------------------

describe('ReDoS check of every regular expression in apps/, libs/ and scripts/', () => {
  const { patterns, dynamic } = collect();

  it('finds the patterns (a scan that found none would pass vacuously)', () => {
    expect(patterns.length).toBeGreaterThan(50);
    const sources = new Set(patterns.map((p) => p.regex.source));
    expect(sources).toContain('^([A-Z]{2})([0-9]{8})([0-9])([A-Z]{2})$'); // S10_PATTERN, libs/domain
    expect(sources).toContain('(?:Z|[+-]\\d{2}(?::?\\d{2})?)$'); // the offset check that replaced EXPLICIT_OFFSET
  });

  it('the static check flags the old quadratic patterns', () => {
    expect(isSafe(OLD_EXPLICIT_OFFSET).safe).toBe(false);
    expect(isSafe(OLD_Q_PARAMETER).safe).toBe(false);
    expect(isSafe(/^(a+)+$/).safe).toBe(false);
  });

  it('the dynamic check flags the old quadratic patterns, even on strings shorter than it uses', () => {
    expect(firstSlowInput(OLD_EXPLICIT_OFFSET, 30_000)).toBeDefined();
    expect(firstSlowInput(OLD_Q_PARAMETER, 30_000)).toBeDefined();
    expect(firstSlowInput(/^postgres(ql)?:\/\/\S+\s*\S*$/, 30_000)).toBeDefined();
    expect(firstSlowInput(/^(\w+\s?)*$/, 30_000)).toBeDefined(); // exponential: stopped, not waited for
  });

  it('redos-detector judges every pattern safe', () => {
    const unsafe = patterns
      .map(({ site, regex }) => ({ site, regex, result: isSafe(regex) }))
      .filter(({ result }) => !result.safe)
      .map(({ site, regex, result }) => `${site} ${String(regex)}: ${result.error ?? 'unsafe'}`);
    expect(unsafe).toEqual([]);
  });

  it(
    `every pattern runs on ${ADVERSARIAL_LENGTH}-character adversarial strings within ${BUDGET_MS} ms`,
    () => {
      const slow: string[] = [];
      const seen = new Set<string>();
      for (const { site, regex } of patterns) {
        if (seen.has(String(regex))) continue;
        seen.add(String(regex));
        const found = firstSlowInput(regex, ADVERSARIAL_LENGTH);
        if (found !== undefined) slow.push(`${site} ${String(regex)} on ${found}`);
      }
      expect(slow).toEqual([]);
    },
    120_000,
  );

  it('every RegExp built from a non-literal is reviewed, and runs within the budget', () => {
    const unreviewed = [...dynamic].filter(([path, sites]) => DYNAMIC_SITES[path]?.count !== sites.length).map(([, sites]) => sites.join(', '));
    expect(unreviewed).toEqual([]);
    const slow: string[] = [];
    for (const [path, { probe }] of Object.entries(DYNAMIC_SITES)) {
      for (const input of [pump('A', ADVERSARIAL_LENGTH), pump('A.', ADVERSARIAL_LENGTH), `${pump('AB', ADVERSARIAL_LENGTH)}.case.in!`]) {
        const ms = overBudget(() => probe(input));
        if (ms !== undefined) slow.push(`${path} on ${describeInput(input)}: ${describeMs(ms)}`);
      }
    }
    expect(slow).toEqual([]);
  });
});
