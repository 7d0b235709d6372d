/**
 * Per-test-file databases copied from templates built once per run
 * (migrate once, CREATE DATABASE ... TEMPLATE per file).
 * Works in jest workers and in global-setup; the server comes from
 * PB_TEST_DATABASE_SERVER_URL unless passed explicitly.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const TEMPLATE_DB_PREFIX = 'pbtpl_';
export const TEST_DB_PREFIX = 'pbt_';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export function databaseServerUrl(): string {
  const url = process.env.PB_TEST_DATABASE_SERVER_URL;
  if (!url) {
    throw new Error('PB_TEST_DATABASE_SERVER_URL is not set: run through the jest integration/e2e projects (test/harness/global-setup.ts)');
  }
  return url;
}

/** The server URL with its database replaced by `name`. */
export function databaseUrl(name: string, serverUrl = databaseServerUrl()): string {
  const u = new URL(serverUrl);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

export function templateDatabaseName(template: string): string {
  return `${TEMPLATE_DB_PREFIX}${template}`;
}

function checkName(name: string): void {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`test database: invalid template name '${name}' (use [a-z0-9_])`);
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function withAdmin<T>(serverUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function dropDatabase(c: Client, name: string): Promise<void> {
  const { rows } = await c.query<{ t: boolean }>(`SELECT datistemplate AS t FROM pg_database WHERE datname = $1`, [name]);
  if (rows.length === 0) return;
  // A template cannot be dropped; WITH (FORCE) ends sessions a test forgot to close (PG 13+).
  if (rows[0].t) await c.query(`ALTER DATABASE ${ident(name)} WITH IS_TEMPLATE false`);
  await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
}

/**
 * (Re)creates `pbtpl_<name>`, runs `migrate(url)` on it once, then freezes it
 * as a template that accepts no connections. Returns the template database name.
 */
export async function createTemplateDatabase(
  name: string,
  migrate: (databaseUrl: string) => Promise<void>,
  serverUrl = databaseServerUrl(),
): Promise<string> {
  checkName(name);
  const db = templateDatabaseName(name);
  await withAdmin(serverUrl, async (c) => {
    await dropDatabase(c, db);
    await c.query(`CREATE DATABASE ${ident(db)}`);
  });
  await migrate(databaseUrl(db, serverUrl));
  await withAdmin(serverUrl, async (c) => {
    await c.query(`ALTER DATABASE ${ident(db)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    // A pool left open by migrate() would make every copy fail with "being accessed by other users".
    await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [db]);
  });
  return db;
}

export async function dropTemplateDatabase(name: string, serverUrl = databaseServerUrl()): Promise<void> {
  await withAdmin(serverUrl, (c) => dropDatabase(c, templateDatabaseName(name)));
}

/** Copies `pbtpl_<template>` into a fresh `pbt_<template>_<random>` database. */
export async function createTestDatabase(template: string, serverUrl = databaseServerUrl()): Promise<TestDatabase> {
  checkName(template);
  // The run id lets global-teardown drop what this run created on a shared server.
  const name = `${TEST_DB_PREFIX}${template}_${process.env.PB_TEST_RUN_ID ?? 'x'}${randomBytes(4).toString('hex')}`;
  if (name.length > 63) throw new Error(`test database: name too long (${name}); shorten template '${template}'`);
  await withAdmin(serverUrl, (c) => c.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(templateDatabaseName(template))}`));
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: databaseUrl(name, serverUrl),
    drop: () => (dropped ??= withAdmin(serverUrl, (c) => dropDatabase(c, name))),
  };
}

/** Drops every test database created by run `runId` (teardown on shared servers). */
export async function dropRunDatabases(runId: string, serverUrl = databaseServerUrl()): Promise<string[]> {
  return withAdmin(serverUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname ~ $1`,
      [`^${TEST_DB_PREFIX}[a-z0-9_]+_${runId}[0-9a-f]{8}$`],
    );
    for (const r of rows) await dropDatabase(c, r.datname);
    return rows.map((r) => r.datname);
  });
}
