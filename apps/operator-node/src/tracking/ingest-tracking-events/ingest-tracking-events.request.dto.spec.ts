import 'reflect-metadata';
import { ApiException, createValidationPipe } from '@postbridge/platform';
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

  it('refuses a body that is not a list of objects with string fields, naming the event', async () => {
    expect((await errorOf({})).code).toBe('INVALID_FIELD_TYPE');
    expect((await errorOf({ events: 'EMA' })).code).toBe('INVALID_FIELD_TYPE');
    const notObject = await errorOf({ events: [event, 'EMA', null] });
    expect(notObject.code).toBe('INVALID_FIELD_TYPE');
    const wrongType = await errorOf({ events: [event, { ...event, itemId: 42 }] });
    expect(wrongType.fieldErrors).toEqual([expect.objectContaining({ field: 'events.1.itemId', code: 'INVALID_FIELD_TYPE' })]);
    const unknown = await errorOf({ events: [{ ...event, weight: 2 }] });
    expect(unknown.fieldErrors).toEqual([expect.objectContaining({ field: 'events.0.weight', code: 'UNKNOWN_FIELD' })]);
  });
});
