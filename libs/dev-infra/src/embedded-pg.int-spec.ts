import { existsSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres, freePort, startEmbeddedPostgres } from './embedded-pg';

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('embedded PostgreSQL', () => {
  let root: string;
  const started: EmbeddedPostgres[] = [];
  const start = async (dataDir: string, persistent: boolean): Promise<EmbeddedPostgres> => {
    const pg = await startEmbeddedPostgres({ dataDir, persistent });
    started.push(pg);
    return pg;
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'pb-epg-spec-'));
    // As root the server runs as `postgres`, which must traverse into the data dir.
    chmodSync(root, 0o711);
  });

  afterAll(async () => {
    for (const pg of started) await pg.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('freePort returns a usable port', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(1024);
  });

  it('serves queries, creates and drops databases, and wipes a throwaway cluster on stop', async () => {
    const dir = join(root, 'throwaway');
    const pg = await start(dir, false);
    expect(pg.url).toBe(`postgres://postgres:postgres@127.0.0.1:${pg.port}/postgres`);
    expect(await query(pg.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);

    const url = await pg.createDatabase('copy_me');
    await query(url, 'CREATE TABLE t (x int)');
    const copy = await pg.createDatabase('the_copy', 'copy_me');
    expect(await query(copy, 'SELECT count(*)::int AS n FROM t')).toEqual([{ n: 0 }]);
    await pg.dropDatabase('the_copy');
    await pg.dropDatabase('the_copy'); // idempotent
    await expect(query(copy, 'SELECT 1')).rejects.toThrow(/does not exist/);

    await pg.stop();
    expect(existsSync(dir)).toBe(false);
  });

  it('reuses a persistent cluster, taking over from an orphaned server and a stale postmaster.pid', async () => {
    const dir = join(root, 'persistent');
    const first = await start(dir, true);
    await query(first.url, 'CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)');

    // Same dir while the first server still runs: what a restart after a killed `npm start` sees.
    const second = await start(dir, true);
    expect(await query(second.url, 'SELECT x FROM kept')).toEqual([{ x: 42 }]);
    await expect(query(first.url, 'SELECT 1')).rejects.toThrow();
    await second.stop();
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);

    // Server and runner both died: a postmaster.pid naming a dead pid stays behind.
    writeFileSync(join(dir, 'postmaster.pid'), `999999\n${dir}\n`);
    const third = await start(dir, true);
    expect(await query(third.url, 'SELECT x FROM kept')).toEqual([{ x: 42 }]);
    await third.stop();
  });

  it('refuses a non-empty directory that is not a cluster', async () => {
    const dir = join(root, 'not-a-cluster');
    await start(join(dir, 'sub'), false).then((pg) => pg.stop()); // creates dir/, leaves it empty
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    await expect(startEmbeddedPostgres({ dataDir: dir })).rejects.toThrow(/neither empty nor a PostgreSQL cluster/);
  });
});
