import { useEffect, useRef } from 'react';
import type { Alert } from '../api/types';

type Listener = (a: Alert) => void;
type StatusListener = (live: boolean) => void;

const ALERT_TYPES = ['NEW_INQUIRY', 'URGENT_INQUIRY', 'TRACKING_UPDATED', 'REPLY_RECEIVED', 'DEADLINE_APPROACHING', 'OVERDUE', 'REMINDER', 'ESCALATED', 'CASE_REFUSED', 'INBOUND_QUOTA_EXCEEDED'];

/**
 * One EventSource per tab on the node's alert stream (GET /alerts/stream, by session cookie).
 * The browser reconnects by itself and sends Last-Event-ID, so nothing committed is missed.
 */
class AlertStream {
  private source: EventSource | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly statusListeners = new Set<StatusListener>();
  private language = '';

  start(language: string): void {
    if (this.source && this.language === language) return;
    this.stop();
    this.language = language;
    const source = new EventSource('/alerts/stream', { withCredentials: true });
    for (const type of ALERT_TYPES) {
      source.addEventListener(type, (e) => {
        const alert = JSON.parse((e as MessageEvent<string>).data) as Alert;
        for (const l of this.listeners) l(alert);
      });
    }
    source.onopen = () => this.statusListeners.forEach((l) => l(true));
    source.onerror = () => this.statusListeners.forEach((l) => l(false));
    this.source = source;
  }

  stop(): void {
    this.source?.close();
    this.source = null;
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  onStatus(l: StatusListener): () => void {
    this.statusListeners.add(l);
    return () => this.statusListeners.delete(l);
  }
}

export const alertStream = new AlertStream();

/** Calls back on every alert while the component is mounted (latest callback, one subscription). */
export function useAlerts(onAlert: Listener): void {
  const ref = useRef(onAlert);
  ref.current = onAlert;
  useEffect(() => alertStream.subscribe((a) => ref.current(a)), []);
}
