import { useT } from '../i18n/i18n';
import type { CaseView } from '../api/types';

export interface CaseChange {
  what: 'status' | 'assignee' | 'messages' | 'deadline';
  before: string;
  after: string;
}

/** What another agent (or the partner) changed between the version the agent saw and now. */
export function changesBetween(seen: CaseView, now: CaseView): CaseChange[] {
  const out: CaseChange[] = [];
  if (seen.status !== now.status) out.push({ what: 'status', before: seen.display.status, after: now.display.status });
  if (seen.assignee !== now.assignee) out.push({ what: 'assignee', before: seen.assignee ?? '–', after: now.assignee ?? '–' });
  const before = seen.messages?.length ?? 0;
  const after = now.messages?.length ?? 0;
  if (after !== before) out.push({ what: 'messages', before: String(before), after: String(after) });
  if ((seen.deadline?.dueAt ?? null) !== (now.deadline?.dueAt ?? null)) out.push({ what: 'deadline', before: seen.deadline?.dueAt ?? '–', after: now.deadline?.dueAt ?? '–' });
  return out;
}

/** What changed since the agent's version, and that sending again is theirs to decide. */
export function ConflictNotice({ changes }: { changes: CaseChange[] }) {
  const t = useT();
  return (
    <div role="alert" className="notice notice-warn" data-testid="conflict">
      <p>{t('conflict.title')}</p>
      <ul>
        {changes.map((ch) => (
          <li key={ch.what}>{t(`conflict.${ch.what}`, { before: ch.before, after: ch.after })}</li>
        ))}
      </ul>
      <p>{t('conflict.retryHint')}</p>
    </div>
  );
}
