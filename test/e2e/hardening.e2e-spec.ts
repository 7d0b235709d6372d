import { request as httpRequest } from 'node:http';
import { Client } from 'pg';
import { api, authorization, eventually, openCaseBody, TestNetwork, TRACKING } from './support/network';

// Each defect of the hardening issue (10), as a sloppy CRM or a careless user would send it, against
// a broker and real nodes: a coded 4xx (or a 503 with Retry-After for a real outage), nothing
// half-written, and what a node accepts the broker accepts too.

/** A raw HTTP request, for what fetch will not send (odd content types, huge headers). */
function raw(url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  return new Promise((resolve, reject) => {
    const u = new URL(path, url);
    const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function count(dbUrl: string, sql: string): Promise<number> {
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return Number((await c.query(sql)).rows[0].n);
  } finally {
    await c.end();
  }
}

describe('bad input never reaches a 500', () => {
  let net: TestNetwork;
  let CH: string;
  let US: string;
  let BROKER: string;
  /** Rows a refused request must not have added at CH. */
  const written = async () => ({
    cases: await count(net.node('CH').db.url, 'SELECT count(*) AS n FROM cases'),
    messages: await count(net.node('CH').db.url, 'SELECT count(*) AS n FROM case_messages'),
    outbox: await count(net.node('CH').db.url, 'SELECT count(*) AS n FROM outbox_messages'),
  });

  beforeAll(async () => {
    net = await TestNetwork.start([
      { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de', 'en'] },
      { code: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en'] },
      // A node with a tiny pool, to run it out of connections on purpose.
      { code: 'DE', country: 'DE', timeZone: 'Europe/Berlin', languages: ['de'], env: { DATABASE_POOL_SIZE: '2', DATABASE_POOL_TIMEOUT_MS: '200' } },
    ]);
    CH = net.node('CH').url;
    US = net.node('US').url;
    BROKER = net.broker!.url;
  });

  afterAll(async () => {
    await net?.close();
  });

  const base = () => openCaseBody('US');
  const without = (key: string) => Object.fromEntries(Object.entries(base()).filter(([k]) => k !== key));

  it.each([
    ['without description', () => without('description'), 'DESCRIPTION_REQUIRED'],
    ['without customer', () => without('customer'), 'CUSTOMER_REQUIRED'],
    ['with customer as an array', () => ({ ...base(), customer: [{ name: 'Jane' }] }), 'INVALID_FIELD_TYPE'],
    ['with customer as an empty array', () => ({ ...base(), customer: [] }), 'INVALID_FIELD_TYPE'],
    ['with description as an array', () => ({ ...base(), description: [] }), 'INVALID_FIELD_TYPE'],
    ['with description as a string', () => ({ ...base(), description: 'lost' }), 'INVALID_FIELD_TYPE'],
    ['with a NUL in description.text', () => ({ ...base(), description: { text: 'lost\u0000', language: 'en' } }), 'INVALID_CHARACTER'],
    ['with a NUL in customer.name', () => ({ ...base(), customer: { name: 'Jane\u0000' } }), 'INVALID_CHARACTER'],
    ['with a lone surrogate in customer.name', () => ({ ...base(), customer: { name: 'J\ud800' } }), 'INVALID_CHARACTER'],
    ['with a right-to-left override in description.text', () => ({ ...base(), description: { text: 'lost \u202etxt.exe', language: 'en' } }), 'INVALID_CHARACTER'],
    ['with a left-to-right isolate in customer.name', () => ({ ...base(), customer: { name: 'Jane \u2066Doe' } }), 'INVALID_CHARACTER'],
    ['with 4,001 emoji in the description', () => ({ ...base(), description: { text: '😀'.repeat(4001), language: 'en' } }), 'INVALID_TEXT_LENGTH'],
  ])('openCase %s is a coded 400 and writes nothing', async (_what, body, code) => {
    const before = await written();
    const r = await api(CH, 'POST', '/cases', body(), 'anna.meier');
    expect({ status: r.status, code: r.body.code }).toEqual({ status: 400, code });
    expect(await written()).toEqual(before);
  });

  it('refuses JSON nested 2,400 levels deep on any route before validation (BODY_TOO_DEEP)', async () => {
    const deep = '{"a":'.repeat(2400) + '1' + '}'.repeat(2400);
    for (const [method, path] of [['POST', '/cases'], ['PUT', '/agents/me/profile'], ['POST', '/tracking/events'], ['PUT', '/templates/MY_TEMPLATE/de']]) {
      const r = await raw(CH, method, path, { 'content-type': 'application/json', ...(await authorization(CH, path === '/tracking/events' ? TRACKING : 'anna.meier')) }, deep);
      expect({ path, status: r.status, code: r.body.code }).toEqual({ path, status: 400, code: 'BODY_TOO_DEEP' });
    }
    const arrays = '['.repeat(2400) + ']'.repeat(2400);
    expect((await raw(CH, 'POST', '/cases', { 'content-type': 'application/json', ...(await authorization(CH, 'anna.meier')) }, arrays)).body.code).toBe('BODY_TOO_DEEP');
  });

  it('refuses NUL in a message body and in signedBy, and writes nothing', async () => {
    const opened = await api(CH, 'POST', '/cases', base(), 'anna.meier');
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    const before = await written();
    const info = await api(CH, 'POST', `/cases/${id}/messages`, { kind: 'INFO', body: { text: 'more\u0000', language: 'en' }, expectedVersion: 1 }, 'anna.meier');
    expect({ status: info.status, code: info.body.code }).toEqual({ status: 400, code: 'INVALID_CHARACTER' });
    const asArray = await api(CH, 'POST', `/cases/${id}/messages`, { kind: 'INFO', body: [], expectedVersion: 1 }, 'anna.meier');
    expect({ status: asArray.status, code: asArray.body.code }).toEqual({ status: 400, code: 'INVALID_FIELD_TYPE' });
    const incoming = await eventually(async () => (await api(US, 'GET', `/cases/${id}`)).body?.version === 1 || undefined, 10_000, 'the case at US');
    expect(incoming).toBe(true);
    const reply = await api(US, 'POST', `/cases/${id}/messages`, { kind: 'REPLY', outcome: 'DELIVERED_WITH_SIGNATURE', signedBy: 'J.\u0000Doe', body: { text: 'Delivered.', language: 'en' }, expectedVersion: 1 }, 'bob.smith');
    expect({ status: reply.status, code: reply.body.code }).toEqual({ status: 400, code: 'INVALID_CHARACTER' });
    expect(await written()).toEqual(before);
  });

  it('keeps the good tracking event when another in the batch has a NUL in its location, an unknown field or is not an object', async () => {
    const good = { itemId: 'RB123456785GB', code: 'EMC', occurredAt: '2026-11-20T08:15:00+01:00', office: 'CHZRHA', location: 'Zürich' };
    const r = await api(CH, 'POST', '/tracking/events', {
      events: [good, { ...good, code: 'EMD', location: 'Bern\u0000' }, { ...good, code: 'EMB', weight: 2 }, 'EMA', { ...good, code: 'EMB', occurredAt: '2026-11-20T'.padEnd(40_000, '9') + 'Z' }],
    }, TRACKING);
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(1);
    expect(r.body.rejected.map((x: any) => [x.index, x.errors.map((e: any) => e.code)])).toEqual([
      [1, ['INVALID_LOCATION']],
      [2, ['UNKNOWN_FIELD']],
      [3, ['INVALID_EVENT']],
      [4, ['INVALID_TIMESTAMP']],
    ]);
    const timeline = await api(CH, 'GET', '/items/RB123456785GB/timeline');
    expect(timeline.body.events.map((e: any) => e.code)).toEqual(['EMC']);
  });

  it.each([
    ['node', '/cases'],
    ['node', '/queues'],
    ['broker', '/cases'],
    ['broker', '/deadlines'],
  ])('bounds page parameters on the %s listing %s, with the codes every listing shares', async (app, path) => {
    const url = app === 'node' ? CH : BROKER;
    for (const page of ['99999999999999999999', '1e308', '0', '-1', '1.5', '0x10', 'abc', '10001']) {
      const r = await api(url, 'GET', `${path}?page=${page}`);
      expect({ page, status: r.status, code: r.body.code }).toEqual({ page, status: 400, code: 'INVALID_PAGE' });
    }
    for (const pageSize of ['0', '201', '1e3', '99999999999999999999']) {
      const r = await api(url, 'GET', `${path}?pageSize=${pageSize}`);
      expect({ pageSize, status: r.status, code: r.body.code }).toEqual({ pageSize, status: 400, code: 'INVALID_PAGE_SIZE' });
    }
    const repeated = await api(url, 'GET', `${path}?page=1&page=2`);
    expect({ status: repeated.status, code: repeated.body.code }).toEqual({ status: 400, code: 'INVALID_PAGE' });
    expect((await api(url, 'GET', `${path}?page=10000&pageSize=200`)).status).toBe(200);
  });

  it('accepts 2,001 emoji in a description and a 101-emoji name, and the broker delivers the case (it used to refuse them)', async () => {
    const opened = await api(CH, 'POST', '/cases', { ...base(), customer: { name: '😀'.repeat(101) }, description: { text: '😀'.repeat(2001), language: 'en' } }, 'anna.meier');
    expect(opened.status).toBe(201);
    const atCh = await eventually(async () => {
      const c = (await api(CH, 'GET', `/cases/${opened.body.id}`)).body;
      return c.status !== 'SUBMITTED' ? c : undefined;
    }, 10_000, 'the broker to route the case');
    expect({ status: atCh.status, refusal: atCh.refusal ?? null }).toEqual({ status: 'OPEN', refusal: null });
    const atUs = (await api(US, 'GET', `/cases/${opened.body.id}`)).body;
    expect(atUs.customer.name).toBe('😀'.repeat(101));
    expect(atUs.description.text).toBe('😀'.repeat(2001));
  });

  it('answers an 80 KB header with a coded 431', async () => {
    const r = await raw(CH, 'GET', '/cases', { 'x-padding': 'a'.repeat(80 * 1024) });
    expect({ status: r.status, code: r.body.code }).toEqual({ status: 431, code: 'HEADERS_TOO_LARGE' });
  });

  it('refuses a text/plain or form body with 415 instead of parsing it', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const before = await written();
      const r = await raw(CH, 'POST', '/cases', { 'content-type': type, ...(await authorization(CH, 'anna.meier')) }, JSON.stringify(base()));
      expect({ type, status: r.status, code: r.body.code }).toEqual({ type, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      expect(await written()).toEqual(before);
    }
  });

  it('names a bad template language instead of "undefined"', async () => {
    const r = await api(CH, 'PUT', '/templates/MY_TEMPLATE/not_a_tag', { kind: 'INFO', title: 'x', body: 'y' }, 'anna.meier');
    expect({ status: r.status, code: r.body.code }).toEqual({ status: 400, code: 'INVALID_LANGUAGE_TAG' });
    expect(r.body.message).not.toContain('undefined');
    const unsupported = await api(CH, 'PUT', '/templates/MY_TEMPLATE/sv', { kind: 'INFO', title: 'x', body: 'y' }, 'anna.meier');
    expect({ status: unsupported.status, code: unsupported.body.code }).toEqual({ status: 422, code: 'LANGUAGE_NOT_SUPPORTED' });
    expect(unsupported.body.message).toContain('"sv"');
  });

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After when every pool connection is busy, and 200 once they are free', async () => {
    const DE = net.node('DE').url;
    // Hold a lock the case list needs, so the pool's two connections wait and the rest of the requests time out waiting for one.
    const locker = new Client({ connectionString: net.node('DE').db.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE cases IN ACCESS EXCLUSIVE MODE');
      const headers = await authorization(DE, 'anna.meier');
      const pending = Array.from({ length: 6 }, () => fetch(`${DE}/cases`, { headers }));
      const refused = await Promise.race([Promise.any(pending.map(async (p) => ((await p).status === 503 ? p : Promise.reject(new Error('not 503'))))), new Promise<never>((_, rej) => setTimeout(() => rej(new Error('no 503 within 10 s')), 10_000))]);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await refused.json()).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
      await locker.query('COMMIT');
      const statuses = await Promise.all(pending.map(async (p) => (await p).status));
      expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
      expect((await api(DE, 'GET', '/cases')).status).toBe(200);
    } finally {
      await locker.end();
    }
  });
});
