/**
 * What each role may do, per app. Deny by default: a permission no role lists is held by nobody,
 * and a route must name the permission it needs (route-permissions.ts refuses to start otherwise).
 */
export const NODE_PERMISSIONS = [
  'cases:read',
  'cases:write',
  'cases:assign-others',
  'templates:read',
  'templates:write',
  'tracking:ingest',
  'audit:read',
  'node:operate',
  'profile:me',
  'reference:read',
  // Data protection (GDPR Art. 15 and 17): erase a customer's data, export everything about one.
  'privacy:erase',
  'privacy:export',
] as const;
export type NodePermission = (typeof NODE_PERMISSIONS)[number];

export const BROKER_PERMISSIONS = ['network:read', 'cases:read', 'deadlines:read', 'reports:read', 'node:operate'] as const;
export type BrokerPermission = (typeof BROKER_PERMISSIONS)[number];

export type Permission = NodePermission | BrokerPermission;

export const NODE_ROLES = ['agent', 'supervisor', 'template-admin', 'tracking-system', 'auditor', 'node-admin', 'data-protection'] as const;
export const BROKER_ROLES = ['operator', 'hub-operations'] as const;

const HUMAN: NodePermission[] = ['profile:me', 'reference:read'];

export const NODE_ROLE_PERMISSIONS: Record<(typeof NODE_ROLES)[number], readonly NodePermission[]> = {
  agent: [...HUMAN, 'cases:read', 'cases:write', 'templates:read'],
  supervisor: [...HUMAN, 'cases:read', 'cases:write', 'cases:assign-others', 'templates:read'],
  'template-admin': [...HUMAN, 'templates:read', 'templates:write'],
  // A tracking system posts scans and nothing else.
  'tracking-system': ['tracking:ingest'],
  auditor: [...HUMAN, 'audit:read'],
  'node-admin': [...HUMAN, 'node:operate'],
  // Reads no case screens: erases and exports by case id or customer email.
  'data-protection': [...HUMAN, 'privacy:erase', 'privacy:export'],
};

export const BROKER_ROLE_PERMISSIONS: Record<(typeof BROKER_ROLES)[number], readonly BrokerPermission[]> = {
  // Rows are further limited to cases the operator is a party to (party-scope.ts).
  operator: ['network:read', 'cases:read', 'deadlines:read', 'reports:read'],
  'hub-operations': ['network:read', 'cases:read', 'deadlines:read', 'reports:read', 'node:operate'],
};

export type RolePermissions = Record<string, readonly Permission[]>;
