import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { safeNextPath } from "@/app/components/safe-next-path.ts";
import { getConfig } from "@/server/config/get-config.ts";
import { isNextDevelopment } from "@/server/config/is-development.ts";
import { forwardedHeader } from "@/server/http/forwarded-headers.ts";
import { BASELINE_SECURITY_HEADERS, contentSecurityPolicy, HSTS_HEADER } from "@/server/http/security-headers.ts";

/**
 * Pages an anonymous visitor must reach (they check their own sessions where they need one),
 * /cli/, the standalone gate client CI downloads (code; the API token is the secret), and
 * /api-docs, the API description (the same document as the public /api/v1/openapi.json).
 */
const PUBLIC_PAGES = [/^\/sign-in(\/|$)/, /^\/sign-up(\/|$)/, /^\/invitations\//, /^\/sso\//, /^\/cli\//, /^\/api-docs\/?$/];

/**
 * Runs before every page: gives it a fresh CSP nonce (Next applies it to its own
 * scripts when the request carries the policy) and the security headers, and sends
 * browsers without a session cookie to /sign-in before a protected page renders (a clean
 * 307, even for streamed pages). Only the cookie's presence is checked here; every page,
 * API route and server action checks the session against the database itself
 * (getRequestContext, withApi), so a forged cookie gets no further than before.
 */
export function proxy(request: NextRequest): NextResponse {
  const isPublic = PUBLIC_PAGES.some((pattern) => pattern.test(request.nextUrl.pathname));
  if (!isPublic && !getSessionCookie(request)) {
    const target = new URL("/sign-in", request.url);
    // A request path can itself start with "//": only a same-site path is carried along.
    const next = safeNextPath(`${request.nextUrl.pathname}${request.nextUrl.search}`);
    if (next !== "/") target.searchParams.set("next", next);
    return withSecurityHeaders(NextResponse.redirect(target), request, null);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = contentSecurityPolicy(nonce, { isDevelopment: isNextDevelopment() });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  return withSecurityHeaders(NextResponse.next({ request: { headers } }), request, policy);
}

function withSecurityHeaders(response: NextResponse, request: NextRequest, policy: string | null): NextResponse {
  for (const [name, value] of Object.entries(BASELINE_SECURITY_HEADERS)) response.headers.set(name, value);
  if (policy) response.headers.set("content-security-policy", policy);
  if (isServedOverHttps(request)) response.headers.set("strict-transport-security", HSTS_HEADER);
  return response;
}

/** https as the browser sees it: directly, through a trusted proxy (PLUMBLINE_TRUST_PROXY), or the configured public URL. */
function isServedOverHttps(request: NextRequest): boolean {
  const { server, security } = getConfig();
  if (request.nextUrl.protocol === "https:") return true;
  if (forwardedHeader(request.headers, "x-forwarded-proto", security.trustProxy) === "https") return true;
  return server.publicUrl?.startsWith("https://") ?? false;
}

export const config = {
  // Every page; not the API (withApi answers problem+json and sets its own headers),
  // Next's static assets, or the favicon.
  matcher: ["/((?!api/|_next/static|_next/image|favicon).*)"],
};
