/**
 * Template databases built once per test run by global-setup: database
 * `pbtpl_<name>` gets `migrate(url)` and is then frozen as a template, so each
 * test file copies it (createTestDatabase) instead of migrating again.
 * `name`: lowercase letters, digits, underscore. Runs in the jest parent
 * process, where `@postbridge/*` imports resolve through postbridge-paths.ts.
 */
export const templates: Array<{ name: string; migrate(databaseUrl: string): Promise<void> }> = [];
templates.push({ name: 'broker', migrate: async (url) => (await import('../../apps/broker/src/database/broker-data-source')).migrateBrokerDatabase(url) });
templates.push({ name: 'operator_node', migrate: async (url) => (await import('../../apps/operator-node/src/database/operator-node-data-source')).migrateOperatorNodeDatabase(url) });
