import { DataSourceOptions } from 'typeorm';
import { CreateMessagingTables1763900000000 } from '@postbridge/messaging';
import { DatabaseSsl, migrateDatabase, SnakeNamingStrategy } from '@postbridge/platform';
import { CaseEntity } from '../cases/shared/case.entity';
import { CaseHistoryEntity } from '../cases/shared/case-history.entity';
import { CaseMessageEntity } from '../cases/shared/case-message.entity';
import { CreateCases1763900000100 } from './migrations/1763900000100-create-cases';
import { AddCaseIdempotencyKey1763900000200 } from './migrations/1763900000200-add-case-idempotency-key';
import { CreateTrackingEvents1763900000300 } from './migrations/1763900000300-create-tracking-events';
import { AddCaseWorkQueueAndDeadline1763900000400 } from './migrations/1763900000400-add-case-work-queue-and-deadline';
import { CreateNodeAlerts1763900000500 } from './migrations/1763900000500-create-node-alerts';
import { AddCodedCaseContent1763900000600 } from './migrations/1763900000600-add-coded-case-content';
import { CreateTextTranslations1763900000700 } from './migrations/1763900000700-create-text-translations';
import { CreateConsoleSessions1763900000800 } from './migrations/1763900000800-create-console-sessions';
import { CreateAuditLog1763900000900 } from './migrations/1763900000900-create-audit-log';
import { CreateInboundCaseCounts1763900001000 } from './migrations/1763900001000-create-inbound-case-counts';
import { CreateCasePresence1763900001100 } from './migrations/1763900001100-create-case-presence';
import { AddPersonalDataRemoval1763900001200 } from './migrations/1763900001200-add-personal-data-removal';
import { AddRetentionIndexes1763900001300 } from './migrations/1763900001300-add-retention-indexes';
import { AddCaseClosedAt1763900001400 } from './migrations/1763900001400-add-case-closed-at';
import { AddCaseTextIndexes1763900001500 } from './migrations/1763900001500-add-case-text-indexes';

export const operatorNodeEntities = [CaseEntity, CaseMessageEntity, CaseHistoryEntity];
export const operatorNodeMigrations = [CreateMessagingTables1763900000000, CreateCases1763900000100, AddCaseIdempotencyKey1763900000200, CreateTrackingEvents1763900000300,
  AddCaseWorkQueueAndDeadline1763900000400, CreateNodeAlerts1763900000500, AddCodedCaseContent1763900000600,
  CreateTextTranslations1763900000700, CreateConsoleSessions1763900000800, CreateAuditLog1763900000900,
  CreateInboundCaseCounts1763900001000, CreateCasePresence1763900001100, AddPersonalDataRemoval1763900001200,
  AddRetentionIndexes1763900001300, AddCaseClosedAt1763900001400, AddCaseTextIndexes1763900001500,
];

export interface DatabasePool {
  /** Connections (default 10). */
  size: number;
  /** How long a query waits for a free connection before it fails (default 5 s); the HTTP layer answers 503. */
  timeoutMs: number;
}

/** `ssl`: databaseSsl(config), for every connection of the process (false: plaintext). */
export function buildOperatorNodeDataSourceOptions(url: string, pool: DatabasePool = { size: 10, timeoutMs: 5_000 }, ssl: DatabaseSsl = false): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    ssl,
    entities: operatorNodeEntities,
    migrations: operatorNodeMigrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    extra: { max: pool.size, connectionTimeoutMillis: pool.timeoutMs },
  };
}

/** Used by the test harness to build its template database once. */
export function migrateOperatorNodeDatabase(url: string, ssl: DatabaseSsl = false): Promise<void> {
  return migrateDatabase(buildOperatorNodeDataSourceOptions(url, undefined, ssl));
}

