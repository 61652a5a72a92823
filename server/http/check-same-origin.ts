const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF guard for cookie-authenticated mutations: the browser must say the request comes
 * from this site. `Origin` (sent by browsers on every non-GET fetch and form post) must
 * name the host the request was sent to; without it, `Sec-Fetch-Site` must be
 * `same-origin`. A request with neither is refused: a cookie-carrying client that is not
 * a browser can send `Origin` (or use an API token, which needs no cookie).
 */
export function isSameOriginMutation(request: Request): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  const origin = request.headers.get("origin");
  if (origin !== null) {
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  return request.headers.get("sec-fetch-site") === "same-origin";
}
