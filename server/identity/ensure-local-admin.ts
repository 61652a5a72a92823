import { randomBytes } from "node:crypto";
import { getConfig } from "@/server/config/get-config.ts";
import { createPasswordUser } from "./create-password-user.ts";
import { ensureDefaultOrganization } from "./default-organization.ts";
import { countUsers, findOrCreatePersonByEmail, findUserIdByEmail, upsertOrganizationMember } from "./identity-accounts.repository.ts";
import { upsertUiTeamMembership } from "./identity-team-memberships.repository.ts";

const DEFAULT_ADMIN_EMAIL = "admin@plumbline.local";

/**
 * The embedded default's first user: an admin of the default organization. On an empty
 * database, creates it with PLUMBLINE_ADMIN_EMAIL / PLUMBLINE_ADMIN_PASSWORD, or a
 * generated password that `print` shows ONCE (it goes to the console, never to the logger,
 * and is stored only as better-auth's scrypt hash). With the env variables set, a missing
 * admin with that email is created on any start (a new deployment configured by env).
 *
 * The admin is made an owner of PLUMBLINE_ADMIN_TEAMS (comma-separated team slugs; in the
 * demo, `checkout`) so a newcomer can approve the demo's deploy requests.
 */
export async function ensureLocalAdmin(print: (line: string) => void, options: { demo: boolean }): Promise<void> {
  const { adminEmail: envEmail, adminPassword: envPassword, adminTeams } = getConfig().identity;
  const email = envEmail || DEFAULT_ADMIN_EMAIL;
  const hasUsers = (await countUsers()) > 0;
  if (hasUsers && !(envEmail && envPassword)) return;
  if (await findUserIdByEmail(email)) return;

  const password = envPassword || randomBytes(12).toString("base64url");
  const { userId } = await createPasswordUser({ name: "Local admin", email, password });
  const organization = await ensureDefaultOrganization();
  await upsertOrganizationMember(organization.id, userId, "admin");
  const person = await findOrCreatePersonByEmail(organization.id, email, "Local admin");
  const teams = adminTeams ?? (options.demo ? ["checkout"] : []);
  for (const team of teams) await upsertUiTeamMembership(organization.id, team, person.id, "owner");

  print(`local admin of "${organization.name}": ${email}`);
  if (envPassword) print("  password: the one in PLUMBLINE_ADMIN_PASSWORD");
  else print(`  password: ${password}   ← shown once; sign in and keep it (README: "Accounts")`);
  if (teams.length) print(`  owner of team(s) ${teams.join(", ")}, so it can approve their deploys`);
}
