import { errorCode, isTransientError, PoisonMessageError } from './errors';
import { childTraceparent, newTraceparent, parseTraceparent, TraceContext } from './trace-context';

describe('isTransientError', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, true],
    [{ code: '57P01' }, true],
    [{ code: '08006' }, true],
    [{ code: '40001' }, true],
    [{ name: 'KafkaJSConnectionError' }, true],
    [{ retriable: true }, true],
    [{ driverError: { code: 'ECONNRESET' } }, true],
    [new Error('Connection terminated unexpectedly'), true],
    [Object.assign(new Error('database "x" is not currently accepting connections'), { code: '55000' }), true],
    [{ code: '23505' }, false],
    [new PoisonMessageError('X', 'y'), false],
    [new Error('boom'), false],
    [null, false],
  ])('%j → %s', (err, expected) => {
    expect(isTransientError(err)).toBe(expected);
  });

  it('takes the code of coded errors and a generic one otherwise', () => {
    expect(errorCode(new PoisonMessageError('SPOOFED_SENDER', 'x'))).toBe('SPOOFED_SENDER');
    expect(errorCode(new Error('x'))).toBe('HANDLER_FAILED');
  });
});

describe('trace context', () => {
  it('keeps the trace id across child spans and runs', () => {
    const root = newTraceparent();
    const p = parseTraceparent(root)!;
    const child = parseTraceparent(childTraceparent(root))!;
    expect(child.traceId).toBe(p.traceId);
    expect(child.spanId).not.toBe(p.spanId);
    expect(TraceContext.run(root, () => TraceContext.traceId())).toBe(p.traceId);
    expect(TraceContext.traceId()).toBeUndefined();
  });

  it('starts a new trace for missing or malformed headers', () => {
    expect(parseTraceparent('00-00000000000000000000000000000000-0000000000000000-01')).toBeNull();
    expect(parseTraceparent('garbage')).toBeNull();
    expect(TraceContext.run('garbage', () => TraceContext.traceId())).toMatch(/^[0-9a-f]{32}$/);
  });
});
