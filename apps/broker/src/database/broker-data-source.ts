import { DataSourceOptions } from 'typeorm';
import { CreateMessagingTables1763900000000 } from '@postbridge/messaging';
import { DatabaseSsl, migrateDatabase, SnakeNamingStrategy } from '@postbridge/platform';
import { CaseIndexEntity } from '../case-index/shared/case-index.entity';
import { PendingTrackingEventEntity } from '../tracking-routes/shared/pending-tracking-event.entity';
import { TrackingRouteEntity } from '../tracking-routes/shared/tracking-route.entity';
import { CreateCaseIndex1763900100000 } from './migrations/1763900100000-create-case-index';
import { CreateTrackingRouting1763900200000 } from './migrations/1763900200000-create-tracking-routing';
import { CreateDeadlines1763900300000 } from './migrations/1763900300000-create-deadlines';
import { CreateItemCustomsEvents1763900400000 } from './migrations/1763900400000-create-item-customs-events';
import { AddRetentionIndexes1763900500000 } from './migrations/1763900500000-add-retention-indexes';

// Deadline tables are read and written with SQL of their own (deadline.repository.typeorm.ts): no entities.
export const BROKER_ENTITIES = [CaseIndexEntity, TrackingRouteEntity, PendingTrackingEventEntity];
export const BROKER_MIGRATIONS = [
  CreateMessagingTables1763900000000,
  CreateCaseIndex1763900100000,
  CreateTrackingRouting1763900200000,
  CreateDeadlines1763900300000,
  CreateItemCustomsEvents1763900400000,
  AddRetentionIndexes1763900500000,
];

/** Schema comes from migrations only (never synchronize), applied at boot. */
/** `ssl`: databaseSsl(config), for every connection of the process (false: plaintext). */
export function buildBrokerDataSourceOptions(url: string, pool: { size: number; timeoutMs: number } = { size: 10, timeoutMs: 5_000 }, ssl: DatabaseSsl = false): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    ssl,
    entities: BROKER_ENTITIES,
    migrations: BROKER_MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    // A query waits at most timeoutMs for a connection; over HTTP that is a 503 with Retry-After.
    extra: { max: pool.size, connectionTimeoutMillis: pool.timeoutMs },
  };
}

/** Builds a migrated database (the test harness copies it as a template). */
export function migrateBrokerDatabase(url: string, ssl: DatabaseSsl = false): Promise<void> {
  return migrateDatabase(buildBrokerDataSourceOptions(url, undefined, ssl));
}

