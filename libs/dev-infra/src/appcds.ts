import { existsSync, renameSync, rmSync, statSync } from 'node:fs';

export interface AppCds {
  flags: string[];
  /** ' (AppCDS)', ' (training the AppCDS archive)' or '', for start-up log lines. */
  note: string;
  /** After the JVM exits: a trained archive is kept only when complete and no other process won the race. */
  onExit: () => void;
}

/**
 * Class-data sharing for a JVM we start: maps `archive` when it exists, else (when `train`) has the
 * first clean stop write it. The archive is tied to the exact classpath and JVM, so callers name it
 * after both. `off` gives plain flags.
 */
export function appCds(archive: string, opts: { train: boolean; off?: boolean }): AppCds {
  const none: AppCds = { flags: [], note: '', onExit: () => undefined };
  if (opts.off) return none;
  if (existsSync(archive)) return { flags: [`-XX:SharedArchiveFile=${archive}`, '-Xshare:auto'], note: ' (AppCDS)', onExit: () => undefined };
  if (!opts.train) return none;
  const tmp = `${archive}.tmp-${process.pid}-${Date.now()}`;
  return {
    flags: [`-XX:ArchiveClassesAtExit=${tmp}`],
    note: ' (training the AppCDS archive)',
    onExit: () => {
      try {
        if (existsSync(tmp) && statSync(tmp).size > 0 && !existsSync(archive)) renameSync(tmp, archive);
        else rmSync(tmp, { force: true });
      } catch {
        rmSync(tmp, { force: true });
      }
    },
  };
}
