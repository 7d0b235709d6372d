import fc, { Arbitrary } from 'fast-check';
import { DbWatcher, quiesce, snapshotDiff } from './support/db-state';
import { excerpt, FuzzExchange, PropertyPlan, runPlans, seedFor } from './support/fuzz-runner';
import { concretize, enumsByName, FuzzEnv, isSym, Mutation, OpenApiDoc, Operation, operationsOf, RawBody, RequestArbitraries, RequestSpec, Schema, Val } from './support/openapi-fuzz';
import { newItemId } from '../support/s10-items';
import { api, eventually, openCaseBody, TestNetwork } from './support/network';

// Hardening issue 10: a schema-driven fuzzer of the project's own. It reads the node's and the
// broker's OpenAPI documents and sends every route fast-check-generated requests, schema-valid
// ones and then broken ones: wrong types, arrays for objects, missing and unknown fields, deep
// nesting, NUL, control characters, lone surrogates, emoji exactly at a field's limit and one
// past it, huge and odd numbers, repeated and oddly encoded parameters, oversized and malformed
// headers, other content types, empty bodies. Every answer must be a 2xx or a 4xx with a
// machine-readable `code`; a refused request must leave nothing in the database (outbox
// included); and what the node accepts the broker must not refuse as INVALID_MESSAGE.
//
// Everything is sent one request at a time, so a database change during a 4xx is that request's.
// Reproduce a run's generation with PB_FUZZ_SEED=<seed> (printed on failure); PB_FUZZ_ONLY=<regex>
// narrows the run to the properties whose name matches.

const BASE_SEED = process.env.PB_FUZZ_SEED ? Number(process.env.PB_FUZZ_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;

const FAMILIES = ['valid', 'shape', 'text', 'raw', 'params', 'headers'] as const;
type Family = (typeof FAMILIES)[number];

/** The kind of a value, for telling failures apart: `array`, `str:astral:4001`, `raw`, ... */
function kindOf(v: Val | undefined): string {
  if (v === undefined) return 'none';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v !== 'object') return typeof v;
  if (!isSym(v)) return 'object';
  if ('$str' in v) return `str:${v.$str}${v.n !== undefined ? `:${v.n}` : ''}`;
  return Object.keys(v).find((k) => k.startsWith('$'))!.slice(1);
}

const mutationKind = (s: RequestSpec): string => {
  const m = s.body.kind === 'json' ? s.body.mutation : undefined;
  if (!m) return 'none';
  return `${m.path.join('.') || '(body)'} ${m.op}${m.op === 'set' ? ` ${kindOf(m.value)}` : m.op === 'addKey' ? ` ${JSON.stringify(m.key.slice(0, 12))}` : ''}`;
};

/** For strings and numbers: the property, whatever the odd text or number; nesting too deep is one kind wherever it is. */
const textKind = (s: RequestSpec): string => {
  const m = s.body.kind === 'json' ? s.body.mutation : undefined;
  if (!m || m.op !== 'set') return 'none';
  if (isSym(m.value) && '$deep' in m.value) return 'nested too deep';
  return `${m.path.join('.') || '(body)'} ${typeof m.value === 'number' || (isSym(m.value) && '$raw' in m.value) ? 'number' : 'text'}`;
};

const rawKind = (s: RequestSpec): string => {
  if (s.body.kind !== 'raw') return 'none';
  const r = s.body.raw;
  return r.raw === 'as' ? `as ${r.contentType}` : r.raw === 'text' ? `text ${JSON.stringify(r.text.slice(0, 16))}` : r.raw;
};

/** Not fuzzed: the metrics scrape, the API documentation itself, and the start of a browser sign-in (a redirect to the IdP; identity.e2e-spec drives it). */
const skipPath = (p: string) => p === '/metrics' || p.startsWith('/docs') || p === '/auth/login';

describe('API fuzz: every request gets a 2xx or a coded 4xx, and a refused one writes nothing', () => {
  let net: TestNetwork;
  let ops: Operation[] = [];
  const arbs: Partial<Record<'node' | 'broker', RequestArbitraries>> = {};
  const tokens = { node: '', broker: '' };
  let watchers: { node: DbWatcher; us: DbWatcher; broker: DbWatcher };
  let exchange: FuzzExchange;
  let env: FuzzEnv;
  /** Real cases at CH: filed here (out), received (in), and spares the fuzz opened (they replace resolved ones). */
  const cases = { out: [] as string[], in: [] as string[], spare: [] as string[] };
  let CH: string;
  let US: string;

  const openAndWait = async (from: string, to: string, itemId: string) => {
    const r = await api(from === 'CH' ? CH : US, 'POST', '/cases', openCaseBody(to, { itemId }), 'setup.agent');
    if (r.status !== 201) throw new Error(`setup: open ${from}→${to}: ${r.status} ${JSON.stringify(r.body)}`);
    await eventually(async () => (await api(CH, 'GET', `/cases/${r.body.id}`)).body?.status === 'OPEN', 15_000, `case ${r.body.id} OPEN at CH`);
    return r.body.id as string;
  };

  beforeAll(async () => {
    net = await TestNetwork.start([
      { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de', 'fr', 'en'] },
      { code: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en', 'es'] },
    ]);
    CH = net.node('CH').url;
    US = net.node('US').url;
    const nodeDoc = (await (await fetch(`${CH}/docs-json`)).json()) as OpenApiDoc;
    const brokerDoc = (await (await fetch(`${net.broker!.url}/docs-json`)).json()) as OpenApiDoc;
    ops = [...operationsOf(nodeDoc, 'node', skipPath), ...operationsOf(brokerDoc, 'broker', skipPath)];
    // One caller holding every role of each app (tokens live an hour in test realms), so every route is reachable.
    tokens.node = await net.realms.token('CH', { user: 'fuzz.all', roles: ['agent', 'supervisor', 'template-admin', 'tracking-system', 'auditor', 'node-admin', 'data-protection'] });
    tokens.broker = await net.realms.token('hub', 'hub-ops');
    arbs.node = new RequestArbitraries(enumsByName(nodeDoc), tokens.node);
    arbs.broker = new RequestArbitraries(enumsByName(brokerDoc), tokens.broker);
    watchers = {
      node: await DbWatcher.open('CH', net.node('CH').db.url),
      us: await DbWatcher.open('US', net.node('US').db.url),
      broker: await DbWatcher.open('broker', net.broker!.db.url),
    };
    const opened = await Promise.all([
      openAndWait('CH', 'US', 'RB123456785GB'),
      openAndWait('CH', 'US', 'EE123456785CH'),
      openAndWait('US', 'CH', 'CP123456785US'),
      openAndWait('US', 'CH', 'RB123456785GB'),
      openAndWait('US', 'CH', 'EE123456785CH'),
    ]);
    cases.out.push(...opened.slice(0, 2));
    cases.in.push(...opened.slice(2));
    env = {
      caseId: (kind, i) => {
        const list = kind === 'any' ? [...cases.out, ...cases.in] : cases[kind];
        return list[i % list.length];
      },
      versionOf: async (id) => {
        const r = await api(CH, 'GET', `/cases/${id}`);
        return typeof r.body?.version === 'number' ? r.body.version : 1;
      },
    };
    exchange = new FuzzExchange(
      { node: CH, broker: net.broker!.url },
      { node: watchers.node, broker: watchers.broker },
      [watchers.node, watchers.us, watchers.broker],
      // Cases the fuzz opens to US are spares: they replace a case of `out` once one is resolved.
      (id, created) => {
        if (created.destinationOperator === 'US' && created.status === 'SUBMITTED') cases.spare.push(id);
      },
      // A resolved case takes no more messages: keep real ids pointing at open cases (but keep one).
      (id) => {
        const i = cases.out.indexOf(id);
        if (i >= 0 && (cases.out.length > 1 || cases.spare.length > 0)) cases.out.splice(i, 1);
        while (cases.out.length < 2 && cases.spare.length > 0) cases.out.push(cases.spare.shift()!);
        const j = cases.spare.indexOf(id);
        if (j >= 0) cases.spare.splice(j, 1);
      },
    );
    await quiesce([watchers.node, watchers.us, watchers.broker]);
  }, 60_000);

  afterAll(async () => {
    for (const w of Object.values(watchers ?? {})) await w.close();
    await net?.close();
  });

  it('reads an operation list from both documents', () => {
    const ids = ops.map((o) => `${o.app}:${o.id}`);
    expect(ids).toEqual(expect.arrayContaining(['node:openCase', 'node:addCaseMessage', 'node:ingestTrackingEvents', 'node:streamAlerts', 'broker:listDeadlines', 'broker:getIndexedCase']));
    expect(ops.filter((o) => o.body).length).toBeGreaterThanOrEqual(7);
  });

  it('sees an updated row in the database check (not only a changed count)', async () => {
    const before = await watchers.node.snapshot();
    await watchers.node.query('UPDATE cases SET id = id WHERE id = $1', [cases.out[0]]);
    expect(snapshotDiff(before, await watchers.node.snapshot())).toEqual([expect.stringMatching(/^cases: rows written/)]);
    expect(watchers.node.watched).toEqual(expect.arrayContaining(['cases', 'case_messages', 'case_history', 'outbox_messages', 'inbox_messages', 'tracking_events']));
  });

  /** The fast-check properties of one family, one per operation it applies to. */
  function plansFor(family: Family): PropertyPlan[] {
    const plans: PropertyPlan[] = [];
    for (const op of ops) {
      const a = arbs[op.app]!;
      const name = `${family} ${op.app} ${op.method} ${op.path}`;
      const json = (value: Val) => (op.body ? { kind: 'json' as const, value } : { kind: 'none' as const });
      // What the node accepts, and requests it may well not (random strings, unknown ids, other enums).
      const strict = fc.tuple(a.strictPathAndBody(op), a.validQuery(op, { strict: true }), a.validHeaders(op, { strict: true }));
      const loose = fc.tuple(fc.record({ path: a.validPath(op), body: a.validBody(op) }), a.validQuery(op), a.validHeaders(op));
      const spec = (parts: typeof strict) => parts.map(([pb, query, headers]) => ({ path: pb.path, query, headers, body: json(pb.body) }) as RequestSpec);
      const targets = a.bodyTargets(op.body);
      const mutated = (mutation: Arbitrary<Mutation>) =>
        fc.tuple(strict, mutation).map(([[pb, query, headers], m]) => ({ path: pb.path, query, headers, body: { kind: 'json', value: pb.body, mutation: m } }) as RequestSpec);
      // Beside the random runs, each property first tries the breakages every field should survive,
      // one field at a time, on one accepted request (fast-check `examples`): the random runs then
      // look further than a handful of runs per field could be relied on to reach.
      const samples = fc.sample(strict, { numRuns: 20, seed: seedFor(BASE_SEED, `base ${name}`) });
      const [[pb0, query0, headers0]] = samples;
      const base: RequestSpec = { path: pb0.path, query: query0, headers: headers0, body: json(pb0.body) };
      // A base that has the property (a REPLY-only one comes with a REPLY), else its parent, else the first.
      const has = (v: Val, path: (string | number)[]) => {
        let cur: any = v;
        for (const k of path) {
          if (cur === null || typeof cur !== 'object' || !(k in cur)) return false;
          cur = cur[k];
        }
        return true;
      };
      const withMutation = (m: Mutation): RequestSpec => {
        const [pb, query, headers] = samples.find(([b]) => has(b.body, m.path)) ?? samples.find(([b]) => has(b.body, m.path.slice(0, -1))) ?? samples[0];
        return { path: pb.path, query, headers, body: { kind: 'json', value: pb.body, mutation: m } };
      };
      const isText = (sch: Schema) => sch.type === 'string' && !sch.enum;
      const isContainer = (sch: Schema) => !!(sch.properties || sch.items);
      switch (family) {
        case 'valid':
          plans.push({ name, op, arb: fc.oneof(spec(strict), spec(loose)), numRuns: op.method === 'GET' ? 8 : 20 });
          break;
        case 'shape': {
          if (!op.body) break;
          const examples = targets.flatMap(({ path, schema }): Mutation[] => {
            if (path.length === 0) return [];
            const set = (value: Val): Mutation => ({ path, op: 'set', value });
            return [{ path, op: 'delete' }, set(null), ...(schema.properties ? [set([]), set([{}]), set('x')] : schema.items ? [set({})] : [set(1), set(['x']), set({})])];
          });
          plans.push({
            name,
            op,
            arb: mutated(fc.oneof(...targets.map((t) => ({ weight: isContainer(t.schema) || op.body?.required?.includes(t.name) ? 2 : 1, arbitrary: a.shapeMutation(t) })))),
            numRuns: Math.min(60, 4 * targets.length),
            signature: mutationKind,
            examples: examples.map(withMutation),
          });
          break;
        }
        case 'text': {
          if (!op.body) break;
          const examples = targets.flatMap(({ path, schema }): Mutation[] => {
            const set = (value: Val): Mutation => ({ path, op: 'set', value });
            if (isText(schema)) {
              const max = schema.maxLength ?? 4000;
              return [set({ $str: 'nul' }), set({ $str: 'high' }), set({ $str: 'ctl', n: 0x1b }), set({ $str: 'astral', n: max + 1 }), set({ $str: 'mixed', n: max })];
            }
            if (schema.type === 'integer' || schema.type === 'number') return [set(1e308), set({ $raw: '99999999999999999999' }), set({ $raw: '-0' }), set('NaN')];
            return [];
          });
          plans.push({
            name,
            op,
            arb: mutated(fc.oneof(...targets.map((t) => ({ weight: isText(t.schema) ? 3 : 1, arbitrary: a.textMutation(t) })))),
            numRuns: Math.min(60, 4 * targets.length),
            signature: textKind,
            examples: [...examples.map(withMutation), ...targets.filter((t) => t.path.length > 0 && isContainer(t.schema)).slice(0, 1).map((t) => withMutation({ path: t.path, op: 'set', value: { $deep: 2400 } }))],
          });
          break;
        }
        case 'raw': {
          if (!op.body) break;
          const raws: RawBody[] = [
            { raw: 'text', text: `${'{"a":'.repeat(2400)}1${'}'.repeat(2400)}` },
            { raw: 'text', text: `${'['.repeat(2400)}${']'.repeat(2400)}` },
            { raw: 'text', text: '' },
            { raw: 'text', text: 'null' },
            { raw: 'text', text: '[]' },
            { raw: 'as', contentType: 'text/plain' },
            { raw: 'form' },
            { raw: 'none' },
          ];
          plans.push({
            name,
            op,
            arb: fc.tuple(strict, a.rawBody()).map(([[pb, query, headers], raw]) => ({ path: pb.path, query, headers, body: { kind: 'raw', base: pb.body, raw } }) as RequestSpec),
            numRuns: 16,
            signature: rawKind,
            examples: raws.map((raw) => ({ ...base, body: { kind: 'raw', base: pb0.body, raw } })),
          });
          break;
        }
        case 'params': {
          const arb = fc.tuple(a.oddParams(op), a.validHeaders(op, { strict: true }), a.validBody(op, { strict: true })).map(([pq, headers, body]) => ({ ...pq, headers, body: json(body) }) as RequestSpec);
          const examples: RequestSpec[] = [];
          for (const p of op.params) {
            const setQuery = (v: Val | { $enc: string }, repeat = false): RequestSpec => ({
              ...base,
              query: [...base.query.filter(([k]) => k !== p.name), [p.name, v], ...(repeat ? [[p.name, v] as [string, Val]] : [])],
              note: `query:${p.name}${repeat ? ' repeated' : ''}`,
            });
            if (p.in === 'query' && (p.schema.type === 'integer' || p.schema.type === 'number')) examples.push(setQuery('99999999999999999999'), setQuery('1e308'), setQuery('-0'));
            if (p.in === 'query') examples.push(setQuery({ $enc: '%00' }), setQuery('1', true));
            if (p.in === 'path') examples.push({ ...base, path: { ...base.path, [p.name]: { $str: 'nul' } }, note: `path:${p.name}` }, { ...base, path: { ...base.path, [p.name]: { $enc: '%ED%A0%80' } }, note: `path:${p.name}` });
          }
          plans.push({ name, op, arb, numRuns: op.params.some((p) => p.in !== 'header') ? 16 : 6, signature: (x) => x.note ?? '', examples });
          break;
        }
        case 'headers': {
          const arb = fc
            .tuple(a.strictPathAndBody(op), a.validQuery(op, { strict: true }), a.oddHeaders(op))
            .map(([pb, query, h]) => ({ path: pb.path, query, headers: h.headers, body: json(pb.body), note: h.note, ...(h.socket ? { socket: h.socket } : {}) }) as RequestSpec);
          const examples: RequestSpec[] = [
            { ...base, headers: base.headers.filter(([k]) => k !== 'Authorization'), note: 'header:Authorization missing' },
            { ...base, headers: [...base.headers, ['X-Padding', { $pad: 80 * 1024 }]], note: 'oversized header' },
            { ...base, socket: 'nulInHeader', note: 'socket:nulInHeader' },
          ];
          plans.push({ name, op, arb, numRuns: 10, signature: (x) => x.note ?? '', examples });
          break;
        }
      }
    }
    // PB_FUZZ_ONLY=<regex> runs only the properties whose name matches (e.g. "text node POST /cases$").
    const only = process.env.PB_FUZZ_ONLY ? new RegExp(process.env.PB_FUZZ_ONLY) : null;
    return only ? plans.filter((p) => only.test(p.name)) : plans;
  }

  it.each(FAMILIES)('%s requests to every operation of the node and the broker', async (family) => {
    const t0 = Date.now();
    const r0 = exchange.requests;
    const c0 = exchange.rechecks;
    const reports = await runPlans(plansFor(family), exchange, env, BASE_SEED);
    // PB_FUZZ_STATS=1: how many requests, answers by status, where the time went (quiet otherwise).
    if (process.env.PB_FUZZ_STATS) {
      const t = exchange.timing;
      const statuses = [...exchange.statuses].sort().map(([k, n]) => `${k}×${n}`).join(' ');
      process.stderr.write(`[api-fuzz] ${family}: ${exchange.requests - r0} requests, ${exchange.rechecks - c0} rechecks, ${Date.now() - t0} ms (sending ${t.send}, snapshots ${t.snap}); so far ${statuses}\n${t.slow.splice(0, 15).join('\n')}\n`);
      t.send = t.snap = 0;
      t.slow.length = 0;
    }
    if (reports.length) throw new Error(`${reports.length} operation(s) failed (PB_FUZZ_SEED=${BASE_SEED}):\n\n${reports.join('\n\n')}`);
  }, 180_000);

  it('answers methods and routes the documents do not list with a coded 4xx', async () => {
    const reports: string[] = [];
    for (const app of ['node', 'broker'] as const) {
      const documented = ops.filter((o) => o.app === app);
      const paths = [...new Set(documented.map((o) => o.path)), '/nope', '/cases/x/y/z', '//', '/%2e%2e/etc', '/cases/', '/docs-json/x', '/health/'];
      const plan: PropertyPlan = {
        name: `routes ${app}`,
        op: { app, method: 'GET', path: '{p}', id: 'routes', params: [], body: null, stream: false },
        // The whole path is the one parameter {p}; a templated path's parameters become a word.
        arb: fc.record({ path: fc.constantFrom(...paths), method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'), body: fc.constantFrom('', '{}', '[]') }).map(
          ({ path, method, body }) => ({ method, path: { p: { $enc: path.replace(/\{[^}]+\}/g, 'x1') } }, query: [], headers: [['Authorization', `Bearer ${tokens[app]}`]], body: body ? { kind: 'raw', base: null, raw: { raw: 'text', text: body } } : { kind: 'none' } }) as RequestSpec,
        ),
        numRuns: 40,
      };
      reports.push(...(await runPlans([plan], exchange, env, BASE_SEED)));
    }
    if (reports.length) throw new Error(`${reports.length} failed (PB_FUZZ_SEED=${BASE_SEED}):\n\n${reports.join('\n\n')}`);
  }, 60_000);

  // What a node accepts it sends on: the broker must route it, not refuse it as INVALID_MESSAGE
  // (e.g. a text at its limit in code points that the broker counted in UTF-16 units).
  it('delivers every case opened with texts at their limits (no INVALID_MESSAGE from the broker)', async () => {
    const openCase = ops.find((o) => o.app === 'node' && o.id === 'openCase')!;
    const at = (max: number) => fc.constantFrom<Val>({ $str: 'astral', n: max }, { $str: 'mixed', n: max }, { $str: 'combining', n: Math.floor(max / 2) }, { $str: 'zwj', n: Math.floor(max / 7) }, { $str: 'ascii', n: max }, 'Jane Doe');
    const arb: Arbitrary<RequestSpec> = fc
      .record({ text: at(4000), name: at(200), language: fc.constantFrom('en', 'de'), reasons: fc.constantFrom(['NOT_ARRIVED'], ['DAMAGED', 'DELAYED']) })
      .map(({ text, name, language, reasons }) => ({
        path: {},
        query: [],
        headers: [['Authorization', `Bearer ${tokens.node}`]],
        body: { kind: 'json', value: { ...openCaseBody('US', { itemId: newItemId('CH') }), reasons, customer: { name, preferredLanguage: language }, description: { text, language } } as unknown as Val },
      }));
    let routed = 0;
    await fc.assert(
      fc.asyncProperty(arb, async (spec) => {
        const req = await concretize(openCase, spec, env);
        const { res, problem } = await exchange.exchange(openCase, req);
        if (problem) throw new Error(`${problem}\n    request: ${req.summary}\n    answer: ${res.status} ${excerpt(res.text)}`);
        // A fresh item each time: every one of these must be accepted, else this checks nothing.
        if (res.status !== 201) throw new Error(`expected 201, got ${res.status} ${excerpt(res.text)}\n    request: ${req.summary}`);
        const id = JSON.parse(res.text).id as string;
        const after = await eventually(async () => {
          const c = (await api(CH, 'GET', `/cases/${id}`)).body;
          return c?.status !== 'SUBMITTED' ? c : undefined;
        }, 10_000, `the broker to route case ${id}`);
        if (after.refusal?.reason === 'INVALID_MESSAGE') throw new Error(`the node accepted the case (201) but the broker refused it: INVALID_MESSAGE ${after.refusal.detail}\n    request: ${req.summary}`);
        routed++;
      }),
      { numRuns: 10, seed: seedFor(BASE_SEED, 'deliver openCase'), includeErrorInReport: true },
    );
    expect(routed).toBeGreaterThanOrEqual(10);
  }, 120_000);

  it('delivers every message and resolution the node accepted (none refused as INVALID_MESSAGE)', async () => {
    // The families above must have had writes accepted, or there is nothing to check here.
    expect(exchange.accepted.filter((a) => a.app === 'node').length).toBeGreaterThan(0);
    await quiesce([watchers.node, watchers.us, watchers.broker], 300, 15_000);
    const refused = await watchers.node.query<{ case_id: string; action: string; detail: any }>(
      `SELECT case_id, action, detail FROM case_history WHERE action IN ('REFUSED', 'MESSAGE_REFUSED') AND detail->>'reason' = 'INVALID_MESSAGE' ORDER BY id`,
    );
    const lines = refused.map((r) => {
      const sent = exchange.accepted.filter((a) => a.caseId === r.case_id).map((a) => `      accepted: ${a.summary}`);
      return `  case ${r.case_id}: ${r.action} ${r.detail?.refusedType ?? ''} INVALID_MESSAGE ${excerpt(String(r.detail?.detail ?? ''), 300)}\n${sent.slice(-3).join('\n')}`;
    });
    if (lines.length) throw new Error(`${lines.length} accepted request(s) the broker refused as INVALID_MESSAGE (PB_FUZZ_SEED=${BASE_SEED}):\n${lines.join('\n')}`);
  }, 60_000);
});
