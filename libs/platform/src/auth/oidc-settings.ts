import { ArrayNotEmpty, IsIn, IsInt, IsOptional, IsUrl, Matches, Max, Min } from 'class-validator';
import { envInt, envList } from '../env.validation';

const URL_OPTS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
export const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

/**
 * How a process trusts its identity provider: any standard OIDC issuer (Keycloak, Entra ID, ...)
 * by configuration. Mixed into each app's environment class.
 */
export class OidcEnv {
  // Exactly as the tokens' `iss` says, e.g. https://idp.post.ch/realms/postbridge or https://login.microsoftonline.com/<tenant>/v2.0
  @IsUrl(URL_OPTS, { message: 'OIDC_ISSUER is required: the issuer URL of the identity provider, as in the tokens' })
  OIDC_ISSUER: string;

  // The `aud` every access token must carry for this process (Keycloak: an audience mapper; Entra: the app id URI).
  @Matches(/^\S{1,200}$/, { message: 'OIDC_AUDIENCE is required: the audience access tokens for this process carry' })
  OIDC_AUDIENCE: string;

  // Where this process reads the discovery document when the issuer's public URL does not reach the
  // IdP from inside its network (containers); the document must still name OIDC_ISSUER.
  @IsOptional() @IsUrl(URL_OPTS, { message: 'OIDC_DISCOVERY_URL must be an http(s) URL' })
  OIDC_DISCOVERY_URL?: string;

  // Default: jwks_uri of the issuer's discovery document.
  @IsOptional() @IsUrl(URL_OPTS, { message: 'OIDC_JWKS_URL must be an http(s) URL' })
  OIDC_JWKS_URL?: string;

  // Dotted path to the claim listing roles or groups: Keycloak realm_access.roles, Entra roles (or groups).
  @Matches(/^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/, { message: 'OIDC_ROLES_CLAIM must be a dotted claim path such as realm_access.roles' })
  OIDC_ROLES_CLAIM: string = 'realm_access.roles';

  // idpValue=role pairs, e.g. Entra group ids to PostBridge roles; when set, only mapped values count.
  @IsOptional() @Matches(/^\s*[^=,\s]+\s*=\s*[a-z-]+\s*(,\s*[^=,\s]+\s*=\s*[a-z-]+\s*)*$/, { message: 'OIDC_ROLE_MAP must be idpValue=role pairs separated by commas' })
  OIDC_ROLE_MAP?: string;

  // The id recorded in histories: preferred_username (Keycloak), oid (Entra), or sub.
  @Matches(/^[A-Za-z0-9_:-]+$/, { message: 'OIDC_AGENT_ID_CLAIM must be a claim name' })
  OIDC_AGENT_ID_CLAIM: string = 'preferred_username';

  @Matches(/^[A-Za-z0-9_:-]+$/, { message: 'OIDC_NAME_CLAIM must be a claim name' })
  OIDC_NAME_CLAIM: string = 'name';

  @envInt() @IsInt({ message: 'OIDC_CLOCK_SKEW_SECONDS must be an integer' }) @Min(0) @Max(300)
  OIDC_CLOCK_SKEW_SECONDS: number = 30;

  @envList() @ArrayNotEmpty() @IsIn(JWT_ALGORITHMS, { each: true, message: `OIDC_ALGORITHMS must be among ${JWT_ALGORITHMS.join(', ')}` })
  OIDC_ALGORITHMS: string[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];
}

export interface OidcSettings {
  issuer: string;
  audience: string;
  discoveryUrl?: string;
  jwksUrl?: string;
  rolesClaim: string;
  roleMap?: Map<string, string>;
  agentIdClaim: string;
  nameClaim: string;
  clockSkewSeconds: number;
  algorithms: string[];
  /** A token with an unknown `kid` refetches the key set at most this often (default 30 s), so forged kids cannot hammer the IdP. */
  jwksCooldownMs?: number;
  /** Broker only: the claim naming the operator a hub client speaks for. */
  operatorClaim?: string;
}

export function oidcSettings(env: OidcEnv, extra: Partial<OidcSettings> = {}): OidcSettings {
  const roleMap = env.OIDC_ROLE_MAP
    ? new Map(
        env.OIDC_ROLE_MAP.split(',').map((pair) => {
          const [k, v] = pair.split('=').map((s) => s.trim());
          return [k, v] as [string, string];
        }),
      )
    : undefined;
  return {
    issuer: env.OIDC_ISSUER,
    audience: env.OIDC_AUDIENCE,
    discoveryUrl: env.OIDC_DISCOVERY_URL,
    jwksUrl: env.OIDC_JWKS_URL,
    rolesClaim: env.OIDC_ROLES_CLAIM,
    roleMap,
    agentIdClaim: env.OIDC_AGENT_ID_CLAIM,
    nameClaim: env.OIDC_NAME_CLAIM,
    clockSkewSeconds: env.OIDC_CLOCK_SKEW_SECONDS,
    algorithms: env.OIDC_ALGORITHMS,
    ...extra,
  };
}
