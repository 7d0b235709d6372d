/** A signed-in console user, as the node keeps it (the browser holds only the random id). */
export interface ConsoleSession {
  idHash: string;
  csrfToken: string;
  principalId: string;
  displayName: string;
  roles: string[];
  clientId: string | null;
  idToken: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface LoginRequest {
  state: string;
  bindingHash: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  expiresAt: Date;
}
