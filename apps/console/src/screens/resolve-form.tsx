import { useState } from 'react';
import { api, ApiError } from '../api/http';
import type { CaseView } from '../api/types';
import { useCatalogue } from '../i18n/catalogue';
import { useT } from '../i18n/i18n';
import { ErrorNotice } from '../components/error-notice';
import { useToast } from '../components/toasts';
import { CaseChange, changesBetween, ConflictNotice } from './version-conflict';

/** Closes the case with a resolution code (and a note); a stale version shows what changed first. */
export function ResolveForm({ c, onDone, onReload }: { c: CaseView; onDone: () => Promise<unknown>; onReload: () => Promise<CaseView | null> }) {
  const t = useT();
  const toast = useToast();
  const catalogue = useCatalogue();
  const [code, setCode] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState<{ changes: CaseChange[]; version: number } | null>(null);

  const resolve = async (version: number) => {
    setError(null);
    try {
      await api('POST', `/cases/${c.id}/resolve`, { resolutionCode: code, ...(note.trim() ? { note: { text: note } } : {}), expectedVersion: version });
      setConflict(null);
      toast(t('resolve.done'));
      await onDone();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CASE_VERSION_CONFLICT') {
        const fresh = await onReload();
        if (fresh) setConflict({ changes: changesBetween(c, fresh), version: fresh.version });
      } else if (e instanceof ApiError) setError(e);
    }
  };

  return (
    <section aria-labelledby="resolve-title" className="panel">
      <h2 id="resolve-title">{t('resolve.title')}</h2>
      <form onSubmit={(e) => { e.preventDefault(); void resolve(conflict?.version ?? c.version); }} data-testid="resolve-form">
        <label>
          {t('field.resolution')}
          <select value={code} onChange={(e) => setCode(e.target.value)} required data-testid="resolve-code">
            <option value="">{t('resolve.choose')}</option>
            {catalogue.codes('resolutionCode').map((o) => (
              <option key={o.code} value={o.code}>{o.label}</option>
            ))}
          </select>
        </label>
        <label>
          {t('resolve.note')}
          <textarea value={note} maxLength={4000} rows={2} onChange={(e) => setNote(e.target.value)} />
        </label>
        {error && <ErrorNotice error={error} />}
        {conflict && <ConflictNotice changes={conflict.changes} />}
        <button type="submit" data-testid="resolve-submit">{conflict ? t('conflict.sendAgain') : t('resolve.submit')}</button>
      </form>
    </section>
  );
}
