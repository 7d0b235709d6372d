export * from './kafka-cluster';
export * from './kafka-runtime';
export * from './principals';
export * from './provision';
export * from './tcp-proxy';
