import type { FastifyRequest } from 'fastify';

/** What every reader has: the locale its response is in (named in Content-Language). */
export interface RenderedReader {
  readonly locale: string;
}

/**
 * How an app finds the reader of a request (the node: agent profile, Accept-Language, its
 * languages; the broker: Accept-Language and `?tz=`). ReaderInterceptor asks it once per
 * rendered route.
 */
export abstract class ReaderSource<R extends RenderedReader = RenderedReader> {
  /** The request headers the reader depends on, for `Vary`. */
  abstract readonly varyOn: string;
  /** May throw an ApiException (e.g. 400 for a bad `?tz=`) before the handler runs. */
  abstract resolve(req: FastifyRequest): R | Promise<R>;
}

/** A request after ReaderInterceptor: routes marked @RendersForReader() carry their reader. */
export type RequestWithReader<R extends RenderedReader = RenderedReader> = FastifyRequest & { reader?: R };
