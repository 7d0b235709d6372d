import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { UnitOfWork } from '@postbridge/messaging';
import type { BrokerConfig } from '../../config/broker.config';
import { DeadlineMetrics } from '../shared/deadline.metrics';
import type { DeadlineRepository } from '../shared/deadline.repository.port';
import type { DeadlineService } from '../shared/deadline.service';
import { DeadlineWatcher } from './deadline.watcher';

// The watcher's timer loop with fake timers: when it runs, how it backs off, when it stops.
// (What a run does is covered against a real database in deadline-lifecycle.int-spec.ts.)

type Run = () => Promise<{ rows: number; fired: number }>;

function setUp(runs: Run[], config = { DEADLINE_SCAN_INTERVAL_MS: 1000, DEADLINE_SCAN_BATCH: 10 }) {
  const calls: number[] = [];
  const uow = {
    run: jest.fn(async () => {
      calls.push(Date.now());
      const next = runs.shift() ?? (async () => ({ rows: 0, fired: 0 }));
      return next();
    }),
  } as unknown as UnitOfWork;
  const metrics = new DeadlineMetrics(new Registry());
  const repo = { oldestDueCheck: async () => null } as unknown as DeadlineRepository;
  const service = { now: () => Date.now() } as unknown as DeadlineService;
  const watcher = new DeadlineWatcher(uow, service, repo, metrics, config as BrokerConfig);
  return { watcher, calls, metrics, uow };
}

beforeAll(() => Logger.overrideLogger(false));
beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

it('runs every DEADLINE_SCAN_INTERVAL_MS once started, and not after shutdown', async () => {
  const { watcher, calls } = setUp([]);
  await jest.advanceTimersByTimeAsync(5000);
  expect(calls).toEqual([]);
  watcher.onApplicationBootstrap();
  await jest.advanceTimersByTimeAsync(3500);
  expect(calls).toEqual([5000 + 1000, 5000 + 2000, 5000 + 3000]);
  await watcher.beforeApplicationShutdown();
  await jest.advanceTimersByTimeAsync(10_000);
  expect(calls).toHaveLength(3);
});

it('runs again at once after a full batch (a backlog is not worked off one interval at a time)', async () => {
  const full = async () => ({ rows: 10, fired: 12 });
  const { watcher, calls } = setUp([full, full, async () => ({ rows: 3, fired: 3 })]);
  watcher.onApplicationBootstrap();
  await jest.advanceTimersByTimeAsync(2001);
  // (A zero delay is a millisecond for timers.)
  expect(calls).toEqual([1000, 1001, 1002]);
  await jest.advanceTimersByTimeAsync(1);
  expect(calls).toEqual([1000, 1001, 1002, 2002]);
  await watcher.beforeApplicationShutdown();
});

it('logs a failed run, counts it and retries with backoff until it works again', async () => {
  const down = async (): Promise<never> => {
    throw new Error('connection refused');
  };
  const { watcher, calls, metrics } = setUp([down, down, async () => ({ rows: 0, fired: 0 })]);
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  watcher.onApplicationBootstrap();
  await jest.advanceTimersByTimeAsync(1000 + 2000 + 4000);
  // First failure after 1 s, retried 2 s later, then 4 s later (it works), then back to 1 s.
  expect(calls).toEqual([1000, 3000, 7000]);
  await jest.advanceTimersByTimeAsync(1000);
  expect(calls).toEqual([1000, 3000, 7000, 8000]);
  expect((await metrics.tickFailures.get()).values[0].value).toBe(2);
  expect(warn).toHaveBeenCalledWith(expect.stringMatching(/deadline watcher: connection refused \(failure 1, retrying in 2000 ms\)/));
  await watcher.beforeApplicationShutdown();
  warn.mockRestore();
});

it('tick() runs one batch now and reports the milestones sent; its failure is the caller’s', async () => {
  const { watcher } = setUp([async () => ({ rows: 2, fired: 5 }), async () => Promise.reject(new Error('boom'))]);
  await expect(watcher.tick()).resolves.toBe(5);
  await expect(watcher.tick()).rejects.toThrow('boom');
});

it('waits for a run in flight before shutting down', async () => {
  let finish: () => void = () => undefined;
  const slow = () => new Promise<{ rows: number; fired: number }>((r) => (finish = () => r({ rows: 0, fired: 0 })));
  const { watcher, calls } = setUp([slow]);
  watcher.onApplicationBootstrap();
  await jest.advanceTimersByTimeAsync(1000);
  expect(calls).toHaveLength(1);
  let stopped = false;
  const stopping = watcher.beforeApplicationShutdown().then(() => (stopped = true));
  await jest.advanceTimersByTimeAsync(0);
  expect(stopped).toBe(false);
  finish();
  await stopping;
  await jest.advanceTimersByTimeAsync(5000);
  expect(calls).toHaveLength(1);
});
