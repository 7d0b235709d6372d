import type { ServerResponse } from 'node:http';
import { Subject } from 'rxjs';
import { label, Display } from '@postbridge/catalogue';
import { Reader, readerOf } from '../../i18n/reader';
import type { StoredAlert } from '../shared/alert';
import type { AlertListener } from '../shared/alert-listener';
import type { AlertRepository } from '../shared/alert.repository.port';
import { AlertStreamOptions, AlertStreams } from './alert-streams';
import { FakeSseResponse } from '../../../../../test/support/fake-sse-response';

const node = { languages: ['de'], timeZone: 'Europe/Zurich' };
const alert = (id: string): StoredAlert => ({
  id, type: 'URGENT_INQUIRY', caseId: '0b6f3c1e-8a43-4c8e-9d4a-3c2b1a0f9e8d', itemId: 'EE123456785CH', audience: 'AGENTS', assignee: null,
  payload: { priority: 'URGENT' }, createdAt: new Date('2026-11-30T22:30:00Z'),
});
const dataOf = (frame: string) => JSON.parse(frame.split('\n').find((l) => l.startsWith('data: '))!.slice(6));

describe('AlertStreams', () => {
  const live = new Subject<StoredAlert>();
  const streams = new AlertStreams({ alerts$: live } as unknown as AlertListener, {} as AlertRepository, new AlertStreamOptions(60_000));
  const open = async (reader: Reader) => {
    const res = new FakeSseResponse();
    await streams.serve(res as unknown as ServerResponse, null, {}, reader);
    return res;
  };
  afterAll(() => streams.beforeApplicationShutdown());

  it('serialises a live alert once per language, locale and time zone among the clients, and sends each client its own', async () => {
    const serialised = jest.spyOn(Display.prototype, 'renderedFor');
    // Two German readers (their fallback chains differ, their frames do not), one Japanese, one German on Tokyo time.
    const de = await open(readerOf({ node, acceptLanguage: 'de' }));
    const deToo = await open(readerOf({ node, acceptLanguage: 'de, fr;q=0.5', agentId: 'bob' }));
    const ja = await open(readerOf({ node, acceptLanguage: 'ja' }));
    const deTokyo = await open(readerOf({ node, acceptLanguage: 'de', profile: { language: 'de', timeZone: 'Asia/Tokyo' } }));

    live.next(alert('7'));
    live.next(alert('8'));
    expect(serialised).toHaveBeenCalledTimes(2 * 3);
    for (const res of [de, deToo, ja, deTokyo]) expect(res.frames.map((f) => f.slice(0, f.indexOf('\nevent')))).toEqual(['id: 7', 'id: 8']);
    expect(deToo.frames).toEqual(de.frames);
    expect(dataOf(de.frames[0]).display).toMatchObject({ language: 'de', timeZone: 'Europe/Zurich', type: label('alertType', 'URGENT_INQUIRY', 'de'), payload: { priority: label('casePriority', 'URGENT', 'de') } });
    expect(dataOf(ja.frames[0]).display).toMatchObject({ language: 'ja', type: label('alertType', 'URGENT_INQUIRY', 'ja'), payload: { priority: label('casePriority', 'URGENT', 'ja') } });
    expect(dataOf(deTokyo.frames[0]).display).toMatchObject({ language: 'de', timeZone: 'Asia/Tokyo', type: label('alertType', 'URGENT_INQUIRY', 'de') });
    expect(dataOf(deTokyo.frames[0]).display.createdAt).not.toBe(dataOf(de.frames[0]).display.createdAt);
    serialised.mockRestore();
  });
});

describe('AlertStreams.admit', () => {
  const streams = () => new AlertStreams({} as AlertListener, {} as AlertRepository, new AlertStreamOptions(60_000, undefined, 2, 3));
  it('caps streams per caller and per node, and gives slots back once', () => {
    const s = streams();
    const a1 = s.admit('anna');
    s.admit('anna');
    expect(() => s.admit('anna')).toThrow(expect.objectContaining({ status: 429, code: 'TOO_MANY_STREAMS' }));
    s.admit('bob');
    expect(() => s.admit('carla')).toThrow(expect.objectContaining({ status: 429, code: 'TOO_MANY_STREAMS' }));
    a1();
    a1();
    // One slot back, not two: carla gets it, dora does not.
    expect(() => s.admit('carla')).not.toThrow();
    expect(() => s.admit('dora')).toThrow(expect.objectContaining({ code: 'TOO_MANY_STREAMS' }));
  });
});
