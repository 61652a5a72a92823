import type { IncomingMessage } from "node:http";
import { ANONYMOUS_HEAVY_READ_TENANT } from "@/server/http/heavy-read-admission.ts";
import { getSignedInSession } from "./get-signed-in-session.ts";
import { findOrganizationsOfUser } from "./identity-accounts.repository.ts";
import { chooseActingOrganization } from "./resolve-user-actor.ts";

/**
 * The organization a page request will render for (the same choice as the page's own
 * resolveUserActor), so the heavy-read line takes turns between organizations. Signed-out
 * requests (which only redirect) and users without an organization share one turn.
 */
export async function heavyReadTenantOf(req: IncomingMessage): Promise<string> {
  const cookie = req.headers.cookie;
  if (!cookie) return ANONYMOUS_HEAVY_READ_TENANT;
  const session = await getSignedInSession(new Headers({ cookie }));
  if (!session) return ANONYMOUS_HEAVY_READ_TENANT;
  const organization = chooseActingOrganization(await findOrganizationsOfUser(session.userId), session.activeOrganizationId);
  return organization?.id ?? ANONYMOUS_HEAVY_READ_TENANT;
}
