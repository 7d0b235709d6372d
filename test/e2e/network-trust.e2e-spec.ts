import { randomUUID } from 'node:crypto';
import { Kafka, KafkaMessage } from 'kafkajs';
import { buildTrackingBatch, create, decodeTrackingBatch, Headers, peekSigned, timestampFromDate, TrackingEventSchema } from '@postbridge/contracts';
import { s10CheckDigit } from '@postbridge/domain';
import { testKafkaConfig } from '../harness/kafka';
import { api, eventually, TestNetwork, TRACKING } from './support/network';
import { readTopic } from './support/topics';

// The security review's tracking attacks, over the whole network (Kafka, broker, nodes): a post
// may speak only for itself. JP is a member of the network but no party to CH's items to the US.
describe('a post can speak only for itself: tracking authority over the real network', () => {
  let net: TestNetwork;
  const HOUR = 3_600_000;
  let serial = 61_000_000 + Math.floor(Math.random() * 30_000_000);
  const newItem = () => {
    const s = String(serial++);
    return `RR${s}${s10CheckDigit(s)}CH`;
  };
  const iso = (hoursAgo: number, offset: string) => {
    const sign = offset.startsWith('-') ? -1 : 1;
    const [h, m] = offset.slice(1).split(':').map(Number);
    const local = new Date(Date.now() - hoursAgo * HOUR + sign * (h * 60 + m) * 60_000);
    return `${local.toISOString().slice(0, 19)}${offset}`;
  };
  const event = (itemId: string, code: string, office: string, hoursAgo: number, extra: Record<string, unknown> = {}) =>
    create(TrackingEventSchema, { itemId, code, office, occurredAt: timestampFromDate(new Date(Date.now() - hoursAgo * HOUR)), utcOffsetMinutes: 0, ...extra });

  /** What a post's tracking.out carries when the post itself writes it: its own key, its own topic. */
  async function writeAs(sender: string, events: ReturnType<typeof event>[]): Promise<void> {
    const batch = buildTrackingBatch({ sender, events });
    await (await net.rawProducer()).send({ topic: net.topics.trackingOut(sender), messages: [{ key: batch.batchId, value: net.signed({ batch }) }] });
  }

  /** Everything on a topic up to its end offsets now (the broker has routed by now: what is not there was not sent). */
  async function readAll(topic: string): Promise<KafkaMessage[]> {
    const admin = new Kafka(testKafkaConfig('e2e-trust')).admin();
    await admin.connect();
    const total = await admin.fetchTopicOffsets(topic).then((o) => o.reduce((n, p) => n + Number(p.high) - Number(p.low), 0)).finally(() => admin.disconnect());
    return total === 0 ? [] : readTopic(topic, (msgs) => msgs.length >= total);
  }

  /** Refused scans on the broker's dead-letter topic, as `reason code/office` per item. */
  async function refusedAtBroker(itemId: string, expected: number): Promise<string[]> {
    const of = (msgs: KafkaMessage[]) =>
      msgs.flatMap((m) => decodeTrackingBatchSafe(m).filter((e) => e.itemId === itemId).map((e) => `${m.headers?.[Headers.dlqReason]?.toString()} ${e.code}/${e.office}`));
    return of(await readTopic(net.topics.brokerDlq(), (msgs) => of(msgs).length >= expected)).sort();
  }
  const decodeTrackingBatchSafe = (m: KafkaMessage) => {
    try {
      return decodeTrackingBatch(peekSigned(m.value).payload).events;
    } catch {
      return [];
    }
  };
  const timeline = async (node: string, itemId: string) => (await api(net.node(node).url, 'GET', `/items/${itemId}/timeline`)).body;
  const scans = async (node: string, itemId: string) => ((await timeline(node, itemId)).events ?? []).map((e: any) => `${e.code}/${e.office}/${e.sourceOperator}`);

  beforeAll(async () => {
    net = await TestNetwork.start([
      { code: 'CH', country: 'CH', timeZone: 'Europe/Zurich', languages: ['de'] },
      { code: 'US', country: 'US', timeZone: 'America/New_York', languages: ['en'] },
      { code: 'JP', country: 'JP', timeZone: 'Asia/Tokyo', languages: ['ja'] },
    ]);
  });

  afterAll(async () => {
    await net?.close();
  });

  it('a non-party\'s customs scan neither pauses the pair\'s clock nor reaches either post; a forged source_operator is stamped with the real sender', async () => {
    const item = newItem();
    const CH = net.node('CH').url;
    const US = net.node('US').url;
    // CH posts and despatches the item to the US; CH opens a case about it towards the US.
    const posted = await api(CH, 'POST', '/tracking/events', { events: [
      { itemId: item, code: 'EMA', occurredAt: iso(20 * 24, '+01:00'), office: 'CHZRHA' },
      { itemId: item, code: 'EMC', occurredAt: iso(19 * 24, '+01:00'), office: 'CHZRHA', destinationCountry: 'US' },
    ] }, TRACKING);
    expect(posted.body.accepted).toBe(2);
    const opened = await api(CH, 'POST', '/cases', { itemId: item, destinationOperator: 'US', inquiryType: 'FULL_INVESTIGATION', reasons: ['NOT_ARRIVED'], customer: { name: 'Jane' }, description: { text: 'Wo ist es?', language: 'de' } });
    expect(opened.body).toMatchObject({ destinationOperator: 'US' });
    const id = opened.body.id;
    await eventually(async () => ((await api(US, 'GET', `/cases/${id}`)).body.deadline?.state === 'RUNNING' ? true : undefined), 15_000, 'the running clock at US');

    // JP: an EME at a US office (an office it does not own), one at its own office (the US is the destination),
    // and a "delivered" EMI claiming to be US's.
    await writeAs('JP', [event(item, 'EME', 'USJFKA', 2), event(item, 'EME', 'JPNRTA', 2), event(item, 'EMI', 'JPNRTA', 1, { sourceOperator: 'US' })]);
    // US, a party, claims its scan is CH's (written straight to its topic: its node would stamp it).
    await writeAs('US', [event(item, 'EMD', 'USJFKA', 3, { sourceOperator: 'CH' })]);

    await eventually(async () => ((await scans('CH', item)).length === 3 ? true : undefined), 15_000, 'US\'s scan at CH');
    expect(await scans('CH', item)).toEqual(['EMA/CHZRHA/CH', 'EMC/CHZRHA/CH', 'EMD/USJFKA/US']);
    expect(await refusedAtBroker(item, 3)).toEqual(['TRACKING_OFFICE_NOT_OWNED EME/USJFKA', 'TRACKING_ROUTE_CONFLICT EME/JPNRTA', 'TRACKING_ROUTE_CONFLICT EMI/JPNRTA']);
    // Nothing of JP's reached either post; the clock runs, nobody is told it is held or delivered.
    for (const node of ['CH', 'US']) {
      const c = (await api(net.node(node).url, 'GET', `/cases/${id}`)).body;
      expect(c.deadline.state).toBe('RUNNING');
      expect(c.deliveredConsiderResolving).toBe(false);
      expect(c.trackingSummary ?? { customs: { held: false } }).toMatchObject({ customs: { held: false } });
    }
    expect((await scans('US', item)).filter((s: string) => s.endsWith('/JP'))).toEqual([]);
  });

  it('no route takeover: a post scanning first as the destination gets nothing, and the real destination gets the origin\'s scans', async () => {
    const item = newItem();
    // JP scans first, as if it were the destination, before anyone said where the item goes.
    await writeAs('JP', [event(item, 'EMD', 'JPNRTA', 30)]);
    // CH, the origin, despatches the item to the US; then the US scans it in (each through its node).
    await api(net.node('CH').url, 'POST', '/tracking/events', { events: [{ itemId: item, code: 'EMC', occurredAt: iso(40, '+01:00'), office: 'CHZRHA', destinationCountry: 'US' }] }, TRACKING);
    await api(net.node('US').url, 'POST', '/tracking/events', { events: [{ itemId: item, code: 'EMD', occurredAt: iso(20, '-05:00'), office: 'USJFKA' }] }, TRACKING);

    await eventually(async () => ((await scans('CH', item)).length === 2 ? true : undefined), 15_000, 'US\'s scan at CH');
    expect(await scans('CH', item)).toEqual(['EMC/CHZRHA/CH', 'EMD/USJFKA/US']);
    await eventually(async () => ((await scans('US', item)).length === 2 ? true : undefined), 15_000, 'CH\'s despatch at US');
    expect(await scans('US', item)).toEqual(['EMC/CHZRHA/CH', 'EMD/USJFKA/US']);
    expect(await refusedAtBroker(item, 1)).toEqual(['TRACKING_ROUTE_CONFLICT EMD/JPNRTA']);
    // JP received nothing about the item: not CH's despatch, not the US's scan.
    const toJp = await readAll(net.topics.trackingIn('JP'));
    expect(toJp.flatMap((m) => decodeTrackingBatchSafe(m)).filter((e) => e.itemId === item)).toEqual([]);
    expect(await scans('JP', item)).toEqual([]);
  });
});
