/** Who made a request, as verified from a bearer token or a console session. */
export interface Principal {
  /** Stable id recorded in histories and audit entries (OIDC_AGENT_ID_CLAIM, else `sub`). */
  readonly id: string;
  readonly displayName: string;
  /** PostBridge roles after OIDC_ROLE_MAP; unknown IdP roles are dropped. */
  readonly roles: ReadonlySet<string>;
  /** The OAuth client the token was issued to (`azp`), for per-client limits and the audit log. */
  readonly clientId: string | null;
  /** The operator a hub client speaks for (broker only; OIDC_OPERATOR_CLAIM). */
  readonly operator: string | null;
  readonly via: 'bearer' | 'session';
  /** Console sessions only. */
  readonly sessionId?: string;
}

export interface AuthenticatedRequest {
  principal?: Principal;
}
