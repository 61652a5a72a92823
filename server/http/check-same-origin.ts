import { getConfig } from "@/server/config/get-config.ts";
import type { TConfig } from "@/server/config/parse-config.ts";
import { forwardedHeader } from "./forwarded-headers.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF guard for cookie-authenticated mutations: the browser must say the request comes
 * from this site. `Origin` (sent by browsers on every non-GET fetch and form post) must
 * name the host the request was sent to; without it, `Sec-Fetch-Site` must be
 * `same-origin`. A request with neither is refused: a cookie-carrying client that is not
 * a browser can send `Origin` (or use an API token, which needs no cookie).
 */
export function isSameOriginMutation(request: Request, config: Pick<TConfig, "server" | "security"> = getConfig()): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  // X-Forwarded-Host only from a trusted proxy: otherwise a client could name the attacker's own host.
  const host = forwardedHeader(request.headers, "x-forwarded-host", config.security.trustProxy) ?? request.headers.get("host") ?? new URL(request.url).host;
  const origin = request.headers.get("origin");
  if (origin !== null) {
    try {
      const originUrl = new URL(origin);
      return originUrl.host === host || (config.server.publicUrl !== null && originUrl.origin === new URL(config.server.publicUrl).origin);
    } catch {
      return false;
    }
  }
  return request.headers.get("sec-fetch-site") === "same-origin";
}
