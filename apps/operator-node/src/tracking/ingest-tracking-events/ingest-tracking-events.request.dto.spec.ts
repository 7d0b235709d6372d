import 'reflect-metadata';
import { ApiException, createValidationPipe } from '@postbridge/platform';
import { validateTrackingEvents } from '../shared/validate-tracking-events';
import { IngestTrackingEventsRequest } from './ingest-tracking-events.request.dto';

// The body goes through the app's real validation pipe: shape only, domain checks are per event.
const pipe = createValidationPipe();
const validate = (body: unknown) => pipe.transform(body, { type: 'body', metatype: IngestTrackingEventsRequest });
const event = { itemId: 'RB123456785GB', code: 'EMA', occurredAt: '2026-11-20T08:15:00+01:00', office: 'CHZRHA' };

async function errorOf(body: unknown): Promise<ApiException> {
  try {
    await validate(body);
  } catch (e) {
    return e as ApiException;
  }
  throw new Error('expected a validation error');
}

describe('IngestTrackingEventsRequest', () => {
  it('lets events with domain problems through (they are reported per event), including missing fields and nulls', async () => {
    const body = { events: [event, { ...event, itemId: 'RB123456786GB', code: 'XYZ' }, { code: 'EMA' }, { ...event, location: null }] };
    const r = (await validate(body)) as IngestTrackingEventsRequest;
    expect(r.events).toHaveLength(4);
  });

  it('refuses more than 5000 events as BATCH_TOO_LARGE, and an empty batch as EMPTY_BATCH', async () => {
    const big = await errorOf({ events: Array.from({ length: 5001 }, () => event) });
    expect({ status: big.status, code: big.code }).toEqual({ status: 400, code: 'BATCH_TOO_LARGE' });
    expect((await errorOf({ events: [] })).code).toBe('EMPTY_BATCH');
    await expect(validate({ events: Array.from({ length: 5000 }, () => event) })).resolves.toBeDefined();
  });

  it('refuses a body that is not a list as INVALID_FIELD_TYPE, and passes every element on, whatever it is', async () => {
    expect((await errorOf({})).code).toBe('INVALID_FIELD_TYPE');
    expect((await errorOf({ events: 'EMA' })).code).toBe('INVALID_FIELD_TYPE');
    expect((await errorOf({ events: { 0: event } })).code).toBe('INVALID_FIELD_TYPE');
    expect((await errorOf({ events: [event], weight: 2 })).code).toBe('UNKNOWN_FIELD');
    const mixed = [event, 'EMA', null, [event], { ...event, itemId: 42 }, { ...event, weight: 2 }, { ...event, location: 'Bern\u0000' }];
    const r = (await validate({ events: mixed })) as IngestTrackingEventsRequest;
    expect(r.events).toEqual(mixed);
  });
});

describe('validateTrackingEvents (what the DTO passes on)', () => {
  const now = new Date('2026-11-21T00:00:00Z');

  it('keeps the good event and rejects each bad one with its index and codes, whatever is bad about it', () => {
    const mixed = [event, 'EMA', null, [event], { ...event, itemId: 42 }, { ...event, weight: 2, colour: 'red' }, { ...event, location: 'Bern\u0000' }, { ...event, office: 'CH\u0000ZRH' }];
    const { valid, rejected } = validateTrackingEvents(mixed, now);
    expect(valid.map((v) => v.index)).toEqual([0]);
    const codes = Object.fromEntries(rejected.map((r) => [r.index, r.errors.map((e) => `${e.field}:${e.code}`)]));
    expect(codes).toEqual({
      1: ['event:INVALID_EVENT'],
      2: ['event:INVALID_EVENT'],
      3: ['event:INVALID_EVENT'],
      4: ['itemId:INVALID_ITEM_ID'],
      5: ['weight:UNKNOWN_FIELD', 'colour:UNKNOWN_FIELD'],
      6: ['location:INVALID_LOCATION'],
      7: ['office:INVALID_OFFICE'],
    });
  });
});
