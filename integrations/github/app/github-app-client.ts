import { createAppJwt } from "./app-jwt.ts";

/**
 * The two GitHub REST calls the deployment protection rule needs, for one organization's
 * App: an installation token (cached until shortly before it expires) and the review of a
 * workflow run's protection rule. `fetch` is the egress-checked one in production.
 */
export interface TGithubAppCredentials {
  appId: string;
  privateKeyPem: string;
  /** https://api.github.com or https://HOST/api/v3 */
  apiUrl: string;
}

export class GithubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "GithubApiError";
  }

  /** 5xx, 429 and network failures are worth retrying; other 4xx will answer the same. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export interface TCachedToken {
  token: string;
  expiresAtMs: number;
}

/** Where installation tokens are kept between calls (a Map will do). */
export interface TTokenCache {
  get(key: string): TCachedToken | undefined;
  set(key: string, value: TCachedToken): unknown;
}

// Refresh this long before GitHub's expiry (tokens live an hour): a call never starts with a token about to lapse.
const REFRESH_MARGIN_MS = 5 * 60_000;
const API_VERSION = "2022-11-28";

export interface TGithubAppClient {
  installationToken(installationId: string): Promise<string>;
  reviewProtectionRule(installationId: string, url: string, body: object): Promise<void>;
}

export function createGithubAppClient(
  credentials: TGithubAppCredentials,
  options: { fetch: typeof fetch; now?: () => number; cache?: TTokenCache },
): TGithubAppClient {
  const now = options.now ?? Date.now;
  const cache: TTokenCache = options.cache ?? new Map<string, TCachedToken>();
  const api = credentials.apiUrl.replace(/\/+$/, "");
  const headers = (authorization: string) => ({
    accept: "application/vnd.github+json",
    authorization,
    "content-type": "application/json",
    "user-agent": "plumbline-deploy-gate",
    "x-github-api-version": API_VERSION,
  });

  async function call(url: string, init: RequestInit, what: string): Promise<Response> {
    let response: Response;
    try {
      response = await options.fetch(url, { ...init, redirect: "error", signal: AbortSignal.timeout(15_000) });
    } catch (error) {
      // Never the remote body or the token: the cause's message names the network problem.
      throw new GithubApiError(0, `${what}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : "network error"}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new GithubApiError(response.status, `${what}: GitHub answered HTTP ${response.status}`);
    }
    return response;
  }

  async function installationToken(installationId: string): Promise<string> {
    const key = `${credentials.appId}:${installationId}`;
    const cached = cache.get(key);
    if (cached && cached.expiresAtMs - REFRESH_MARGIN_MS > now()) return cached.token;
    const jwt = createAppJwt(credentials.appId, credentials.privateKeyPem, now());
    const response = await call(`${api}/app/installations/${encodeURIComponent(installationId)}/access_tokens`, { method: "POST", headers: headers(`Bearer ${jwt}`) }, "installation token");
    const body: unknown = await response.json();
    const token = typeof body === "object" && body !== null && "token" in body && typeof body.token === "string" ? body.token : null;
    const expiresAt = typeof body === "object" && body !== null && "expires_at" in body && typeof body.expires_at === "string" ? Date.parse(body.expires_at) : NaN;
    if (!token) throw new GithubApiError(502, "installation token: GitHub's answer has no token");
    cache.set(key, { token, expiresAtMs: Number.isNaN(expiresAt) ? now() + 10 * 60_000 : expiresAt });
    return token;
  }

  return {
    installationToken,
    async reviewProtectionRule(installationId, url, body) {
      const token = await installationToken(installationId);
      const response = await call(url, { method: "POST", headers: headers(`Bearer ${token}`), body: JSON.stringify(body) }, "deployment protection review");
      await response.body?.cancel();
    },
  };
}
