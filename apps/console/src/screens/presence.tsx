import { useEffect, useRef, useState } from 'react';
import { api } from '../api/http';
import { useT } from '../i18n/i18n';

export interface Viewer {
  principalId: string;
  displayName: string;
  activity: 'VIEWING' | 'WRITING';
  since: string;
}

const HEARTBEAT_MS = 10_000;

/**
 * Tells the node this agent is on the case (and whether writing), every 10 s while the screen is
 * open, and listens to who else at this post is: the node keeps presence in its database, so
 * every replica's agents see each other.
 */
export function usePresence(caseId: string, activity: 'VIEWING' | 'WRITING'): Viewer[] {
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const activityRef = useRef(activity);
  activityRef.current = activity;

  useEffect(() => {
    const beat = () => api<{ viewers: Viewer[] }>('PUT', `/cases/${caseId}/presence`, { activity: activityRef.current }).then((r) => setViewers(r.viewers), () => undefined);
    const timer = setInterval(beat, HEARTBEAT_MS);
    const source = new EventSource(`/cases/${caseId}/presence/stream`, { withCredentials: true });
    source.addEventListener('presence', (e) => setViewers((JSON.parse((e as MessageEvent<string>).data) as { viewers: Viewer[] }).viewers));
    const leave = () => void api('DELETE', `/cases/${caseId}/presence`).catch(() => undefined);
    window.addEventListener('pagehide', leave);
    return () => {
      clearInterval(timer);
      source.close();
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, [caseId]);

  // A change of activity is news to the others at once, not at the next heartbeat.
  useEffect(() => {
    void api<{ viewers: Viewer[] }>('PUT', `/cases/${caseId}/presence`, { activity }).then((r) => setViewers(r.viewers), () => undefined);
  }, [caseId, activity]);

  return viewers;
}

export function Presence({ viewers }: { viewers: Viewer[] }) {
  const t = useT();
  return (
    <div className="presence" role="status" aria-live="polite" data-testid="presence" data-count={viewers.length}>
      {viewers.map((v) => (
        <span key={v.principalId} className={`presence-chip ${v.activity === 'WRITING' ? 'writing' : ''}`} data-testid="presence-viewer" data-principal={v.principalId} data-activity={v.activity}>
          {t(v.activity === 'WRITING' ? 'presence.writing' : 'presence.viewing', { name: v.displayName })}
        </span>
      ))}
    </div>
  );
}
