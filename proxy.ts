import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { safeNextPath } from "@/app/components/safe-next-path.ts";

/**
 * Sends browsers without a session cookie to /sign-in before a page renders (a clean 307,
 * even for streamed pages). Only the cookie's presence is checked here; every page, API
 * route and server action checks the session against the database itself
 * (getRequestContext, withApi), so a forged cookie gets no further than before.
 */
export function proxy(request: NextRequest): NextResponse {
  if (getSessionCookie(request)) return NextResponse.next();
  const target = new URL("/sign-in", request.url);
  // A request path can itself start with "//": only a same-site path is carried along.
  const next = safeNextPath(`${request.nextUrl.pathname}${request.nextUrl.search}`);
  if (next !== "/") target.searchParams.set("next", next);
  return NextResponse.redirect(target);
}

export const config = {
  // Not: the API (401 problem+json from withApi), better-auth's endpoints, Next's assets,
  // and the pages an anonymous visitor must reach (sign-in, sign-up, invitations, SSO return).
  matcher: ["/((?!api/|_next/|favicon|sign-in|sign-up|invitations/|sso/).*)"],
};
