import { AppError } from "@/server/http/problem.ts";
import type { TSignedInSession } from "./get-signed-in-session.ts";
import { findOrCreatePersonByEmail, insertOrganization, setSessionActiveOrganization, upsertOrganizationMember } from "./identity-accounts.repository.ts";
import type { z } from "zod";
import type { ZOrganizationInput } from "./accounts.schemas.ts";

/**
 * A signed-in user creates an organization (first sign-in, or another tenant later): they
 * become its admin, its catalog gets a Person for them, and their session switches to it.
 */
export async function createOrganization(session: TSignedInSession, input: z.output<typeof ZOrganizationInput>): Promise<{ id: string; slug: string; name: string }> {
  const organization = await insertOrganization(input.slug, input.name);
  if (!organization) throw new AppError(409, "Slug taken", `The slug "${input.slug}" is taken; pick another.`);
  await upsertOrganizationMember(organization.id, session.userId, "admin");
  await findOrCreatePersonByEmail(organization.id, session.email, session.name);
  await setSessionActiveOrganization(session.sessionId, session.userId, organization.id);
  return organization;
}
