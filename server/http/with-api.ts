import type { z } from "zod";
import { whenDatabaseReady } from "../db/client.ts";
import { logger } from "../logger.ts";
import { verifyApiToken } from "../tenancy/api-tokens.ts";
import { ensureDefaultOrganization } from "../tenancy/default-organization.ts";
import { errorToProblem, problemResponse, zodProblem } from "./problem.ts";

export interface TApiContext<TQuery> {
  organizationId: string;
  query: TQuery;
  params: Record<string, string>;
  request: Request;
}

type RouteParams = { params: Promise<Record<string, string>> };

/**
 * The one wrapper for JSON API routes: authenticates (bearer token → its organization;
 * no Authorization header → the browser session's organization), validates the query
 * string with zod, and maps every error to application/problem+json.
 */
export function withApi<TQuery>(
  querySchema: z.ZodType<TQuery>,
  handler: (ctx: TApiContext<TQuery>) => Promise<Response>,
): (request: Request, route: RouteParams) => Promise<Response> {
  return async (request, route) => {
    try {
      await whenDatabaseReady();
      const auth = await authenticate(request);
      if (auth instanceof Response) return auth;
      const url = new URL(request.url);
      const parsed = querySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) return zodProblem(parsed.error, "query parameters");
      const params = route?.params ? await route.params : {};
      return await handler({ organizationId: auth.organizationId, query: parsed.data, params, request });
    } catch (error) {
      return errorToProblem(error, (message, err) => logger.error({ err, url: request.url }, message));
    }
  };
}

async function authenticate(request: Request): Promise<{ organizationId: string } | Response> {
  const header = request.headers.get("authorization");
  if (!header) return { organizationId: (await ensureDefaultOrganization()).id };
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) {
    return problemResponse(401, "Unauthorized", "Send the API token as `Authorization: Bearer <token>`.", {}, {
      "www-authenticate": "Bearer",
    });
  }
  const check = await verifyApiToken(match[1]);
  if (!check.ok) {
    const detail =
      check.reason === "revoked"
        ? "This API token was revoked. Create a new one under Settings → API tokens."
        : "This API token is not valid. Check the token your CI uses, or create a new one under Settings → API tokens.";
    return problemResponse(401, "Unauthorized", detail, {}, { "www-authenticate": 'Bearer error="invalid_token"' });
  }
  return { organizationId: check.organizationId };
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, init);
}
