import { ApiError } from '../api/http';
import { useT } from '../i18n/i18n';

/**
 * A refusal in the agent's language: the node's code picks the label (error.<CODE>); an unknown
 * code falls back to a generic sentence with the code, never a stack trace.
 */
export function ErrorNotice({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const t = useT();
  return (
    <div role="alert" className="notice notice-error" data-testid="error" data-code={error.code}>
      <p>{errorText(t, error)}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('action.retry')}
        </button>
      )}
    </div>
  );
}

export function errorText(t: (id: string, v?: Record<string, string | number>) => string, e: ApiError): string {
  const id = `error.${e.code}`;
  const text = t(id, { code: e.code, ...(stringValues(e.details)) });
  return text === id ? t('error.unknown', { code: e.code }) : text;
}

const stringValues = (d: Record<string, unknown>): Record<string, string | number> =>
  Object.fromEntries(Object.entries(d).filter(([, v]) => typeof v === 'string' || typeof v === 'number')) as Record<string, string | number>;
