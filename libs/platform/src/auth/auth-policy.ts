import type { Principal } from './principal';
import type { RolePermissions } from './permissions';

/** Which roles grant which permissions in this app. */
export class AuthPolicy {
  readonly knownRoles: ReadonlySet<string>;
  private readonly byRole: Map<string, ReadonlySet<string>>;

  constructor(readonly table: RolePermissions) {
    this.byRole = new Map(Object.entries(table).map(([role, perms]) => [role, new Set<string>(perms)]));
    this.knownRoles = new Set(this.byRole.keys());
  }

  allows(p: Principal, permission: string): boolean {
    for (const r of p.roles) if (this.byRole.get(r)?.has(permission)) return true;
    return false;
  }

  /** Every permission some role grants. */
  granted(): Set<string> {
    return new Set([...this.byRole.values()].flatMap((s) => [...s]));
  }
}
