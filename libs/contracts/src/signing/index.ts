export * from './key-ring';
export * from './message-signer';
export * from './signed-message';
