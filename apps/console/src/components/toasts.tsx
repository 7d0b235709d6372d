import { createContext, ReactNode, useCallback, useContext, useState } from 'react';

interface Toast {
  id: number;
  text: string;
  href?: string;
}

const ToastContext = createContext<(text: string, href?: string) => void>(() => undefined);
let next = 1;

/** Unobtrusive notices in a polite live region: screen readers hear them, nobody loses focus. */
export function ToastProvider({ children, closeLabel }: { children: ReactNode; closeLabel: string }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const push = useCallback((text: string, href?: string) => {
    const id = next++;
    setToasts((t) => [...t.slice(-3), { id, text, href }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), 8_000);
  }, []);
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
        {toasts.map((t) => (
          <div className="toast" key={t.id}>
            {t.href ? <a href={t.href}>{t.text}</a> : <span>{t.text}</span>}
            <button type="button" className="link" aria-label={closeLabel} onClick={() => setToasts((all) => all.filter((x) => x.id !== t.id))}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
