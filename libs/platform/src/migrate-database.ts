import { DataSource, DataSourceOptions } from 'typeorm';

/** Runs an app's migrations once and disconnects (the test harness builds its templates with it). */
export async function migrateDatabase(options: DataSourceOptions): Promise<void> {
  const ds = new DataSource({ ...options, migrationsRun: false });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}
