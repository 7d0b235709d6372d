import type { UnitOfWorkScope } from '@postbridge/messaging';

/** What routing needs of the consumer transaction; EnvelopeContext and UnitOfWork scopes both fit. */
export type RoutingScope = Pick<UnitOfWorkScope, 'manager' | 'enqueue'>;
