import { getAuth } from "@/server/identity/auth.ts";
import { whenDatabaseReady } from "@/server/db/client.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** better-auth's own endpoints (sign-in, sign-up, sign-out, session); it checks their Origin itself. */
async function handle(request: Request): Promise<Response> {
  await whenDatabaseReady();
  return (await getAuth()).handler(request);
}

export const GET = handle;
export const POST = handle;
