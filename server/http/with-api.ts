import type { z } from "zod";
import type { TActor } from "@/server/identity/actor.ts";
import { whenDatabaseReady } from "@/server/db/client.ts";
import { logger } from "@/server/logger.ts";
import { verifyApiToken } from "@/server/identity/api-tokens.ts";
import { resolveUserActor } from "@/server/identity/resolve-user-actor.ts";
import { getSignedInSession } from "@/server/identity/get-signed-in-session.ts";
import { isSameOriginMutation } from "./check-same-origin.ts";
import { errorToProblem, problemResponse, zodProblem } from "./problem.ts";
import { getApiRateLimiters, rateLimitHeaders, type TRateLimitDecision } from "./api-rate-limit.ts";
import { getConfig } from "@/server/config/get-config.ts";
import { resolveRequestId, withRequestIdHeader } from "./request-id.ts";

export interface TApiContext<TQuery> {
  organizationId: string;
  /** Who is calling: a signed-in member or an API token (server/identity/ decides what each may do). */
  actor: TActor;
  query: TQuery;
  params: Record<string, string>;
  request: Request;
}

export interface TApiOptions {
  /**
   * "token-or-session" (default): a bearer token acts for its organization; without an
   * Authorization header the signed-in user's session cookie must name a member of the
   * organization it acts for (pages' live refresh). Nobody else gets in: 401.
   * "token": a bearer token is required (CI endpoints: deploy requests and their outcomes).
   */
  auth?: "token" | "token-or-session";
}

type RouteParams = { params: Promise<Record<string, string>> };

/**
 * The one wrapper for JSON API routes: authenticates (bearer token → its organization;
 * no Authorization header → the signed-in user's active organization, unless the route
 * requires a token; anonymous → 401), refuses cookie-authenticated mutations from other
 * sites (CSRF), rate-limits per token, validates the query string with zod, and maps
 * every error to application/problem+json. Every answer carries the request id
 * (`X-Request-Id`; problems also in their body) so a report can be found in the logs.
 */
export function withApi<TQuery>(
  querySchema: z.ZodType<TQuery>,
  handler: (ctx: TApiContext<TQuery>) => Promise<Response>,
  options: TApiOptions = {},
): (request: Request, route: RouteParams) => Promise<Response> {
  return async (request, route) => {
    const requestId = resolveRequestId(request.headers);
    try {
      await whenDatabaseReady();
      const auth = await authenticate(request, options.auth ?? "token-or-session", requestId);
      if (auth instanceof Response) return auth;
      const limit = await takeRateLimit(auth.actor);
      if (!limit.allowed) {
        const who = auth.actor.kind === "token" ? "This API token" : "Your session";
        return problemResponse({
          code: "rate-limited",
          detail: `${who} sent more than ${limit.limit} requests a minute; retry after ${limit.resetSeconds} s. Long-poll with ?wait= instead of polling quickly.`,
          extra: { retryAfterSeconds: limit.resetSeconds },
          headers: rateLimitHeaders(limit),
          requestId,
        });
      }
      const url = new URL(request.url);
      const parsed = querySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) return withHeaders(zodProblem(parsed.error, "query parameters", requestId), rateLimitHeaders(limit));
      const params = route?.params ? await route.params : {};
      const response = await handler({ organizationId: auth.organizationId, actor: auth.actor, query: parsed.data, params, request });
      return withHeaders(withRequestIdHeader(response, requestId), rateLimitHeaders(limit));
    } catch (error) {
      return errorToProblem(error, (message, err) => logger.error({ err, url: request.url, requestId }, message), requestId);
    }
  };
}

/** One limit per API token and one per signed-in user, shared by every web process (Postgres). */
function takeRateLimit(actor: TActor): Promise<TRateLimitDecision> {
  const { apiRateLimit, sessionRateLimit } = getConfig().gate;
  const limiters = getApiRateLimiters({ tokenPerMinute: apiRateLimit, sessionPerMinute: sessionRateLimit });
  return actor.kind === "token" ? limiters.token.take(actor.tokenId) : limiters.session.take(actor.userId);
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  // A streamed or redirected response may have immutable headers; those are sent as they are.
  try {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  } catch {
    // Immutable headers (e.g. Response.redirect): the limit still applied.
  }
  return response;
}

const TOKEN_HELP = "Create one under Settings → API tokens (/settings/tokens).";

async function authenticate(
  request: Request,
  mode: "token" | "token-or-session",
  requestId: string,
): Promise<{ organizationId: string; actor: TActor } | Response> {
  const header = request.headers.get("authorization");
  if (!header) {
    if (mode === "token") {
      return problemResponse({
        code: "unauthenticated",
        detail: `This endpoint needs an API token: send it as \`Authorization: Bearer <token>\`. ${TOKEN_HELP}`,
        headers: { "www-authenticate": "Bearer" },
        requestId,
      });
    }
    return authenticateSession(request, requestId);
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) {
    return problemResponse({
      code: "unauthenticated",
      detail: "Send the API token as `Authorization: Bearer <token>`.",
      headers: { "www-authenticate": "Bearer" },
      requestId,
    });
  }
  const check = await verifyApiToken(match[1]);
  if (!check.ok) {
    const detail =
      check.reason === "revoked"
        ? `This API token was revoked. ${TOKEN_HELP}`
        : `This API token is not valid. Check the token your CI uses, or create a new one: ${TOKEN_HELP}`;
    return problemResponse({ code: "invalid-token", title: "Unauthorized", detail, headers: { "www-authenticate": 'Bearer error="invalid_token"' }, requestId });
  }
  return { organizationId: check.organizationId, actor: { kind: "token", tokenId: check.tokenId, tokenName: check.tokenName } };
}

async function authenticateSession(request: Request, requestId: string): Promise<{ organizationId: string; actor: TActor } | Response> {
  const session = await getSignedInSession(request.headers);
  if (!session) {
    return problemResponse({
      code: "unauthenticated",
      detail: `Sign in first (/sign-in), or send an API token as \`Authorization: Bearer <token>\`. ${TOKEN_HELP}`,
      headers: { "www-authenticate": "Bearer" },
      requestId,
    });
  }
  if (!isSameOriginMutation(request)) {
    return problemResponse({
      code: "cross-site-request",
      detail: "This request carries a session cookie but does not come from this site (its Origin header names another host). Send it from Plumbline's pages, or use an API token.",
      requestId,
    });
  }
  const context = await resolveUserActor(session);
  if (context.kind === "no-organization") {
    return problemResponse({
      code: "no-organization",
      detail: "You are signed in but belong to no organization yet: create one on /onboarding or accept an invitation.",
      requestId,
    });
  }
  return { organizationId: context.organization.id, actor: context.actor };
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, init);
}
