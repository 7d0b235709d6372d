export * from './retention-job';
export * from './retention-runner';
export * from './retention.metrics';
export * from './prune-outbox.job';
export * from './prune-inbox.job';
