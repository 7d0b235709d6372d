/**
 * The small chaos run of `npm test` (`npm run chaos` is the full one: 10,000 cases, 100,000
 * events): 500 cases and 5,000 tracking events across CH, DE, US and JP while every app process
 * is killed (kill -9) three times, Kafka brokers twice and PostgreSQL restarts once; nothing may be
 * lost, applied twice or left diverged. It runs the built apps as processes (scripts/chaos.ts).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt, repoRoot } from '../harness/built-dist';

describe('chaos: cases and tracking under kill -9, broker crashes and a database restart', () => {
  let child: ChildProcess | undefined;
  beforeAll(() => ensureBuilt(), 180_000);
  // A run cut short (a timeout) must not leave its apps, brokers and database behind.
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child!.once('close', r));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 20_000))]);
    }
  }, 30_000);

  it('loses nothing, duplicates no effect, and both ends converge', async () => {
    child = spawn(process.execPath, [join(repoRoot, 'dist', 'scripts', 'chaos.js'), '--cases', '500', '--events-per-case', '10', '--app-kills', '3', '--broker-kills', '2', '--pg-restarts', '1', '--converge-minutes', '4', '--json'], {
      cwd: repoRoot,
      env: { ...process.env, PB_KAFKA_APPCDS: process.env.PB_KAFKA_APPCDS ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    const code = await new Promise<number | null>((r) => child!.once('close', r));
    let report: Record<string, any>;
    try {
      report = JSON.parse(out.trim().split('\n').pop() ?? '');
    } catch {
      throw new Error(`chaos run ended with ${code} and no report:\n${err.split('\n').slice(-60).join('\n')}`);
    }
    const context = `\n${JSON.stringify(report, null, 2)}\n${err.split('\n').slice(-30).join('\n')}`;
    expect({ report: { casesAccepted: report.casesAccepted, eventsAccepted: report.eventsAccepted, lost: report.lost, duplicateEffects: report.duplicateEffects, notConverged: report.notConverged, eventsMissing: report.eventsMissing, eventsExtra: report.eventsExtra, brokerIndexed: report.brokerIndexed }, context: '' }).toEqual({
      report: { casesAccepted: 500, eventsAccepted: 5000, lost: 0, duplicateEffects: 0, notConverged: 0, eventsMissing: 0, eventsExtra: 0, brokerIndexed: 500 },
      context: code === 0 ? '' : context,
    });
    // The faults happened, during the load.
    expect(report.appKills).toEqual({ broker: 3, CH: 3, DE: 3, US: 3, JP: 3 });
    expect(report.faults.filter((f: string) => f.startsWith('kill -9 Kafka'))).toHaveLength(2);
    expect(report.faults.filter((f: string) => f.startsWith('PostgreSQL restart'))).toHaveLength(1);
    expect(report.faultsDuringLoad).toBeGreaterThanOrEqual(15);
  }, 600_000);
});
