export * from './kafka-cluster';
export * from './kafka-runtime';
export * from './tcp-proxy';
export * from './provision';
