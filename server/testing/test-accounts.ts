import { findOrCreatePersonByEmail, upsertOrganizationMember, type TOrganizationRole } from "@/server/identity/identity-accounts.repository.ts";
import { upsertUiTeamMembership } from "@/server/identity/identity-team-memberships.repository.ts";
import { getAuth } from "@/server/identity/auth.ts";
import { createPasswordUser } from "@/server/identity/create-password-user.ts";

/** The origin test requests claim (and the host they are sent to), so the CSRF check passes. */
export const TEST_ORIGIN = "http://localhost";

export interface TTestMember {
  userId: string;
  personId: string;
  email: string;
  password: string;
  /** `Cookie` header value of a signed-in browser session. */
  cookie: string;
}

let counter = 0;

/**
 * A user who belongs to `organizationId` with `role`, optionally in teams (source ui), and
 * is signed in through better-auth's real handler (POST /api/auth/sign-in/email), so the
 * returned cookie is exactly what a browser would hold.
 */
export async function createSignedInMember(
  organizationId: string,
  options: { role: TOrganizationRole; email?: string; teams?: { slug: string; role: "owner" | "member" }[] },
): Promise<TTestMember> {
  counter += 1;
  const email = options.email ?? `member-${counter}-${Date.now().toString(36)}@tenancy.test`;
  const password = `pw-${Math.random().toString(36).slice(2)}-long`;
  const { userId } = await createPasswordUser({ name: `Member ${counter}`, email, password });
  await upsertOrganizationMember(organizationId, userId, options.role);
  const person = await findOrCreatePersonByEmail(organizationId, email, `Member ${counter}`);
  for (const team of options.teams ?? []) await upsertUiTeamMembership(organizationId, team.slug, person.id, team.role);
  return { userId, personId: person.id, email, password, cookie: await signInCookie(email, password) };
}

/** Signs in through better-auth's HTTP handler and returns the session cookie. */
export async function signInCookie(email: string, password: string): Promise<string> {
  const response = await (await getAuth()).handler(
    new Request(`${TEST_ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN },
      body: JSON.stringify({ email, password }),
    }),
  );
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookies = response.headers.getSetCookie().map((header) => header.split(";")[0] ?? "");
  const cookie = cookies.filter(Boolean).join("; ");
  if (!cookie) throw new Error("sign-in set no cookie");
  return cookie;
}

/** Headers of a same-origin browser request carrying this member's session. */
export function sessionHeaders(member: { cookie: string }, extra: Record<string, string> = {}): Record<string, string> {
  return { cookie: member.cookie, origin: TEST_ORIGIN, ...extra };
}
