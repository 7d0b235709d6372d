export * from './network-agreement';
