import { readFileSync } from 'node:fs';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Kills the process a pid file names, if its command line (NUL-separated arguments) still shows it
 * is ours: a server whose parent was killed keeps its folder and ports. The check guards against a
 * reused pid. Returns whether one was killed.
 */
export async function killOrphanByPidFile(pidFile: string, isOurs: (args: string[]) => boolean): Promise<boolean> {
  let pid = 0;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    return false;
  }
  const alive = (): boolean => {
    try {
      return isOurs(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
    } catch {
      return false;
    }
  };
  if (!pid || !alive()) return false;
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100 && alive(); i++) await sleep(50);
  return true;
}
