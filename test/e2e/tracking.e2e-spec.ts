import { label } from '@postbridge/catalogue';
import { api, eventually, TestNetwork, TRACKING } from './support/network';

// Tracking across posts: both posts scan the item, the broker routes each side's events to the
// other, the origin's new case fills itself from the timeline, and a live delivery scan flags the
// open case at both ends.
describe('tracking events flow between posts and fill the case', () => {
  let net: TestNetwork;
  const ITEM = 'RR473124829CH';
  const DAY = 24 * 3600 * 1000;
  const at = (daysAgo: number, offset = '+01:00') => {
    const local = new Date(Date.now() - daysAgo * DAY + (offset === '+01:00' ? 3600_000 : -5 * 3600_000));
    return local.toISOString().replace('Z', offset).replace(/\.\d{3}/, '');
  };

  beforeAll(async () => {
    net = await TestNetwork.start([
      { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de'] },
      { code: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en'] },
    ]);
  });

  afterAll(async () => {
    await net?.close();
  });

  const timeline = async (node: string) => (await api(net.node(node).url, 'GET', `/items/${ITEM}/timeline`)).body;
  /** Hour and minute of an instant on a wall clock, as the locale writes them. */
  const clock = (locale: string, timeZone: string, at: string) => new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(at));
  // Each node's agents read in its language and zone (no profile, no Accept-Language).
  const READER: Record<string, { language: 'de' | 'en'; timeZone: string }> = { CH: { language: 'de', timeZone: 'Europe/Zurich' }, US: { language: 'en', timeZone: 'America/New_York' } };

  it('routes each post’s scans to the other, opens an auto-populated case, and flags it live on delivery', async () => {
    const CH = net.node('CH').url;
    const US = net.node('US').url;

    const origin = await api(CH, 'POST', '/tracking/events', {
      events: [
        { itemId: ITEM, code: 'EMA', occurredAt: at(12), office: 'CHZRHA', location: 'Zürich' },
        // The origin's export scan names the destination: the broker routes US's scans by it.
        { itemId: ITEM, code: 'EMC', occurredAt: at(11), office: 'CHZRHA', destinationCountry: 'US' },
        { itemId: 'RR473124828CH', code: 'EMA', occurredAt: at(11), office: 'CHZRHA' },
        { itemId: ITEM, code: 'XYZ', occurredAt: at(11), office: 'CHZRHA' },
      ],
    }, TRACKING);
    expect(origin.status).toBe(200);
    expect(origin.body.accepted).toBe(2);
    expect(origin.body.rejected.map((r: any) => [r.index, r.errors[0].code])).toEqual([
      [2, 'INVALID_ITEM_ID'],
      [3, 'UNKNOWN_EVENT_CODE'],
    ]);

    const destination = await api(US, 'POST', '/tracking/events', {
      events: [
        { itemId: ITEM, code: 'EMD', occurredAt: at(9, '-05:00'), office: 'USJFKA' },
        { itemId: ITEM, code: 'EME', occurredAt: at(8, '-05:00'), office: 'USJFKA' },
      ],
    }, TRACKING);
    expect(destination.body.accepted).toBe(2);

    // Each node ends with the whole cross-border timeline, whatever the arrival order.
    for (const node of ['CH', 'US']) {
      const t = await eventually(async () => {
        const b = await timeline(node);
        return b.events.length === 4 ? b : undefined;
      }, 15_000, `4 events at ${node}`);
      expect(t.events.map((e: any) => `${e.code}/${e.leg}/${e.sourceOperator}`)).toEqual(['EMA/ORIGIN/CH', 'EMC/ORIGIN/CH', 'EMD/DESTINATION/US', 'EME/DESTINATION/US']);
      expect(t.summary).toMatchObject({ customs: { held: true }, originCountry: 'CH', destinationCountry: 'US', deliveredAt: null });
      const { language, timeZone } = READER[node];
      for (const e of t.events) {
        expect(e.display).toMatchObject({ code: label('trackingEvent', e.code, language), leg: label('trackingLeg', e.leg, language), nonDeliveryReason: null, nonDeliveryAction: null });
        expect(e.display.occurredAt).toContain(clock(language, timeZone, e.occurredAtUtc));
        // The office's own clock: the local time and offset the post reported.
        expect(e.display.occurredAtLocal).toContain(clock(language, 'UTC', `${e.occurredAt.slice(0, 19)}Z`));
        expect(e.display.occurredAtLocal).toContain(`UTC${e.occurredAt.slice(-6)}`);
      }
      expect(t.display).toMatchObject({ language, timeZone, currentStatus: label('trackingEvent', 'EME', language), deliveredAt: null });
      expect(t.display.customsHeldSince).toContain(clock(language, timeZone, t.summary.customs.since));
      expect(t.display.postedAt).toContain(clock(language, timeZone, t.summary.postedAt));
    }

    const pod = await api(CH, 'POST', '/cases', { itemId: ITEM, inquiryType: 'PROOF_OF_DELIVERY', reasons: ['PROOF_OF_DELIVERY_REQUESTED'], customer: { name: 'Jane' }, description: { text: 'Beweis bitte', language: 'de' } });
    expect(pod.status).toBe(422);
    expect(pod.body.code).toBe('PROOF_OF_DELIVERY_UNAVAILABLE');

    // The agent gives only what the customer says; destination and tracking come from the timeline.
    const opened = await api(CH, 'POST', '/cases', { itemId: ITEM, inquiryType: 'FULL_INVESTIGATION', reasons: ['NOT_ARRIVED'], customer: { name: 'Jane' }, description: { text: 'Wo ist mein Paket?', language: 'de' } });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ destinationOperator: 'US', productFamily: 'REGISTERED', deliveredConsiderResolving: false });
    expect(opened.body.trackingSummary).toMatchObject({ eventCount: 4, customs: { held: true }, currentStatus: { code: 'EME' }, delivered: false });
    const id = opened.body.id;
    await eventually(async () => (await api(US, 'GET', `/cases/${id}`)).status === 200, 10_000, 'the case at US');

    // A live delivery scan at the destination flags the open case at both ends.
    expect((await api(US, 'POST', '/tracking/events', { events: [{ itemId: ITEM, code: 'EMI', occurredAt: at(0.1, '-05:00'), office: 'USNYCA' }] }, TRACKING)).body.accepted).toBe(1);
    for (const node of ['US', 'CH']) {
      const c = await eventually(async () => {
        const b = (await api(net.node(node).url, 'GET', `/cases/${id}`)).body;
        return b.deliveredConsiderResolving ? b : undefined;
      }, 15_000, `the delivered flag at ${node}`);
      expect(c.trackingUpdatedAt).toEqual(expect.any(String));
      expect(c.trackingSummary).toMatchObject({ delivered: true, deliveredOffice: 'USNYCA' });
      const history = (await api(net.node(node).url, 'GET', `/cases/${id}/history`)).body.entries.map((e: any) => e.action);
      expect(history).toContain('TRACKING_UPDATED');
    }
  });
});
