export * from './encryption-keys';
export * from './envelope-sealing';
