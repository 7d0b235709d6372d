export * from './domain-error';
export * from './inquiry-codes';
export * from './s10-item-id';
export * from './case-state-machine';
