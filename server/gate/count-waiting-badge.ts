import { logger } from "@/server/logger.ts";
import { countWaitingForPerson as count } from "./get-waiting-for-person.ts";

/**
 * The navigation badge's count for the layout. A failure here must not take every page
 * down with it: it is logged and the badge is left out (0), the lists still say the truth.
 */
export async function countWaitingForPerson(organizationId: string, personId: string): Promise<number> {
  try {
    return await count(organizationId, personId);
  } catch (error) {
    logger.warn({ err: error, organizationId }, "could not count the approvals waiting for the signed-in person; the badge is left out");
    return 0;
  }
}
