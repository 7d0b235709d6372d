import { Injectable, OnModuleInit } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PERMISSION_KEY, PUBLIC } from './auth.decorators';
import { AuthPolicy } from './auth-policy';

/** Refuses to start an app with an HTTP route that declares no permission, or one no role grants. */
@Injectable()
export class RoutePermissionsCheck implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryService, private readonly scanner: MetadataScanner, private readonly reflector: Reflector, private readonly policy: AuthPolicy) {}

  onModuleInit(): void {
    const problems = undeclaredRoutes(this.discovery, this.scanner, this.reflector, this.policy);
    if (problems.length > 0) throw new Error(`HTTP routes without a usable permission (deny by default; add @RequirePermission or @Public):\n  ${problems.join('\n  ')}`);
  }
}

export function undeclaredRoutes(discovery: DiscoveryService, scanner: MetadataScanner, reflector: Reflector, policy: AuthPolicy): string[] {
  const granted = policy.granted();
  const problems: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const proto = Object.getPrototypeOf(instance) as object;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = (proto as Record<string, unknown>)[name] as (...a: unknown[]) => unknown;
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      const permission = reflector.getAllAndOverride<string | undefined>(PERMISSION_KEY, [handler, metatype]);
      if (!permission) problems.push(`${metatype.name}.${name}: no permission declared`);
      else if (permission !== PUBLIC && !granted.has(permission)) problems.push(`${metatype.name}.${name}: ${permission} is granted by no role`);
    }
  }
  return problems;
}
