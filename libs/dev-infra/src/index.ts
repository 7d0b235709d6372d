export * from './kafka-dev-broker';
export * from './embedded-pg';
export * from './infra-selection';
