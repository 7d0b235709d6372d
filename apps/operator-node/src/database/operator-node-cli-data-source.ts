import { DataSource } from 'typeorm';
import { databaseSslFromEnv } from '@postbridge/platform';
import { buildOperatorNodeDataSourceOptions } from './operator-node-data-source';

// For the TypeORM CLI, after `npm run build`: `npx typeorm -d dist/apps/operator-node/src/database/operator-node-cli-data-source.js migration:run`.
// DATABASE_URL and DATABASE_SSL_* as the app reads them (a separate file: the app never loads it, so a bad TLS file is its config error, not a crash on import).
export default new DataSource(buildOperatorNodeDataSourceOptions(process.env.DATABASE_URL ?? 'postgres://localhost/postbridge_node', undefined, databaseSslFromEnv(process.env)));
