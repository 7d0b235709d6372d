import { label } from '@postbridge/catalogue';
import { s10CheckDigit } from '@postbridge/domain';
import { DeadlineWatcher } from '../../apps/broker/src/deadlines/watch-deadlines/deadline.watcher';
import { ManualClock } from '@postbridge/platform';
import { newItemId } from '../support/s10-items';
import { api, eventually, openCaseBody, TestNetwork } from './support/network';
import { SseClient } from './support/sse';

const HOUR = 3_600_000;
// Monday 30 November 2026, 09:00 in New York (EST, UTC-5): the responder's first working minute.
const MONDAY_0900_NY = Date.parse('2026-11-30T14:00:00Z');
const US_DAY = [['09:00', '12:00'], ['13:00', '17:00']];

// A network where a GENERIC inquiry on a registered item must be answered within 4 working hours,
// with one reminder an hour before, one more 2 working hours after the due time, then escalation.
const AGREEMENTS = [
  {
    code: 'PRIME',
    name: 'PRIME',
    productFamilies: ['REGISTERED'],
    inquiryTypes: ['FULL_INVESTIGATION', 'GENERIC'],
    responseTargets: { FULL_INVESTIGATION: { value: 2, unit: 'WORKING_DAYS' }, GENERIC: { value: 4, unit: 'WORKING_HOURS' } },
    reminders: { leadHours: 1, intervalHours: 2, beforeEscalation: 2 },
  },
  {
    code: 'ECOMMERCE',
    name: 'E-commerce',
    productFamilies: ['ECOMMERCE'],
    inquiryTypes: ['FULL_INVESTIGATION'],
    responseTargets: { FULL_INVESTIGATION: { value: 3, unit: 'WORKING_DAYS' } },
    reminders: { leadHours: 4, intervalHours: 8, beforeEscalation: 1 },
  },
];

/**
 * A deadline's whole life under the broker's clock, stepped forward by the test (no sleeping):
 * due soon, overdue, reminded, escalated, then answered late, seen at both nodes, on the
 * responder's alert stream, and in the broker's response-time report.
 */
describe('deadlines: reminders, overdue and escalation across the network', () => {
  let net: TestNetwork;
  const clock = new ManualClock(MONDAY_0900_NY);
  let usAlerts: SseClient;
  let chAlerts: SseClient;

  beforeAll(async () => {
    net = await TestNetwork.start(
      [
        { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de'], networks: ['PRIME', 'ECOMMERCE'] },
        { code: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en'], networks: ['PRIME'], calendar: { weeklyHours: { mon: US_DAY, tue: US_DAY, wed: US_DAY, thu: US_DAY, fri: US_DAY }, holidays: { country: 'US' } } },
      ],
      { agreements: AGREEMENTS, clock, brokerEnv: { DEADLINE_SCAN_INTERVAL_MS: '50' } },
    );
    usAlerts = await SseClient.open(`${net.node('US').url}/alerts/stream`);
    chAlerts = await SseClient.open(`${net.node('CH').url}/alerts/stream`);
  });

  afterAll(async () => {
    await usAlerts?.close();
    await chAlerts?.close();
    await net?.close();
  });

  const caseAt = async (node: string, id: string) => (await api(net.node(node).url, 'GET', `/cases/${id}`)).body;
  const deadlineAt = (node: string, id: string, state: string, what: string) =>
    eventually(async () => {
      const c = await caseAt(node, id);
      return c?.deadline?.state === state ? c : undefined;
    }, 15_000, `${what} at ${node}`);
  /** Hour and minute of an instant on a wall clock, as the locale writes them. */
  const wallClock = (locale: string, timeZone: string, at: string) => new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(at));
  const queueOf = async (node: string, queue: string, id: string) => {
    const res = await api(net.node(node).url, 'GET', `/queues?queue=${queue}`);
    expect(res.status).toBe(200);
    return { listed: res.body.items.some((c: any) => c.id === id), counts: res.body.counts };
  };

  it('goes due soon, overdue, reminded and escalated, and records the late answer', async () => {
    const CH = net.node('CH').url;
    const US = net.node('US').url;
    const opened = await api(CH, 'POST', '/cases', openCaseBody('US', { itemId: newItemId('CH'), inquiryType: 'GENERIC', priority: 'URGENT' }));
    expect(opened.status).toBe(201);
    expect(opened.body.priority).toBe('URGENT');
    const id = opened.body.id;

    // 4 working hours from Monday 09:00 in New York, over the lunch break: 14:00 New York time.
    const due = '2026-11-30T19:00:00.000Z';
    for (const node of ['CH', 'US']) {
      const c = await deadlineAt(node, id, 'RUNNING', 'a running deadline');
      expect(c.deadline).toMatchObject({ network: 'PRIME', round: 1, target: { value: 4, unit: 'WORKING_HOURS' }, dueAt: due, responderTimeZone: 'America/New_York', remindersSent: 0, remindersBeforeEscalation: 2 });
      expect(c.deadline.dueAtResponderLocal).toBe('2026-11-30T14:00:00.000-05:00');
    }
    // Each side reads the deadline in its own local time.
    expect((await caseAt('CH', id)).deadline.dueAtLocal).toBe('2026-11-30T20:00:00.000+01:00');
    expect((await caseAt('US', id)).deadline.dueAtLocal).toBe('2026-11-30T14:00:00.000-05:00');

    const incoming = await usAlerts.waitFor((e) => e.event === 'NEW_INQUIRY' && e.data.caseId === id, 10_000, 'NEW_INQUIRY at US');
    expect(incoming.id).toMatch(/^\d+$/);
    await usAlerts.waitFor((e) => e.event === 'URGENT_INQUIRY' && e.data.caseId === id, 10_000, 'URGENT_INQUIRY at US');
    expect(await queueOf('US', 'NEW', id)).toMatchObject({ listed: true });
    expect(await queueOf('CH', 'AWAITING_PARTNER', id)).toMatchObject({ listed: true });

    // 11:59: not yet. The first reminder is due one working hour before 14:00, i.e. at 12:00 (lunch is not working time).
    clock.set(MONDAY_0900_NY + 3 * HOUR - 60_000);
    expect(await net.broker!.app.get(DeadlineWatcher).tick()).toBe(0);
    clock.set(MONDAY_0900_NY + 3 * HOUR);
    for (const node of ['CH', 'US']) {
      const c = await deadlineAt(node, id, 'DUE_SOON', 'due soon');
      expect(c.deadline.remindersSent).toBe(1);
      expect(c.queue).toBe('DUE_SOON');
    }
    const approachingUs = await usAlerts.waitFor((e) => e.event === 'DEADLINE_APPROACHING' && e.data.caseId === id, 10_000, 'DEADLINE_APPROACHING at US');
    const approachingCh = await chAlerts.waitFor((e) => e.event === 'DEADLINE_APPROACHING' && e.data.caseId === id, 10_000, 'DEADLINE_APPROACHING at CH');
    // Each node's stream in its language, the due time on its clock: 14:00 in New York is 20:00 in Zurich.
    for (const [alert, language, timeZone] of [[approachingUs, 'en', 'America/New_York'], [approachingCh, 'de', 'Europe/Zurich']] as const) {
      expect(alert.data.payload).toMatchObject({ deadlineState: 'DUE_SOON', dueAt: due, priority: 'URGENT' });
      expect(alert.data.display).toMatchObject({
        language, timeZone, type: label('alertType', 'DEADLINE_APPROACHING', language),
        payload: { deadlineState: label('deadlineState', 'DUE_SOON', language), priority: label('casePriority', 'URGENT', language), inquiryType: label('inquiryType', 'GENERIC', language) },
      });
      expect(alert.data.display.payload.dueAt).toContain(wallClock(language, timeZone, due));
      expect(alert.data.display.createdAt).toContain(wallClock(language, timeZone, alert.data.createdAt));
    }

    clock.set(Date.parse(due));
    for (const node of ['CH', 'US']) {
      const c = await deadlineAt(node, id, 'OVERDUE', 'overdue');
      expect(c.queue).toBe('OVERDUE');
      expect(c.deadline.remainingWorkingMinutes).toBeLessThanOrEqual(0);
    }
    await usAlerts.waitFor((e) => e.event === 'OVERDUE' && e.data.caseId === id, 10_000, 'OVERDUE at US');
    expect(await queueOf('US', 'OVERDUE', id)).toMatchObject({ listed: true });

    // Second reminder 2 working hours after the due time: 16:00 New York.
    clock.set(Date.parse('2026-11-30T21:00:00Z'));
    await usAlerts.waitFor((e) => e.event === 'REMINDER' && e.data.caseId === id, 10_000, 'REMINDER at US');
    await eventually(async () => (await caseAt('US', id)).deadline.remindersSent === 2, 10_000, 'two reminders at US');

    // Two reminders unanswered: 2 more working hours (16:00-17:00 Monday, 09:00-10:00 Tuesday) escalate.
    clock.set(Date.parse('2026-12-01T14:59:00Z'));
    expect(await net.broker!.app.get(DeadlineWatcher).tick()).toBe(0);
    clock.set(Date.parse('2026-12-01T15:00:00Z'));
    for (const node of ['CH', 'US']) await deadlineAt(node, id, 'ESCALATED', 'escalated');
    const escalation = await usAlerts.waitFor((e) => e.event === 'ESCALATED' && e.data.caseId === id, 10_000, 'ESCALATED at US');
    expect(escalation.data.audience).toBe('SUPERVISORS');
    expect(escalation.data.display).toMatchObject({ type: label('alertType', 'ESCALATED', 'en'), payload: { deadlineState: label('deadlineState', 'ESCALATED', 'en') } });
    await chAlerts.waitFor((e) => e.event === 'ESCALATED' && e.data.caseId === id, 10_000, 'ESCALATED at CH');

    // Each milestone reached each node once, in order.
    const kinds = (await api(US, 'GET', `/cases/${id}/history`)).body.entries.map((h: any) => h.action).filter((t: string) => t.startsWith('DEADLINE_'));
    expect(kinds).toEqual(['DEADLINE_STARTED', 'DEADLINE_DUE_SOON', 'DEADLINE_OVERDUE', 'DEADLINE_REMINDER', 'DEADLINE_ESCALATED']);

    // The late answer: the round is recorded as missed, with its working-time duration.
    clock.set(Date.parse('2026-12-01T15:30:00Z'));
    const reply = await api(US, 'POST', `/cases/${id}/messages`, { kind: 'REPLY', outcome: 'DELIVERED_WITH_SIGNATURE', body: { text: 'Delivered on 28 Nov, signed by J. Doe.', language: 'en' }, expectedVersion: (await caseAt('US', id)).version });
    expect(reply.status).toBe(201);
    for (const node of ['CH', 'US']) await deadlineAt(node, id, 'MISSED', 'the missed answer');
    const replied = await chAlerts.waitFor((e) => e.event === 'REPLY_RECEIVED' && e.data.caseId === id, 10_000, 'REPLY_RECEIVED at CH');
    expect(replied.data.payload).toMatchObject({ kind: 'REPLY', outcome: 'DELIVERED_WITH_SIGNATURE' });
    expect(replied.data.display.payload).toMatchObject({ kind: label('messageKind', 'REPLY', 'de'), outcome: label('replyOutcome', 'DELIVERED_WITH_SIGNATURE', 'de') });
    const report = await eventually(async () => {
      const r = await api(net.broker!.url, 'GET', '/reports/response-times?responder=US');
      return r.body?.rows?.length ? r.body : undefined;
    }, 10_000, 'the response-time report');
    // 09:00-12:00, 13:00-17:00 Monday and 09:00-10:30 Tuesday: 8.5 working hours.
    expect(report.rows[0]).toMatchObject({ responder: 'US', network: 'PRIME', answered: 1, met: 0, missed: 1 });
    expect(report.rows[0].medianWorkingHours).toBeCloseTo(8.5, 5);

    // Hub staff read the broker in their own language and zone; the codes stay as they are.
    const BROKER = net.broker!.url;
    const missed = await api(BROKER, 'GET', '/deadlines?responder=US&state=MISSED&tz=Asia/Tokyo', undefined, undefined, { 'accept-language': 'ja-JP' });
    expect(missed.headers.get('content-language')).toBe('ja-JP');
    const row = missed.body.items.find((i: any) => i.caseId === id);
    expect(row).toMatchObject({ state: 'MISSED', lastEvent: 'ANSWERED', inquiryType: 'GENERIC' });
    expect(row.display).toMatchObject({
      language: 'ja',
      timeZone: 'Asia/Tokyo',
      state: label('deadlineState', 'MISSED', 'ja'),
      lastEvent: label('deadlineEventKind', 'ANSWERED', 'ja'),
      inquiryType: label('inquiryType', 'GENERIC', 'ja'),
    });
    expect(row.display.closedAt).toContain(wallClock('ja-JP', 'Asia/Tokyo', row.closedAt));
    const indexed = await api(BROKER, 'GET', `/cases/${id}`, undefined, undefined, { 'accept-language': 'de-CH' });
    expect(indexed.body.display).toMatchObject({ language: 'de', timeZone: 'UTC', status: label('caseStatus', indexed.body.status, 'de') });
    expect(indexed.body.display.openedAt).toContain(wallClock('de-CH', 'UTC', indexed.body.openedAt));
  });

  it('refuses a case when origin and destination share no network for the product', async () => {
    const serial = '47312482';
    const ecommerceItem = `HA${serial}${s10CheckDigit(serial)}CH`;
    const opened = await api(net.node('CH').url, 'POST', '/cases', openCaseBody('US', { itemId: ecommerceItem, inquiryType: 'FULL_INVESTIGATION' }));
    expect(opened.status).toBe(201);
    const refused = await eventually(async () => {
      const c = await caseAt('CH', opened.body.id);
      return c.status === 'REFUSED' ? c : undefined;
    }, 15_000, 'the refusal at CH');
    expect(refused.refusal.reason).toBe('NO_SHARED_NETWORK');
    expect(refused.refusal.detail).toContain('ECOMMERCE');
    const refusal = await chAlerts.waitFor((e) => e.event === 'CASE_REFUSED' && e.data.caseId === opened.body.id, 10_000, 'CASE_REFUSED at CH');
    expect(refusal.data.payload.reason).toBe('NO_SHARED_NETWORK');
    expect(refusal.data.display).toMatchObject({ type: label('alertType', 'CASE_REFUSED', 'de'), payload: { reason: label('refusalReason', 'NO_SHARED_NETWORK', 'de') } });
    expect((await api(net.node('US').url, 'GET', `/cases/${opened.body.id}`)).status).toBe(404);
  });
});
