import { DataSource } from 'typeorm';
import { EncryptionKeyDirectory, TopicNames } from '@postbridge/contracts';
import { generateKeyPairSync } from 'node:crypto';
import { parseS10, TrackingEventCode } from '@postbridge/domain';
import { createTestDatabase, TestDatabase } from '../../../../../test/harness/database';
import { buildOperatorNodeDataSourceOptions } from '../../database/operator-node-data-source';
import { NodeContext } from '../../node-context';
import { TypeOrmTrackingEventRepository } from '../../tracking/shared/tracking-event.repository.typeorm';
import { CaseAutoPopulation } from './case-auto-population';

// Auto-population and the tracking rules of openCase, against the node's real timeline table.

const DAY = 24 * 3600 * 1000;
const NOW = new Date('2026-11-23T10:00:00Z');
let db: TestDatabase;
let ds: DataSource;
let repo: TypeOrmTrackingEventRepository;
let auto: CaseAutoPopulation;

async function scan(itemId: string, code: TrackingEventCode, daysAgo: number, office: string, sourceOperator: string) {
  await ds.transaction((tx) => repo.insertNew(tx, [{ itemId, code, instant: NOW.getTime() - daysAgo * DAY, utcOffsetMinutes: 60, office, sourceOperator }]));
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  db = await createTestDatabase('operator_node');
  ds = await new DataSource({ ...buildOperatorNodeDataSourceOptions(db.url), migrationsRun: false }).initialize();
  repo = new TypeOrmTrackingEventRepository(ds);
  auto = new CaseAutoPopulation(new NodeContext('CH', 'Swiss Post', 'CH', 'Europe/Zurich', ['de'], new TopicNames('pbit')), repo);
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

describe('CaseAutoPopulation', () => {
  it('fills destination and summary from the timeline; the agent gives only the inquiry', async () => {
    const item = 'CP473124829CH';
    await scan(item, 'EMA', 20, 'CHZRHA', 'CH');
    await scan(item, 'EMC', 18, 'CHZRHA', 'CH');
    await scan(item, 'EMD', 15, 'USJFKA', 'US');
    await scan(item, 'EME', 14, 'USJFKA', 'US');
    const r = await auto.forNewCase(parseS10(item), 'FULL_INVESTIGATION', undefined, NOW);
    expect(r.destinationOperator).toBe('US');
    expect(r.delivered).toBe(false);
    expect(r.summary).toMatchObject({
      eventCount: 4,
      postedAt: new Date(NOW.getTime() - 20 * DAY).toISOString(),
      exportedAt: expect.any(String),
      arrivedInDestinationAt: expect.any(String),
      customs: { held: true, since: new Date(NOW.getTime() - 14 * DAY).toISOString() },
      originCountry: 'CH',
      destinationCountry: 'US',
      currentStatus: { code: 'EME' },
    });
  });

  it('keeps the destination the agent names and works without any tracking', async () => {
    const r = await auto.forNewCase(parseS10('RB123456785GB'), 'GENERIC', 'JP', NOW);
    expect(r).toEqual({ destinationOperator: 'JP', summary: null, delivered: false, filingWindow: null });
    expect((await failure(auto.forNewCase(parseS10('RB123456785GB'), 'GENERIC', undefined, NOW))).code).toBe('DESTINATION_REQUIRED');
  });

  it('allows proof of delivery only for a delivered item, and marks the case delivered', async () => {
    const item = 'EE473124829CH';
    await scan(item, 'EMA', 10, 'CHZRHA', 'CH');
    await scan(item, 'EMD', 8, 'DEFRAA', 'DE');
    expect((await failure(auto.forNewCase(parseS10(item), 'PROOF_OF_DELIVERY', undefined, NOW))).code).toBe('PROOF_OF_DELIVERY_UNAVAILABLE');
    await scan(item, 'EMI', 6, 'DEBERA', 'DE');
    const r = await auto.forNewCase(parseS10(item), 'PROOF_OF_DELIVERY', undefined, NOW);
    expect(r).toMatchObject({ destinationOperator: 'DE', delivered: true, summary: { delivered: true, deliveredOffice: 'DEBERA' } });
  });

  it('gives the filing window it checked, in the posting\'s calendar', async () => {
    await scan('RC473124829CH', 'EMA', 20, 'CHZRHA', 'CH');
    const r = await auto.forNewCase(parseS10('RC473124829CH'), 'FULL_INVESTIGATION', 'US', NOW);
    expect(r.filingWindow).toMatchObject({ family: 'REGISTERED', postedOn: '2026-11-03', earliest: '2026-11-10', latest: '2027-05-03' });
  });

  it('refuses a destination the network file does not list, or lists with no encryption key valid now', async () => {
    const key = (notAfter: number | null) => ({ id: 'k', key: generateKeyPairSync('x25519').publicKey, notBefore: null, notAfter });
    const partners = new EncryptionKeyDirectory(new Map([['JP', [key(null)]], ['US', [key(NOW.getTime() - 1)]]]));
    const checked = new CaseAutoPopulation(new NodeContext('CH', 'Swiss Post', 'CH', 'Europe/Zurich', ['de'], new TopicNames('pbit')), repo, partners);
    const plan = (destinationOperator: string) => checked.planNewCase({ itemId: 'RB123456785GB', inquiryType: 'GENERIC', destinationOperator }, NOW);
    await expect(plan('JP')).resolves.toMatchObject({ destinationOperator: 'JP' });
    expect(await failure(plan('XX'))).toMatchObject({ code: 'UNKNOWN_OPERATOR', message: 'XX is not a post of this network' });
    expect((await failure(plan('US'))).code).toBe('DESTINATION_KEY_UNAVAILABLE');
  });

  it('plans a new case with the same checks, and refuses one addressed to this post', async () => {
    const plan = await auto.planNewCase({ itemId: 'RB123456785GB', inquiryType: 'GENERIC', destinationOperator: 'JP' }, NOW);
    expect(plan).toMatchObject({ item: { id: 'RB123456785GB', country: 'GB', productFamily: 'REGISTERED' }, destinationOperator: 'JP' });
    expect((await failure(auto.planNewCase({ itemId: 'RB123456785GB', inquiryType: 'GENERIC', destinationOperator: 'CH' }, NOW))).code).toBe('SELF_ADDRESSED');
    expect((await failure(auto.planNewCase({ itemId: 'RB123456785GB', inquiryType: 'GENERIC' }, NOW))).code).toBe('DESTINATION_REQUIRED');
  });

  it('refuses inquiries outside the filing window, saying the window', async () => {
    await scan('RR473124829CH', 'EMA', 2, 'CHZRHA', 'CH');
    const early = await failure(auto.forNewCase(parseS10('RR473124829CH'), 'FULL_INVESTIGATION', 'US', NOW));
    expect(early.code).toBe('INQUIRY_TOO_EARLY');
    expect(early.message).toMatch(/REGISTERED inquiries can be filed from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d/);
    await scan('RA473124829CH', 'EMA', 250, 'CHZRHA', 'CH');
    expect((await failure(auto.forNewCase(parseS10('RA473124829CH'), 'FULL_INVESTIGATION', 'US', NOW))).code).toBe('INQUIRY_TOO_LATE');
  });
});
