import type { UnitOfWorkScope } from '@postbridge/messaging';

/**
 * What routing needs of the consumer transaction; EnvelopeContext and UnitOfWork scopes both fit.
 * `signedValue` is the message as its sender signed it: a routed case message is forwarded as
 * these bytes, so the partner verifies the origin's signature, not the hub's.
 */
export type RoutingScope = Pick<UnitOfWorkScope, 'manager' | 'enqueue'> & { readonly signedValue?: Uint8Array | null };
