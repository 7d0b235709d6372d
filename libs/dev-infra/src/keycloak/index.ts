export * from './keycloak-admin';
export * from './keycloak-runtime';
export * from './keycloak-server';
export * from './realms';
