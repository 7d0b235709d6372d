import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { EventStreamOptions, openEventStream, StreamSlots } from './event-streams';

const refusal = (message: string) => expect.objectContaining({ status: 429, code: 'TOO_MANY_STREAMS', message });

describe('StreamSlots', () => {
  const slots = () => new StreamSlots('alert streams', new EventStreamOptions(60_000, undefined, 2, 3));

  it('caps streams per caller, naming the kind of stream', () => {
    const s = slots();
    s.admit('anna');
    s.admit('anna');
    expect(() => s.admit('anna')).toThrow(refusal('you already have 2 alert streams open; close one (another tab?)'));
    expect(() => s.admit('bob')).not.toThrow();
  });

  it('caps streams of the whole node', () => {
    const s = new StreamSlots('presence streams', { perCaller: 2, total: 3 });
    s.admit('anna');
    s.admit('bob');
    s.admit('carla');
    expect(() => s.admit('dora')).toThrow(refusal('this node serves as many presence streams as it can; retry shortly'));
  });

  it('gives a slot back once, however often its release is called', () => {
    const s = slots();
    const a1 = s.admit('anna');
    s.admit('anna');
    s.admit('bob');
    a1();
    a1();
    // One slot back, not two: carla gets it, dora does not, and anna is still at one of two.
    expect(() => s.admit('carla')).not.toThrow();
    expect(() => s.admit('dora')).toThrow(refusal('this node serves as many alert streams as it can; retry shortly'));
    const s2 = slots();
    const b1 = s2.admit('anna');
    s2.admit('anna');
    b1();
    b1();
    s2.admit('anna');
    expect(() => s2.admit('anna')).toThrow(refusal('you already have 2 alert streams open; close one (another tab?)'));
  });

  it('counts each kind on its own', () => {
    const options = new EventStreamOptions(60_000, undefined, 1, 1);
    const alerts = new StreamSlots('alert streams', options);
    const presence = new StreamSlots('presence streams', options);
    alerts.admit('anna');
    expect(() => presence.admit('anna')).not.toThrow();
  });
});

class FakeResponse extends EventEmitter {
  status = 0;
  headers: Record<string, string> = {};
  readonly written: string[] = [];
  writableEnded = false;
  destroyed = false;
  socket: { destroyed: boolean } | null = { destroyed: false };
  writeHead(status: number, headers: Record<string, string>): this {
    this.status = status;
    this.headers = headers;
    return this;
  }
  write(chunk: string): boolean {
    this.written.push(chunk);
    return true;
  }
  end(): this {
    this.writableEnded = true;
    this.emit('finish');
    this.emit('close');
    return this;
  }
}

describe('openEventStream', () => {
  afterEach(() => jest.useRealTimers());

  it('sends the event-stream headers and the first frame, heartbeats, and cleans up once it ends', () => {
    jest.useFakeTimers();
    const res = new FakeResponse();
    const release = jest.fn();
    const onClose = jest.fn();
    expect(openEventStream(res as unknown as ServerResponse, { headers: { 'content-language': 'de', 'cache-control': 'max-age=60' }, heartbeatMs: 1_000, release, onClose })).toBe(true);
    expect(res.status).toBe(200);
    expect(res.headers).toEqual({
      'content-language': 'de',
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    expect(res.written).toEqual(['retry: 2000\n: connected\n\n']);
    jest.advanceTimersByTime(2_000);
    expect(res.written.slice(1)).toEqual([expect.stringMatching(/^: heartbeat \S+\n\n$/), expect.stringMatching(/^: heartbeat \S+\n\n$/)]);
    expect(release).not.toHaveBeenCalled();

    res.end();
    expect(onClose).toHaveBeenCalled();
    expect(release).toHaveBeenCalled();
    jest.advanceTimersByTime(5_000);
    expect(res.written).toHaveLength(3);
  });

  it('releases the slot and writes nothing when the client is already gone', () => {
    const res = new FakeResponse();
    res.socket = { destroyed: true };
    const release = jest.fn();
    const onClose = jest.fn();
    expect(openEventStream(res as unknown as ServerResponse, { heartbeatMs: 1_000, release, onClose })).toBe(false);
    expect(release).toHaveBeenCalledTimes(1);
    expect(onClose).not.toHaveBeenCalled();
    expect(res.status).toBe(0);
    expect(res.written).toEqual([]);
  });
});
