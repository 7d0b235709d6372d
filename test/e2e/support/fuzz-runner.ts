import fc, { Arbitrary } from 'fast-check';
import { DbSnapshot, DbWatcher, quiesce, snapshotDiff } from './db-state';
import { concretize, ConcreteRequest, FuzzEnv, Operation, RequestSpec } from './openapi-fuzz';
import { sendRawBytes, sendWire, WireResponse } from './raw-http';

/** PB_FUZZ_TRACE=<regex>: print each request whose summary matches, with its answer (for debugging the fuzzer). */
const TRACE = process.env.PB_FUZZ_TRACE ? new RegExp(process.env.PB_FUZZ_TRACE) : null;

/** A machine-readable error code, as every 4xx must carry. */
export const ERROR_CODE = /^[A-Z][A-Z0-9_]+$/;

export function excerpt(s: string, max = 400): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s);
}

/** Why an answer breaks the contract (2xx, or 4xx with a JSON `code`), or null. */
export function contractProblem(res: WireResponse): string | null {
  if (res.status === 0) return `no HTTP answer (${res.error})`;
  if (res.status >= 200 && res.status < 300) return null;
  if (res.status >= 400 && res.status < 500) {
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      return `HTTP ${res.status} without a JSON body`;
    }
    const code = (body as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || !ERROR_CODE.test(code)) return `HTTP ${res.status} without a machine-readable code`;
    return null;
  }
  return `HTTP ${res.status}`;
}

function codeOf(res: WireResponse): string {
  try {
    return String((JSON.parse(res.text) as { code?: unknown }).code ?? '');
  } catch {
    return '';
  }
}

export interface Accepted {
  app: string;
  caseId: string;
  summary: string;
}

/**
 * Sends fuzzed requests one at a time and judges each answer. For every 4xx it compares the
 * app's database before and after: a refused request must leave no row behind (nor an outbox
 * row, which would publish it). Other apps' work (a message arriving from the broker) can land
 * in that window, so a change is confirmed by waiting for the network to settle and sending the
 * same request again (twice, with longer settling): only a change on every send is reported.
 */
export class FuzzExchange {
  private last: { app: string; snap: DbSnapshot } | null = null;
  /** Requests the node answered 2xx that name a case, for the broker-side checks. */
  readonly accepted: Accepted[] = [];
  /** What each app answered, by status, for the report. */
  readonly statuses = new Map<string, number>();
  requests = 0;
  /** Times a 4xx came with a database change and was sent again after the network settled. */
  rechecks = 0;

  constructor(
    private readonly urls: Record<'node' | 'broker', string>,
    private readonly dbs: Record<'node' | 'broker', DbWatcher>,
    private readonly everyDb: DbWatcher[],
    private readonly onCreated: (caseId: string, created: { destinationOperator?: string; status?: string }) => void,
    private readonly onClosed: (caseId: string) => void,
  ) {}

  private async snapshot(app: 'node' | 'broker'): Promise<DbSnapshot> {
    if (this.last && this.last.app === app) return this.last.snap;
    return this.dbs[app].snapshot();
  }

  /** For PB_FUZZ_STATS: milliseconds spent sending and taking snapshots, and the slowest requests. */
  readonly timing = { send: 0, snap: 0, slow: [] as string[] };
  private async send(app: 'node' | 'broker', req: ConcreteRequest): Promise<WireResponse> {
    this.requests++;
    const t = Date.now();
    const res = req.bytes ? await sendRawBytes(this.urls[app], req.bytes) : await sendWire(this.urls[app], req.wire);
    const dt = Date.now() - t;
    this.timing.send += dt;
    if (dt > 100) this.timing.slow.push(`${dt}ms ${res.status} ${req.summary.slice(0, 200)}`);
    if (TRACE && TRACE.test(req.summary)) process.stderr.write(`[api-fuzz] ${res.status} ${res.text.slice(0, 200)} ← ${req.summary.slice(0, 600)}\n`);
    const key = `${app} ${res.status}`;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
    return res;
  }

  /** Sends one request; returns what is wrong with how it was handled, or null. */
  async exchange(op: Operation, req: ConcreteRequest): Promise<{ res: WireResponse; problem: string | null }> {
    const app = op.app;
    let t = Date.now();
    const before = await this.snapshot(app);
    this.timing.snap += Date.now() - t;
    const res = await this.send(app, req);
    t = Date.now();
    const after = await this.dbs[app].snapshot();
    this.timing.snap += Date.now() - t;
    this.last = { app, snap: after };
    const problem = contractProblem(res);
    if (problem) {
      this.last = null;
      return { res, problem };
    }
    if (res.status >= 400) {
      if (snapshotDiff(before, after).length > 0) {
        // Maybe someone else's write (a message arriving from the broker): let the network settle,
        // then the same request again; only a change on every try is the request's own.
        this.rechecks++;
        let last: { res: WireResponse; diff: string[] } | null = null;
        for (const stableMs of [100, 400]) {
          await quiesce(this.everyDb, stableMs);
          const b2 = await this.dbs[app].snapshot();
          const res2 = await this.send(app, req);
          const a2 = await this.dbs[app].snapshot();
          this.last = { app, snap: a2 };
          const diff = snapshotDiff(b2, a2);
          if (res2.status < 400 || diff.length === 0) {
            last = null;
            break;
          }
          last = { res: res2, diff };
        }
        if (last) {
          this.last = null;
          return { res: last.res, problem: `answered ${last.res.status} ${codeOf(last.res)} yet wrote to the ${app}'s database (${last.diff.join('; ')})` };
        }
      }
      return { res, problem: null };
    }
    // 2xx: writes change the database and start the network's work.
    if (op.method !== 'GET') {
      this.last = null;
      let id: string | null = req.caseId;
      if (op.app === 'node' && op.method === 'POST' && op.path === '/cases' && res.status === 201) {
        try {
          const created = JSON.parse(res.text) as { id?: string; destinationOperator?: string; status?: string };
          id = created.id ?? null;
          if (id) this.onCreated(id, created);
        } catch {
          id = null;
        }
      }
      if (id && op.app === 'node') this.accepted.push({ app, caseId: id, summary: req.summary });
      if (id && op.app === 'node' && op.path.endsWith('/resolve')) this.onClosed(id);
    }
    return { res, problem: null };
  }
}

export interface PropertyPlan {
  name: string;
  op: Operation;
  arb: Arbitrary<RequestSpec>;
  numRuns: number;
  /**
   * What kind of breakage a request is (e.g. `description delete`). After a failure the property
   * runs again without that kind, so one defect does not hide the next: up to MAX_DISTINCT per plan.
   */
  signature?: (spec: RequestSpec) => string;
  /** Requests tried before the `numRuns` random ones (fast-check `examples`). */
  examples?: RequestSpec[];
}

const MAX_DISTINCT = 5;

/** A seed per property, from one seed for the whole run (PB_FUZZ_SEED replays a run's generation). */
export function seedFor(base: number, name: string): number {
  let h = base | 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) | 0;
  return h;
}

/** After a failure fast-check shrinks; each shrink step is a request, so shrinking gets this many. */
const SHRINK_BUDGET = 60;

/**
 * Runs one fast-check property per plan (each request a run) and returns fast-check's report for
 * each that failed (seed, path, shrunk counterexample and the error naming the request), so one
 * failing operation does not hide the others.
 */
export async function runPlans(plans: PropertyPlan[], exchange: FuzzExchange, env: FuzzEnv, baseSeed: number): Promise<string[]> {
  const reports: string[] = [];
  /** First plan that failed with a given problem and kind: later ones get a one-line mention. */
  const seen = new Map<string, string>();
  for (const plan of plans) {
    const excluded = new Set<string>();
    for (let round = 0; round < MAX_DISTINCT; round++) {
      let failing: RequestSpec | null = null;
      let failingProblem = '';
      let afterFailure = 0;
      const sig = plan.signature;
      const arb = sig && excluded.size ? plan.arb.filter((s) => !excluded.has(sig(s))) : plan.arb;
      const property = fc.asyncProperty(arb, async (spec) => {
        if (failing && ++afterFailure > SHRINK_BUDGET) return; // shrinking has had its requests; the counterexample so far stands
        const req = await concretize(plan.op, spec, env);
        const { res, problem } = await exchange.exchange(plan.op, req);
        if (problem) {
          failing = spec; // the last failing value is the shrunk counterexample fast-check reports
          failingProblem = problem.replace(/\(.*$/, '').trim();
          throw new Error(`${problem}\n    request: ${req.summary}\n    answer: ${res.status} ${excerpt(res.text)}`);
        }
      });
      const seed = seedFor(baseSeed, round ? `${plan.name}#${round}` : plan.name);
      try {
        const examples = (plan.examples ?? []).filter((x) => !sig || !excluded.has(sig(x))).map((x) => [x] as [RequestSpec]);
        // fast-check counts examples among numRuns: the random runs come on top.
        await fc.assert(property, { numRuns: examples.length + plan.numRuns, seed, examples, includeErrorInReport: true });
        break;
      } catch (e) {
        const kind = sig && failing ? sig(failing) : null;
        const key = `${failingProblem}|${kind}`;
        const first = seen.get(key);
        if (first) reports.push(`── ${plan.name}${kind ? ` [${kind}]` : ''}: ${failingProblem}, as ${first} above`);
        else {
          seen.set(key, plan.name);
          reports.push(`── ${plan.name}${kind ? ` [${kind}]` : ''}${round ? ` (search ${round + 1}, without ${[...excluded].join(', ')})` : ''}\n${(e as Error).message}`);
        }
        if (!kind) break;
        excluded.add(kind);
      }
    }
  }
  return reports;
}
