// Component tests run in jsdom, which lacks what the console takes from the browser: an
// EventSource the test drives, and crypto.randomUUID.
import { randomUUID } from 'node:crypto';
import { cleanup } from '@testing-library/react';

type Listener = (e: MessageEvent<string>) => void;

/** A stand-in for the alert and presence streams: tests push events with FakeEventSource.emit. */
export class FakeEventSource {
  static readonly all: FakeEventSource[] = [];
  readonly listeners = new Map<string, Set<Listener>>();
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  addEventListener(type: string, l: Listener): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(l);
  }
  close(): void {
    this.closed = true;
  }
  static emit(urlPart: string, type: string, data: unknown): void {
    for (const s of FakeEventSource.all) if (!s.closed && s.url.includes(urlPart)) s.listeners.get(type)?.forEach((l) => l(new MessageEvent(type, { data: JSON.stringify(data) })));
  }
}

Object.assign(globalThis, { EventSource: FakeEventSource });
if (!globalThis.crypto.randomUUID) Object.assign(globalThis.crypto, { randomUUID });

afterEach(() => {
  cleanup();
  FakeEventSource.all.length = 0;
});
