/**
 * What bearer-token validation costs a read (the aim: 0.9x or better, by validating locally with a
 * cached JWKS): requests per second of GET /cases/{id} at the CH node with every request's token
 * verified (jose, signature against Keycloak's JWKS, issuer, audience, expiry), against the same
 * route, token and load with TokenVerifier.verify replaced on the running app's instance by one
 * that answers the token's already-decoded payload (no signature or claim checks; the guard, the
 * principal, the roles, the rate limit and the audit entry stay). No production bypass: the
 * replacement lives in this process only and is removed after each baseline phase.
 * Phases alternate (baseline, validated, ...) to spread drift over both; each figure is the median.
 * For scale: a bare Fastify + pg in this process running the SQL rows the node read for the request.
 * Load: autocannon in a child process (the load generator does not share the servers' event loop).
 */
import 'reflect-metadata';
import Fastify from 'fastify';
import { Pool } from 'pg';
import { decodeJwtPayload } from '@postbridge/dev-infra';
import { s10CheckDigit } from '@postbridge/domain';
import { TokenVerifier } from '@postbridge/platform';
import { forkLoadGenerator, fullGc, isLoadGenerator, LoadResult, runLoad, serveLoad, sqlOf, Statement } from './http-load';
import { benchInfra, fmt } from './bench-infra';
import { startBenchNetwork } from './bench-network';

const DURATION = Number(process.env.BENCH_DURATION ?? 10); // seconds per autocannon run
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1); // seconds of load before each measured run
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3); // baseline + validated pairs
const VERIFY_MS = Number(process.env.BENCH_VERIFY_MS ?? 1000); // in-process verify() timing



const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const infra = await benchInfra();
  const net = await startBenchNetwork(infra, 'bench_auth');
  const { ch } = net;
  const child = forkLoadGenerator(__filename);
  const pool = new Pool({ connectionString: ch.config.DATABASE_URL, max: 10 }); // the node's pool size
  const bare = Fastify({ logger: false });
  const verifier = ch.app.get(TokenVerifier);
  const hadOwnVerify = Object.prototype.hasOwnProperty.call(verifier, 'verify');
  const realVerify = verifier.verify;
  const restore = () => {
    if (hadOwnVerify) verifier.verify = realVerify;
    else delete (verifier as Partial<TokenVerifier>).verify; // back to the prototype's
  };
  try {
    const token = await net.token('CH', 'bench', ['agent', 'supervisor']);
    const headers = { authorization: `Bearer ${token}` };
    const serial = '12345678';
    const open = await fetch(`${ch.url}/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ itemId: `RR${serial}${s10CheckDigit(serial)}US`, destinationOperator: 'US', inquiryType: 'GENERIC', reasons: ['NOT_ARRIVED'], customer: { name: 'Erika Muster' }, description: { text: 'not arrived', language: 'en' } }),
    });
    if (open.status !== 201) throw new Error(`openCase ${open.status}: ${await open.text()}`);
    const { id } = (await open.json()) as { id: string };
    const url = `${ch.url}/cases/${id}`;
    // Settled first: the case at US and its answers applied at CH, so no Kafka work runs during the
    // phases and no consumer's SQL is taken for the request's below.
    let last = '';
    let stableSince = Date.now();
    for (const deadline = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 50))) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the case to settle');
      const atUs = (await net.us.db.query(`SELECT count(*)::int AS n FROM cases WHERE id = $1`, [id])).rows[0].n;
      const key = JSON.stringify((await ch.db.query(`SELECT * FROM cases WHERE id = $1`, [id])).rows[0]);
      if (key !== last) [last, stableSince] = [key, Date.now()];
      if (atUs === 1 && Date.now() - stableSince > 1000) break;
    }

    // The baseline's verify: the same token's claims, decoded once here, for any token.
    const payload = decodeJwtPayload(token) as Awaited<ReturnType<TokenVerifier['verify']>>;
    const unchecked = async () => payload;
    // A token whose signature is wrong tells which verify is in place: 200 unchecked, 401 validated.
    const forged = `${token.slice(0, token.lastIndexOf('.') + 1)}${Buffer.alloc(256, 7).toString('base64url')}`;
    const statusWith = async (t: string) => (await fetch(url, { headers: { authorization: `Bearer ${t}` } }).then(async (r) => [r.status, await r.arrayBuffer()] as const))[0];

    const phase = async (validated: boolean): Promise<LoadResult> => {
      if (!validated) verifier.verify = unchecked;
      try {
        const [ok, forgedStatus] = [await statusWith(token), await statusWith(forged)];
        if (ok !== 200 || forgedStatus !== (validated ? 401 : 200)) throw new Error(`${validated ? 'validated' : 'baseline'} phase: token ${ok}, forged token ${forgedStatus}`);
        if (WARMUP > 0) await runLoad(child, { url, headers, duration: WARMUP });
        fullGc();
        return await runLoad(child, { url, headers, duration: DURATION });
      } finally {
        restore();
      }
    };
    const runs: Array<{ validated: boolean; r: LoadResult }> = [];
    for (let i = 0; i < ROUNDS; i++) for (const validated of [false, true]) runs.push({ validated, r: await phase(validated) });

    // For scale: the node's SQL rows for this request, served bare.
    // After the load's last requests have drained (the node may still be answering them), once per statement text.
    await new Promise((r) => setTimeout(r, 1000));
    const seen = await sqlOf(new URL(ch.config.DATABASE_URL).pathname.slice(1), /\bFROM "(cases|case_messages)"/, () => fetch(url, { headers }).then((r) => r.arrayBuffer()));
    const byText = [...new Map(seen.map((s) => [s.text, s])).values()];
    const rows = [...byText.filter((s) => /\bFROM "cases"/.test(s.text)), ...byText.filter((s) => !/\bFROM "cases"/.test(s.text))];
    if (!rows.length || !/\bFROM "cases"/.test(rows[0].text)) throw new Error('no case SQL recorded for GET /cases/{id}');
    bare.get<{ Params: { caseId: string } }>('/cases/:caseId', async (req, reply) => {
      const values = (s: Statement) => s.values.map((v) => (v === id ? req.params.caseId : v));
      const c = await pool.query(rows[0].text, values(rows[0]));
      if (c.rowCount === 0) return reply.code(404).send({ code: 'CASE_NOT_FOUND' });
      const rest = [];
      for (const s of rows.slice(1)) rest.push((await pool.query(s.text, values(s))).rows);
      return { ...c.rows[0], messages: rest.flat() };
    });
    const bareUrl = `${await bare.listen({ host: '127.0.0.1', port: 0 })}/cases/${id}`;
    const bareCheck = await fetch(bareUrl);
    if (bareCheck.status !== 200) throw new Error(`bare Fastify ${bareCheck.status}: ${await bareCheck.text()} for ${JSON.stringify(rows)}`);
    if (WARMUP > 0) await runLoad(child, { url: bareUrl, headers: {}, duration: WARMUP });
    fullGc();
    const bareRun = await runLoad(child, { url: bareUrl, headers: {}, duration: DURATION });

    // In process: one verify() of this token (JWKS cached by then), against the replacement.
    const usPer = async (fn: () => Promise<unknown>): Promise<number> => {
      for (let i = 0; i < 200; i++) await fn();
      let n = 0;
      const t0 = process.hrtime.bigint();
      const until = t0 + BigInt(VERIFY_MS * 1e6);
      let now = t0;
      while (now < until) {
        for (let b = 0; b < 20; b++, n++) await fn();
        now = process.hrtime.bigint();
      }
      return Number(now - t0) / 1e3 / n;
    };
    const verifyUs = await usPer(() => verifier.verify(token));
    const uncheckedUs = await usPer(unchecked);

    const base = runs.filter((x) => !x.validated).map((x) => x.r);
    const val = runs.filter((x) => x.validated).map((x) => x.r);
    const b = median(base.map((r) => r.reqPerSec));
    const v = median(val.map((r) => r.reqPerSec));
    const bad = (r: LoadResult) => (r.non2xx || r.errors ? ` (non-2xx ${r.non2xx}, errors ${r.errors})` : '');
    const line = (r: LoadResult) => `${fmt(r.reqPerSec, 0).padStart(6)} req/s, p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms${bad(r)}`;
    const alg = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')).alg as string;
    console.log(`bearer-token validation at the CH node: GET /cases/{id}, one Keycloak access token (${alg}, ${token.length} characters), embedded PostgreSQL`);
    console.log(`HTTP, autocannon in a child process, ${CONNECTIONS} connections, ${DURATION} s per run after ${WARMUP} s warm-up, ${ROUNDS} rounds of baseline then validated; medians`);
    runs.forEach((x, i) => console.log(`  run ${i + 1} ${x.validated ? 'validated' : 'baseline '}: ${line(x.r)}`));
    console.log(`  baseline (verify answers the decoded payload): ${fmt(b, 0).padStart(6)} req/s`);
    console.log(`  validated (jose against the cached JWKS)     : ${fmt(v, 0).padStart(6)} req/s = ${fmt(v / b, 2)} x baseline (aim 0.9 x or better)`);
    console.log(`  for scale, bare Fastify + pg, the node's ${rows.length} case SQL statement(s), no auth, no audit entry: ${line(bareRun)}`);
    console.log(`  in process, one call: TokenVerifier.verify ${fmt(verifyUs, 1)} µs | the baseline's replacement ${fmt(uncheckedUs, 2)} µs`);
    if ([...base, ...val].some((r) => r.non2xx || r.errors)) process.exitCode = 1;
  } finally {
    restore();
    child.kill();
    await bare.close();
    await pool.end();
    await net.stop();
    await infra.stop();
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
