import { useEffect, useRef } from 'react';

/** The console's keyboard shortcuts, listed by `?` (labels in the catalogue: shortcut.<key>). */
export const SHORTCUTS = [
  { key: 'n', label: 'shortcut.next' },
  { key: 'r', label: 'shortcut.reply' },
  { key: 'a', label: 'shortcut.assignToMe' },
  { key: 'o', label: 'shortcut.openCase' },
  { key: 'q', label: 'shortcut.queues' },
  { key: '?', label: 'shortcut.help' },
] as const;
export type ShortcutKey = (typeof SHORTCUTS)[number]['key'];

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** Runs the handler on the key, unless the agent is typing or holds a modifier. */
export function useShortcut(key: ShortcutKey, handler: () => void, enabled = true): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const on = (e: KeyboardEvent) => {
      if (e.key !== key || e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || e.defaultPrevented) return;
      e.preventDefault();
      ref.current();
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, [key, enabled]);
}

// The order of the last queue the agent looked at: `n` walks it from any case.
let lastQueue: string[] = [];
export const rememberQueue = (ids: string[]): void => {
  lastQueue = ids;
};
export const nextInQueue = (current: string | null): string | undefined => {
  if (!current) return lastQueue[0];
  const i = lastQueue.indexOf(current);
  return i >= 0 ? lastQueue[i + 1] : lastQueue[0];
};
