import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import { ApiException, AuthenticatedRequest, NOT_AUDITED_KEY, PERMISSION_KEY } from '@postbridge/platform';
import { AuditLogRepository } from './audit-log.repository.port';

// Routes whose answers carry customer data (names, contacts, free text) or the audit log itself.
const AUDITED_READS = new Set(['cases:read', 'audit:read']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function statusOf(e: unknown): number {
  if (e instanceof ApiException) return e.status;
  const s = (e as { getStatus?: () => number }).getStatus?.();
  return typeof s === 'number' ? s : 500;
}

/**
 * Appends every write and every read of customer data to the audit log, with the verified caller,
 * before the answer leaves: when the entry cannot be written the caller gets 503, not the data.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector, private readonly log: AuditLogRepository) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const p = req.principal;
    const permission = this.reflector.getAllAndOverride<string | undefined>(PERMISSION_KEY, [ctx.getHandler(), ctx.getClass()]);
    const write = req.method !== 'GET' && req.method !== 'HEAD';
    if (this.reflector.getAllAndOverride<string | undefined>(NOT_AUDITED_KEY, [ctx.getHandler(), ctx.getClass()])) return next.handle();
    if (!p || !(write || (permission !== undefined && AUDITED_READS.has(permission)))) return next.handle();
    const params = { ...((req.params ?? {}) as Record<string, string>) };
    const caseParam = params.caseId && UUID.test(params.caseId) ? params.caseId : null;
    delete params.caseId;
    const route = req.routeOptions?.url ?? req.url.split('?')[0];
    const entry = (status: number, caseId: string | null) =>
      this.log.append({
        principalId: p.id, displayName: p.displayName, clientId: p.clientId, via: p.via, method: req.method, route: route.slice(0, 200), operation: ctx.getHandler().name.slice(0, 100),
        caseId, status, detail: Object.keys(params).length ? params : null,
      });
    return next.handle().pipe(
      mergeMap((result) => {
        const created = (result as { id?: unknown } | null)?.id;
        const caseId = caseParam ?? (write && route === '/cases' && typeof created === 'string' && UUID.test(created) ? created : null);
        const status = ctx.switchToHttp().getResponse<{ statusCode: number }>().statusCode;
        return from(entry(status, caseId).then(() => result));
      }),
      catchError((e: unknown) => from(entry(statusOf(e), caseParam).catch(() => undefined)).pipe(mergeMap(() => throwError(() => e)))),
    );
  }
}
