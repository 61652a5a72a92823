import { whenDatabaseReady } from "../db/client.ts";
import { ensureDefaultOrganization } from "./default-organization.ts";
import type { TOrganization } from "./organization.repository.ts";

/** The organization a page render or server action acts for. */
export async function getRequestOrganization(): Promise<TOrganization> {
  await whenDatabaseReady();
  return ensureDefaultOrganization();
}
