import { completeSsoSignIn } from "@/server/identity/complete-sso-sign-in.ts";
import { getSignedInSession } from "@/server/identity/get-signed-in-session.ts";
import { whenDatabaseReady } from "@/server/db/client.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Where an organization's IdP sends the browser back (via better-auth's callback): join and switch to it. */
export async function GET(request: Request): Promise<Response> {
  await whenDatabaseReady();
  const url = new URL(request.url);
  const session = await getSignedInSession(request.headers);
  if (!session) return Response.redirect(new URL("/sign-in?error=sso", url), 303);
  const joined = await completeSsoSignIn(session, url.searchParams.get("organization") ?? "");
  return Response.redirect(new URL(joined ? "/" : "/onboarding", url), 303);
}
