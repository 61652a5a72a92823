import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { TUserOrganization } from "./identity-accounts.repository.ts";
import { resolveUserActor } from "./resolve-user-actor.ts";
import { getSignedInSession, type TSignedInSession } from "./get-signed-in-session.ts";
import type { TUserActor } from "./actor.ts";
import { whenDatabaseReady } from "@/server/db/client.ts";

export interface TRequestContext {
  organization: TUserOrganization;
  /** Every organization the user belongs to (the header's switcher). */
  organizations: TUserOrganization[];
  actor: TUserActor;
  session: TSignedInSession;
}

/** The signed-in session of this page render or server action, or null (no redirect). */
export const findRequestSession = cache(async (): Promise<TSignedInSession | null> => {
  await whenDatabaseReady();
  return getSignedInSession(await headers());
});

/**
 * Who this page render or server action acts for. Anonymous → /sign-in; signed in
 * without an organization → /onboarding (create one). Cached per request.
 */
export const getRequestContext = cache(async (): Promise<TRequestContext> => {
  const session = await findRequestSession();
  if (!session) redirect("/sign-in");
  const context = await resolveUserActor(session);
  if (context.kind === "no-organization") redirect("/onboarding");
  return { organization: context.organization, organizations: context.organizations, actor: context.actor, session };
});

/** The organization a page render or server action acts for (signed-in members only). */
export async function getRequestOrganization(): Promise<TUserOrganization> {
  return (await getRequestContext()).organization;
}
