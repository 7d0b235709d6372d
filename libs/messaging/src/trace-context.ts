import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

// W3C trace context, carried in the Kafka header `traceparent` and the HTTP header of the same name.
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const storage = new AsyncLocalStorage<{ traceparent: string }>();

export function parseTraceparent(value: string | undefined | null): { traceId: string; spanId: string; flags: string } | null {
  const m = value ? TRACEPARENT.exec(value.trim().toLowerCase()) : null;
  if (!m || /^0+$/.test(m[1]) || /^0+$/.test(m[2])) return null;
  return { traceId: m[1], spanId: m[2], flags: m[3] };
}

export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

/** Same trace, new span: what a service sends on behalf of the work it is doing. */
export function childTraceparent(parent: string | undefined | null): string {
  const p = parseTraceparent(parent);
  return p ? `00-${p.traceId}-${randomBytes(8).toString('hex')}-${p.flags}` : newTraceparent();
}

export const TraceContext = {
  run<T>(traceparent: string | undefined | null, fn: () => T): T {
    return storage.run({ traceparent: parseTraceparent(traceparent) ? traceparent!.toLowerCase() : newTraceparent() }, fn);
  },
  current(): string | undefined {
    return storage.getStore()?.traceparent;
  },
  traceId(): string | undefined {
    return parseTraceparent(storage.getStore()?.traceparent)?.traceId;
  },
};
