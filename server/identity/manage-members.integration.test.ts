import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { getSignedInSession } from "./get-signed-in-session.ts";
import type { TUserActor } from "./actor.ts";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { readCatalogSources } from "@/server/catalog/read-catalog-sources.ts";
import { EXAMPLE_CATALOG_DIR } from "@/server/catalog/seed-catalog-on-start.ts";
import { upsertOrganization } from "./identity-organizations.repository.ts";
import { createSignedInMember, type TTestMember } from "@/server/testing/test-accounts.ts";
import { TEST_DATABASE_KINDS, openTestDatabase } from "@/server/testing/test-databases.ts";
import { AppError } from "@/server/http/problem.ts";
import { setSessionActiveOrganization } from "./identity-accounts.repository.ts";
import { findInvitation, inviteMember } from "./invitations.ts";
import { changeMemberRole, removeOrganizationMember, revokeInvitation } from "./manage-members.ts";
import { resolveUserActor } from "./resolve-user-actor.ts";

// Admins revoke open invitations and remove members; the organization always keeps an admin.

async function actorOf(member: TTestMember): Promise<TUserActor> {
  const session = await getSignedInSession(new Headers({ cookie: member.cookie }));
  if (!session) throw new Error("not signed in");
  const context = await resolveUserActor(session);
  if (context.kind !== "member") throw new Error("not a member");
  return context.actor;
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; detail: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, detail: error.detail };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe.each(TEST_DATABASE_KINDS)("revoke invitations and remove members on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: { id: string };
  let team: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("members-x", "Members X");
    await importCatalog(org.id, readCatalogSources(EXAMPLE_CATALOG_DIR), "example");
    team = (await getPrisma().team.findFirstOrThrow({ where: { organizationId: org.id }, select: { slug: true } })).slug;
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it("an admin revokes an open invitation: its link reads not valid and cannot be accepted", async () => {
    const admin = await createSignedInMember(org.id, { role: "admin" });
    const actor = await actorOf(admin);
    const { id, link } = await inviteMember(org.id, actor, { email: "revoked@members.test", role: "member" }, "http://localhost");
    const token = link.split("/invitations/")[1] ?? "";
    expect((await findInvitation(token)).kind).toBe("open");
    await revokeInvitation(org.id, actor, id);
    expect((await findInvitation(token)).kind).toBe("unknown");
    expect(await refusal(revokeInvitation(org.id, actor, id))).toEqual({ status: 404, detail: expect.stringContaining("No open invitation") });
  });

  it("an admin removes a member: access and the session's active organization go, catalog person and team membership stay", async () => {
    const admin = await createSignedInMember(org.id, { role: "admin" });
    const member = await createSignedInMember(org.id, { role: "member", teams: [{ slug: team, role: "owner" }] });
    const session = await getSignedInSession(new Headers({ cookie: member.cookie }));
    if (!session) throw new Error("not signed in");
    await setSessionActiveOrganization(session.sessionId, member.userId, org.id);
    await removeOrganizationMember(org.id, await actorOf(admin), member.userId);
    const prisma = getPrisma();
    expect(await prisma.organizationMember.count({ where: { organizationId: org.id, userId: member.userId } })).toBe(0);
    expect((await prisma.session.findUniqueOrThrow({ where: { id: session.sessionId }, select: { activeOrganizationId: true } })).activeOrganizationId).toBeNull();
    expect(await prisma.person.count({ where: { id: member.personId, organizationId: org.id } })).toBe(1);
    expect(await prisma.teamMembership.count({ where: { organizationId: org.id, personId: member.personId } })).toBe(1);
    const after = await getSignedInSession(new Headers({ cookie: member.cookie }));
    expect(after ? (await resolveUserActor(after)).kind : "signed-out").not.toBe("member");
    expect(await refusal(removeOrganizationMember(org.id, await actorOf(admin), member.userId))).toEqual({ status: 404, detail: expect.stringContaining("No such member") });
  });

  it("the last admin can neither remove themselves nor be demoted; with a second admin they can leave", async () => {
    const solo = await upsertOrganization(`solo-${kind}`, "Solo");
    const first = await createSignedInMember(solo.id, { role: "admin" });
    const firstActor = await actorOf(first);
    expect(await refusal(removeOrganizationMember(solo.id, firstActor, first.userId))).toEqual({ status: 409, detail: expect.stringContaining("at least one admin") });
    expect(await refusal(changeMemberRole(solo.id, firstActor, first.userId, "member"))).toEqual({ status: 409, detail: expect.stringContaining("at least one admin") });
    const second = await createSignedInMember(solo.id, { role: "admin" });
    await removeOrganizationMember(solo.id, firstActor, first.userId);
    expect(await getPrisma().organizationMember.findMany({ where: { organizationId: solo.id }, select: { userId: true, role: true } })).toEqual([{ userId: second.userId, role: "admin" }]);
    expect(await refusal(removeOrganizationMember(solo.id, await actorOf(second), second.userId))).toEqual({ status: 409, detail: expect.stringContaining("at least one admin") });
  });

  it("a member without the admin role may do neither", async () => {
    const admin = await createSignedInMember(org.id, { role: "admin" });
    const member = await createSignedInMember(org.id, { role: "member" });
    const { id } = await inviteMember(org.id, await actorOf(admin), { email: "kept@members.test", role: "member" }, "http://localhost");
    const memberActor = await actorOf(member);
    expect((await refusal(revokeInvitation(org.id, memberActor, id))).status).toBe(403);
    expect((await refusal(removeOrganizationMember(org.id, memberActor, admin.userId))).status).toBe(403);
    expect(await getPrisma().invitation.count({ where: { id } })).toBe(1);
    expect(await getPrisma().organizationMember.count({ where: { organizationId: org.id, userId: admin.userId } })).toBe(1);
  });
});
