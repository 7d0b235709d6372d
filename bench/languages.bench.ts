/**
 * Reader-language rendering (issue 5) at one node, each figure next to a baseline measured in the same run:
 *  - HTTP read throughput at the US node (autocannon in a child process, so the load generator does
 *    not share the servers' event loop): GET /cases?pageSize=50 and GET /cases/{id} of a case with
 *    4 messages incl. a saved-reply REPLY (DELIVERED_WITH_SIGNATURE), for a Japanese reader (bearer token
 *    of an agent whose profile says ja-JP, Asia/Tokyo: one profile lookup per request) and an Arabic
 *    reader (Accept-Language: ar, token of an agent without a profile). Baseline: a bare Fastify server in the same process,
 *    on the same database with the node's pool size, running the very SQL the node's repository issued
 *    for the same request (recorded from the node's pg client) and answering the rows as JSON, no labels;
 *  - in process: rendering the same cases (entities as the repository loads them) with toCaseResponse
 *    (display in the reader's language, the template REPLY re-rendered for the reader as CasePresenter
 *    does, then JSON.stringify), for en/ja/ar readers, against JSON.stringify of the same entities;
 *    with the mapper run with Display stubbed (codes and ISO strings in place of labels and wall
 *    times) to show what the labels and wall times themselves cost, and per-call costs of the parts.
 * A full GC runs before every measured run and row, and the process RSS is printed around each HTTP
 * run: Intl objects made per call hold native memory V8 does not count, freed only when a GC runs.
 * Cases are made through the API: opened at CH, delivered to US through the broker; the detailed
 * case gets INFO_REQUEST (US), INFO (CH), REPLY from a template (US), INFO (CH).
 */
import 'reflect-metadata';
import Fastify from 'fastify';
import { Pool } from 'pg';
import { textDirection } from '@postbridge/catalogue';
import { s10CheckDigit } from '@postbridge/domain';
import { CaseEntity } from '../apps/operator-node/src/cases/shared/case.entity';
import { CaseMessageEntity } from '../apps/operator-node/src/cases/shared/case-message.entity';
import { toCaseResponse } from '../apps/operator-node/src/cases/shared/case.mapper';
import { CaseRepository } from '../apps/operator-node/src/cases/shared/case.repository.port';
import { CaseResponse, RenderedTemplateDto } from '../apps/operator-node/src/cases/shared/case.response.dto';
import { Display } from '@postbridge/catalogue';
import type { Reader } from '../apps/operator-node/src/i18n/reader';
import { ReaderResolver } from '../apps/operator-node/src/i18n/reader.resolver';
import type { ReplyTemplate } from '../apps/operator-node/src/templates/shared/reply-template';
import { caseTemplateValues, TemplateLibrary } from '../apps/operator-node/src/templates/shared/template-library';
import { forkLoadGenerator, fullGc, isLoadGenerator, LoadResult, runLoad, serveLoad, sqlOf, Statement } from './http-load';
import { benchInfra, fmt } from './bench-infra';
import { startBenchNetwork } from './bench-network';

const DURATION = Number(process.env.BENCH_DURATION ?? 10); // seconds per autocannon run
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1); // seconds of load before each measured run
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const CASES = Number(process.env.BENCH_CASES ?? 60);
const PAGE_SIZE = 50;
const RENDER_MS = Number(process.env.BENCH_RENDER_MS ?? 600); // in-process: time per row
const JA_AGENT = 'bench.taro';
const DELIVERED_AT = '2026-11-20T23:30:00.000Z';
const REASONS = ['NOT_ARRIVED', 'DELAYED', 'DAMAGED', 'CONTENTS_MISSING', 'WRONG_ADDRESS', 'DELIVERED_BUT_DISPUTED'];
const ACTIONS = ['INVESTIGATE', 'PROVIDE_STATUS_UPDATE', 'CONFIRM_DELIVERY', 'PROVIDE_PROOF_OF_DELIVERY', 'REDELIVER'];
const DESCRIPTIONS = [
  { text: 'The customer says the parcel never arrived although tracking shows it in transit.', language: 'en' },
  { text: "Le client indique que l'envoi n'est jamais arrivé.", language: 'fr' },
  { text: 'Die Kundin sagt, das Paket sei nie angekommen.', language: 'de' },
];

function itemId(n: number, prefix: string): string {
  const serial = String(n).padStart(8, '0');
  return `${prefix}${serial}${s10CheckDigit(serial)}CH`;
}

async function api(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; bytes: number }> {
  const res = await fetch(`${base}${path}`, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, body: body !== undefined ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, bytes: Buffer.byteLength(text) };
}

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}



const rssMiB = () => process.memoryUsage().rss / 2 ** 20;

/**
 * µs per call of fn(i): warmed up, then 5 windows of RENDER_MS / 5 each; the median window. (Intl
 * objects made per call are native memory that only a full GC frees: a window now and then holds a
 * long pause, which the median leaves out; the HTTP p99 figures keep it.)
 */
function usPer(fn: (i: number) => unknown, ms = RENDER_MS): number {
  fullGc();
  let sink = 0;
  let i = 0;
  const warm = Date.now() + 100;
  for (; i < 200 && Date.now() < warm; i++) sink += fn(i) ? 1 : 0;
  const windows: number[] = [];
  for (let w = 0; w < 5; w++) {
    const t0 = process.hrtime.bigint();
    const until = t0 + BigInt(Math.round((ms / 5) * 1e6));
    let n = 0;
    let now = t0;
    while (now < until) {
      for (let b = 0; b < 20; b++, n++) sink += fn(i++) ? 1 : 0;
      now = process.hrtime.bigint();
    }
    windows.push(Number(now - t0) / 1e3 / n);
  }
  if (sink < 0) console.log(sink); // keeps the results alive
  return windows.sort((a, b) => a - b)[2];
}

async function main() {
  const infra = await benchInfra();
  const net = await startBenchNetwork(infra, 'bench_lang');
  const { ch, us } = net;
  const usDbName = new URL(us.config.DATABASE_URL).pathname.slice(1);
  const child = forkLoadGenerator(__filename);
  const pool = new Pool({ connectionString: us.config.DATABASE_URL, max: 10 }); // the node's pool size
  const baseline = Fastify({ logger: false });
  let stopped = false;
  const stopAll = async () => {
    if (stopped) return;
    stopped = true;
    child.kill();
    await baseline.close();
    await pool.end();
    await net.stop();
    await infra.stop();
  };
  try {
    // --- Seed through the API: cases opened at CH, delivered to US. ---
    // Agents of their own nodes (a token is for one node); the ar reader has no profile.
    const anna = await net.agent('CH', 'anna.meier');
    const taro = await net.agent('US', JA_AGENT);
    const arAgent = await net.agent('US', 'bench.ar');
    const open = async (i: number, extra: Record<string, unknown> = {}) => {
      const r = await api(ch.url, 'POST', '/cases', {
        itemId: itemId(i, ['EE', 'RR', 'CP'][i % 3]),
        destinationOperator: 'US',
        inquiryType: ['GENERIC', 'FULL_INVESTIGATION'][i % 2], // (PROOF_OF_DELIVERY needs a delivered item)
        reasons: [REASONS[i % REASONS.length], ...(i % 2 ? [REASONS[(i + 3) % REASONS.length]] : [])],
        requestedActions: [ACTIONS[i % ACTIONS.length], ...(i % 3 === 1 ? [ACTIONS[(i + 2) % ACTIONS.length]] : [])],
        priority: i % 5 === 0 ? 'URGENT' : 'NORMAL',
        customer: { name: `Customer ${i}`, preferredLanguage: DESCRIPTIONS[i % 3].language },
        description: DESCRIPTIONS[i % 3],
        ...extra,
      }, anna);
      if (r.status !== 201) throw new Error(`openCase ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body.id as string;
    };
    const usCount = async () => (await us.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0].n as number;
    // Warm-up: the consumer groups' first join.
    await open(0);
    await until('the first case at US', async () => (await usCount()) >= 1);
    for (let i = 1; i < CASES; i++) await open(i);

    // The detailed case: 4 messages, the REPLY from a saved template.
    const id = await open(CASES, {
      itemId: itemId(CASES, 'EE'),
      inquiryType: 'FULL_INVESTIGATION',
      reasons: ['NOT_ARRIVED', 'DELIVERED_BUT_DISPUTED'],
      requestedActions: ['PROVIDE_PROOF_OF_DELIVERY'],
      customer: { name: 'Erika Muster', preferredLanguage: 'de' },
      description: DESCRIPTIONS[2],
    });
    const getAt = (base: string) => api(base, 'GET', `/cases/${id}`, undefined, base === ch.url ? anna : taro);
    const send = async (base: string, headers: Record<string, string>, ready: (c: any) => boolean, message: Record<string, unknown>) => {
      for (let attempt = 0; ; attempt++) {
        const c = await until(`the case ready at ${base}`, async () => {
          const r = await getAt(base);
          return r.status === 200 && ready(r.body) ? r.body : undefined;
        });
        const r = await api(base, 'POST', `/cases/${id}/messages`, { ...message, expectedVersion: c.version }, headers);
        if (r.status === 201) return;
        if (r.status !== 409 || attempt > 10) throw new Error(`message ${r.status}: ${JSON.stringify(r.body)}`);
      }
    };
    await send(us.url, taro, () => true, { kind: 'INFO_REQUEST', body: { text: '荷物の外箱の写真を送ってください。', language: 'ja' } });
    await send(ch.url, anna, (c) => c.status === 'AWAITING_INFO', { kind: 'INFO', body: { text: 'Foto folgt per E-Mail.', language: 'de' } });
    await send(us.url, taro, (c) => c.messages.length === 2, { kind: 'REPLY', templateId: 'DELIVERED_WITH_SIGNATURE', eventAt: DELIVERED_AT, signedBy: 'Erika Muster', office: 'Tokyo Central' });
    await send(ch.url, anna, (c) => c.status === 'ANSWERED', { kind: 'INFO', body: { text: 'Danke, wir informieren die Kundin.', language: 'de' } });
    await until('4 messages at US', async () => (await getAt(us.url)).body.messages?.length === 4);
    const profile = await api(us.url, 'PUT', '/agents/me/profile', { language: 'ja-JP', timeZone: 'Asia/Tokyo' }, taro);
    if (profile.status !== 200) throw new Error(`profile ${profile.status}: ${JSON.stringify(profile.body)}`);
    // Settled: every case at US, each with its deadline snapshot, and nothing changing for a second.
    let last = '';
    let stableSince = Date.now();
    await until('the US node to settle', async () => {
      const s = (await us.db.query(`SELECT count(*)::int AS n, count(deadline)::int AS d, max(updated_at)::text AS u FROM cases`)).rows[0];
      const key = JSON.stringify(s);
      if (key !== last) [last, stableSince] = [key, Date.now()];
      return s.n === CASES + 1 && s.d === s.n && Date.now() - stableSince > 1000;
    }, 60_000);

    // --- The baseline server: the node's own SQL for the same requests, rows as JSON. ---
    const listPath = `/cases?pageSize=${PAGE_SIZE}`;
    const getPath = `/cases/${id}`;
    const ar = { 'accept-language': 'ar', ...arAgent };
    const listSql = await sqlOf(usDbName, /\b(cases|case_messages|agent_profiles|reply_templates)\b/, () => api(us.url, 'GET', listPath, undefined, taro));
    const getSql = await sqlOf(usDbName, /\b(cases|case_messages|agent_profiles|reply_templates)\b/, () => api(us.url, 'GET', getPath, undefined, taro));
    const listSqlAr = await sqlOf(usDbName, /\b(cases|case_messages|agent_profiles|reply_templates)\b/, () => api(us.url, 'GET', listPath, undefined, ar));
    const getSqlAr = await sqlOf(usDbName, /\b(cases|case_messages|agent_profiles|reply_templates)\b/, () => api(us.url, 'GET', getPath, undefined, ar));
    const rowsOnly = (s: Statement[]) => s.filter((q) => /\bFROM "(cases|case_messages)"/.test(q.text));
    const listRows = rowsOnly(listSql);
    const getRows = rowsOnly(getSql);
    if (listRows.length < 1 || getRows.length < 2) throw new Error(`unexpected node SQL: ${JSON.stringify({ listSql, getSql })}`);
    baseline.get('/cases', async () => {
      const [items, count] = [await pool.query(listRows[0].text, listRows[0].values), listRows[1] ? await pool.query(listRows[1].text, listRows[1].values) : null];
      return { items: items.rows, page: 1, pageSize: PAGE_SIZE, total: count ? Number(Object.values(count.rows[0])[0]) : items.rowCount };
    });
    baseline.get<{ Params: { caseId: string } }>('/cases/:caseId', async (req, reply) => {
      const values = (s: Statement) => s.values.map((v) => (v === id ? req.params.caseId : v));
      const c = await pool.query(getRows[0].text, values(getRows[0]));
      if (c.rowCount === 0) return reply.code(404).send({ code: 'CASE_NOT_FOUND' });
      const messages = await pool.query(getRows[1].text, values(getRows[1]));
      return { ...c.rows[0], messages: messages.rows };
    });
    const baseUrl = await baseline.listen({ host: '127.0.0.1', port: 0 });

    // --- HTTP throughput. ---
    const targets = (path: string) => [
      { name: 'baseline Fastify + pg, same SQL, rows as JSON', url: `${baseUrl}${path}`, headers: {} as Record<string, string>, sql: rowsOnly(path === listPath ? listSql : getSql).length },
      { name: `node, ja reader (token, profile ja-JP Asia/Tokyo)`, url: `${us.url}${path}`, headers: taro, sql: (path === listPath ? listSql : getSql).length },
      { name: 'node, ar reader (Accept-Language: ar, token, no profile)', url: `${us.url}${path}`, headers: ar, sql: (path === listPath ? listSqlAr : getSqlAr).length },
    ];
    const http: string[] = [];
    for (const [title, path] of [[`GET ${listPath} (${PAGE_SIZE} of ${CASES + 1} cases, no messages)`, listPath], ['GET /cases/{id} (4 messages, one REPLY from the DELIVERED_WITH_SIGNATURE template)', getPath]] as const) {
      http.push(`  ${title}`);
      let base: LoadResult | undefined;
      for (const t of targets(path)) {
        const bytes = (await fetch(t.url, { headers: t.headers }).then((r) => r.arrayBuffer())).byteLength;
        if (WARMUP > 0) await runLoad(child, { url: t.url, headers: t.headers, duration: WARMUP });
        fullGc();
        const before = rssMiB();
        const r = await runLoad(child, { url: t.url, headers: t.headers, duration: DURATION });
        const after = rssMiB();
        fullGc();
        const collected = rssMiB();
        base ??= r;
        const ratio = r === base ? '' : ` = ${fmt(r.reqPerSec / base.reqPerSec, 2)} x baseline`;
        const bad = r.non2xx || r.errors ? ` (non-2xx ${r.non2xx}, errors ${r.errors})` : '';
        http.push(`    ${t.name.padEnd(58)}: ${fmt(r.reqPerSec, 0).padStart(6)} req/s${ratio.padEnd(19)} | p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms | ${fmt(bytes / 1024, 1)} KiB, ${t.sql} SQL statements | process RSS ${fmt(before, 0)} → ${fmt(after, 0)} MiB (${fmt(collected, 0)} after a full GC)${bad}`);
      }
    }

    // --- In process: the mapper against JSON.stringify of the same entities. ---
    // Inputs as the node has them; then everything is stopped, so the timings are this code alone
    // (and long synchronous loops do not starve the Kafka consumers' heartbeats).
    const repo = us.app.get(CaseRepository);
    const library = us.app.get(TemplateLibrary);
    const resolver = us.app.get(ReaderResolver);
    const readers: Array<[string, Reader]> = [
      ['en', await resolver.forAgent(undefined, undefined)],
      ['ja', await resolver.forAgent(JA_AGENT, undefined)],
      ['ar', await resolver.forAgent(undefined, 'ar')],
    ];
    const listed = (await repo.list('US', { page: 1, pageSize: PAGE_SIZE })).items;
    const detail = (await repo.findById(id))!;
    const messages = await repo.messagesOf(id);
    const versions = new Map<string, Map<string, ReplyTemplate>>();
    for (const m of messages) if (m.templateId && !versions.has(m.templateId)) versions.set(m.templateId, await library.versions(m.templateId));
    const view = (reader: Reader) => ({ operatorCode: us.config.OPERATOR_CODE, timeZone: us.config.OPERATOR_TIME_ZONE, reader });
    const nodeLine = `the US node (languages ${us.config.OPERATOR_LANGUAGES.join(',')}, ${us.config.OPERATOR_TIME_ZONE})`;
    await stopAll();

    // What CasePresenter.one does once the node's template versions are loaded (no translation service configured).
    const renderDetail = (c: CaseEntity, ms: CaseMessageEntity[], reader: Reader): CaseResponse => {
      const rendered = new Map<string, { template: RenderedTemplateDto | null }>();
      for (const m of ms) {
        if (m.templateId === null) continue;
        const t = TemplateLibrary.pick(versions.get(m.templateId)!, reader);
        rendered.set(m.id, { template: t ? TemplateLibrary.render(t, caseTemplateValues(c, m), reader) : null });
      }
      return toCaseResponse(c, { ...view(reader), texts: { messages: rendered } }, ms);
    };
    const L = listed.length;
    const reply = messages.find((m) => m.templateId)!;
    const proto = Display.prototype as any;
    const real = { code: proto.code, codes: proto.codes, instant: proto.instant, languageName: proto.languageName };
    // Display stubbed: codes, ISO strings and tags where labels, wall times and language names go.
    const stubbed = <T>(fn: () => T): T => {
      Object.assign(proto, {
        code: (_s: string, c: string | null) => c,
        codes: (_s: string, cs: readonly string[]) => cs.slice(),
        instant: (v: Date | string | null) => (v instanceof Date ? v.toISOString() : v),
        languageName: (tag: string) => tag,
      });
      try {
        return fn();
      } finally {
        Object.assign(proto, real);
      }
    };
    // A pass not counted: the first rendering row otherwise pays for the allocator growing the process (page faults).
    usPer((i) => JSON.stringify(toCaseResponse(listed[i % L], view(readers[i % 3][1]))).length);
    const listBase = usPer((i) => JSON.stringify(listed[i % L]).length);
    const detailBase = usPer(() => JSON.stringify({ ...detail, messages }).length);
    const rows = readers.map(([name, reader]) => {
      const v = view(reader);
      const t = TemplateLibrary.pick(versions.get(reply.templateId!)!, reader)!;
      return {
        name,
        list: usPer((i) => JSON.stringify(toCaseResponse(listed[i % L], v)).length),
        listStub: stubbed(() => usPer((i) => JSON.stringify(toCaseResponse(listed[i % L], v)).length)),
        detail: usPer(() => JSON.stringify(renderDetail(detail, messages, reader)).length),
        detailStub: stubbed(() => usPer(() => JSON.stringify(toCaseResponse(detail, v, messages)).length)),
        template: usPer(() => TemplateLibrary.render(t, caseTemplateValues(detail, reply), reader)!.text.length),
      };
    });
    // How often one render calls each Display part, and what one call costs.
    const calls = { code: 0, instant: 0, languageName: 0 };
    const counting = <T>(fn: () => T): typeof calls => {
      calls.code = calls.instant = calls.languageName = 0;
      Object.assign(proto, {
        code(this: Display, ...a: unknown[]) {
          calls.code++;
          return real.code.apply(this, a);
        },
        instant(this: Display, ...a: unknown[]) {
          calls.instant++;
          return real.instant.apply(this, a);
        },
        languageName(this: Display, ...a: unknown[]) {
          calls.languageName++;
          return real.languageName.apply(this, a);
        },
      });
      try {
        fn();
      } finally {
        Object.assign(proto, real);
      }
      return { ...calls };
    };
    const perList = counting(() => listed.forEach((c) => toCaseResponse(c, view(readers[1][1]))));
    const perDetail = counting(() => toCaseResponse(detail, view(readers[1][1]), messages));
    const perCall = readers.map(([name, reader]) => {
      const d = new Display(reader);
      const short = RENDER_MS / 3;
      return `${name} ${fmt(usPer(() => d.instant(detail.openedAt), short), 1)} / ${fmt(usPer(() => d.languageName('de'), short), 1)} / ${fmt(usPer(() => d.code('inquiryReason', 'NOT_ARRIVED'), short), 2)} / ${fmt(usPer(() => textDirection(reader.language), short), 1)} µs`;
    });

    console.log(`reader-language rendering at ${nodeLine}, ${CASES + 1} cases made through the API, embedded PostgreSQL`);
    console.log(`HTTP, autocannon in a child process, ${CONNECTIONS} connections, ${DURATION} s per run after ${WARMUP} s warm-up; baseline in this process with the node's pool size (10)`);
    for (const l of http) console.log(l);
    console.log(`in process (network stopped), µs per case, each row the median of 5 windows of ${fmt(RENDER_MS / 5, 0)} ms`);
    console.log(`  list shape: the ${L} listed cases in turn, no messages`);
    console.log(`    baseline JSON.stringify(entity)                 : ${fmt(listBase, 1).padStart(7)} µs`);
    for (const r of rows) console.log(`    ${r.name}: toCaseResponse + JSON.stringify          : ${fmt(r.list, 1).padStart(7)} µs = ${fmt(r.list / listBase, 1).padStart(5)} x baseline | the same with Display stubbed ${fmt(r.listStub, 1)} µs = ${fmt(r.listStub / listBase, 1)} x`);
    console.log(`  detail shape: the case + 4 messages, the REPLY's template re-rendered for the reader (as CasePresenter.one)`);
    console.log(`    baseline JSON.stringify(entity + messages)      : ${fmt(detailBase, 1).padStart(7)} µs`);
    for (const r of rows) console.log(`    ${r.name}: template + toCaseResponse + stringify    : ${fmt(r.detail, 1).padStart(7)} µs = ${fmt(r.detail / detailBase, 1).padStart(5)} x baseline | of which TemplateLibrary.render ${fmt(r.template, 1)} µs | Display stubbed, no template ${fmt(r.detailStub, 1)} µs = ${fmt(r.detailStub / detailBase, 1)} x`);
    console.log(`  Display calls per render: list case ${fmt(perList.code / L, 0)} labels, ${fmt(perList.instant / L, 0)} wall times, ${fmt(perList.languageName / L, 0)} language names (+ 1 textDirection); detail case ${perDetail.code}, ${perDetail.instant}, ${perDetail.languageName} (+ 1)`);
    console.log(`  one call, instant / languageName / code / textDirection: ${perCall.join(' | ')}`);
  } finally {
    await stopAll();
  }
}

if (isLoadGenerator()) {
  serveLoad(CONNECTIONS);
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
