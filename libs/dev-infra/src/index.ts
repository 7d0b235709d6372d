export * from './chromium';
export * from './embedded-pg';
export * from './infra-selection';
export * from './kafka';
export * from './keycloak';
export * from './signing-keys';
export * from './test-pki';
