import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { saveGithubApp } from "@/server/github/manage-github-app.ts";

// Server actions are public POST endpoints: each must authorize itself. This calls every
// exported server action (the "use server" files are enumerated from disk: a new action
// without a case fails) anonymously, as a member of organization A without the needed
// role, and as A's admin aiming at organization B's rows, and checks B's rows stay as they
// were. Next itself refuses server actions whose Origin is another site; that is Next's
// check and is not repeated here.

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {}, delete: () => {} }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { getPrisma } = await import("@/server/db/client.ts");
const { openTestDatabase, TEST_DATABASE_KINDS } = await import("@/server/testing/test-databases.ts");
const { createSignedInMember } = await import("@/server/testing/test-accounts.ts");
const { upsertOrganization } = await import("./identity-organizations.repository.ts");
const { createApiToken } = await import("./api-tokens.ts");
const { importCatalog } = await import("@/server/catalog/import-catalog.ts");
const { readCatalogSources } = await import("@/server/catalog/read-catalog-sources.ts");
const { EXAMPLE_CATALOG_DIR } = await import("@/server/catalog/seed-catalog-on-start.ts");
const { seedDemoDeployRequests } = await import("@/server/gate/seed-demo-deploy-requests.ts");
const { inviteMember } = await import("./invitations.ts");
const { reportIncident } = await import("@/server/incidents/report-incident.ts");
const { resolveUserActor } = await import("./resolve-user-actor.ts");
const { getSignedInSession } = await import("./get-signed-in-session.ts");
const { saveIntegration } = await import("@/server/integrations/manage-integrations.ts");

const B_CLIENT_SECRET = "b-oidc-client-secret-zebra";

type TAction = (...args: never[]) => Promise<unknown>;
type TOutcome = { kind: "redirect"; to: string } | { kind: "returned"; value: unknown };

async function run(action: TAction, form: Record<string, string>, who: { cookie: string } | null, withState = true): Promise<TOutcome> {
  requestHeaders = new Headers(who ? { cookie: who.cookie, host: "localhost", origin: "http://localhost" } : { host: "localhost" });
  const data = new FormData();
  for (const [key, value] of Object.entries(form)) data.set(key, value);
  try {
    const call = action as unknown as (...args: unknown[]) => Promise<unknown>;
    return { kind: "returned", value: await (withState ? call(null, data) : call(data)) };
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return { kind: "redirect", to: digest.split(";")[2] ?? "" };
    throw error;
  }
}

const APP_DIR = path.join(process.cwd(), "app");

function findServerActionFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findServerActionFiles(full);
    if (!/\.tsx?$/.test(entry.name)) return [];
    return /^["']use server["'];/.test(fs.readFileSync(full, "utf8").trimStart()) ? [path.relative(APP_DIR, full).split(path.sep).join("/")] : [];
  });
}

/** Every server action, by file and export; `public` ones need no sign-in (signing in is their job). */
const SERVER_ACTIONS: Record<string, Record<string, "public" | "checked">> = {
  "sign-in/actions.ts": { signInAction: "public", signUpAction: "public", signOutAction: "public", ssoSignInAction: "public" },
  "onboarding/actions.ts": { createOrganizationAction: "checked" },
  "invitations/[token]/actions.ts": { acceptInvitationAction: "checked" },
  "account/actions.ts": { switchOrganizationAction: "checked" },
  "settings/tokens/actions.ts": { createTokenAction: "checked", revokeTokenAction: "checked" },
  "settings/members/actions.ts": { inviteMemberAction: "checked", changeMemberRoleAction: "checked", addTeamMemberAction: "checked", removeTeamMemberAction: "checked", removeMemberAction: "checked", revokeInvitationAction: "checked" },
  "deploys/[id]/actions.ts": { decideApprovalAction: "checked" },
  "settings/integrations/actions.ts": {
    saveIntegrationAction: "checked",
    deleteIntegrationAction: "checked",
    linkSlackWorkspaceAction: "checked",
    setLearningsChannelAction: "checked",
    saveGithubAppAction: "checked",
    deleteGithubAppAction: "checked",
  },
  "settings/telemetry/actions.ts": { claimEndpointAction: "checked" },
  "services/[slug]/actions.ts": { keepServiceAction: "checked", archiveServiceAction: "checked" },
  "settings/email/actions.ts": { saveSmtpSettingsAction: "checked", deleteSmtpSettingsAction: "checked" },
  "account/notifications/actions.ts": { saveNotificationSettingsAction: "checked" },
  "feed/actions.ts": { setFollowingAction: "checked" },
  "incidents/near-miss-draft-actions.ts": { fileNearMissDraftAction: "checked", dismissNearMissDraftAction: "checked" },
  // Any member may report and edit incidents; another organization's incident is not found (server/incidents/incidents-web-actions.integration.test.ts).
  "incidents/actions.ts": {
    reportIncidentAction: "checked",
    updateIncidentAction: "checked",
    addTimelineEntryAction: "checked",
    savePostmortemAction: "checked",
    addActionItemAction: "checked",
    setActionItemDoneAction: "checked",
  },
};

/** Actions bound to a plain <form action> (FormData only); the others are useActionState actions (state, FormData). */
const FORM_ONLY_ACTIONS = ["changeMemberRoleAction", "removeMemberAction", "revokeInvitationAction", "addTeamMemberAction", "removeTeamMemberAction", "switchOrganizationAction", "deleteIntegrationAction", "linkSlackWorkspaceAction", "setLearningsChannelAction", "deleteGithubAppAction", "saveSmtpSettingsAction", "deleteSmtpSettingsAction", "saveNotificationSettingsAction", "setFollowingAction"];

async function loadActions(file: string): Promise<Record<string, TAction>> {
  return (await import(path.join(APP_DIR, file))) as Record<string, TAction>;
}

describe("every server action has a tenancy case", () => {
  it("SERVER_ACTIONS lists every 'use server' file and every action it exports", async () => {
    expect(findServerActionFiles(APP_DIR).sort()).toEqual(Object.keys(SERVER_ACTIONS).sort());
    for (const [file, actions] of Object.entries(SERVER_ACTIONS)) {
      const exported = Object.entries(await loadActions(file)).filter(([, value]) => typeof value === "function").map(([name]) => name);
      expect(exported.sort(), file).toEqual(Object.keys(actions).sort());
    }
  });
});

describe.each(TEST_DATABASE_KINDS)("server actions and tenancy on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let a: { id: string };
  let b: { id: string };
  let aAdmin: Awaited<ReturnType<typeof createSignedInMember>>;
  let aMember: Awaited<ReturnType<typeof createSignedInMember>>;
  let bAdmin: Awaited<ReturnType<typeof createSignedInMember>>;
  let bTokenId: string;
  let bDeploy: { id: string; team: string };
  let aDeploy: { id: string; team: string };
  let bInvitationToken: string;
  let bInvitationId: string;
  let aInvitationId: string;
  let bIntegrationId: string;
  let bDraftId: string;
  let aDraftId: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    a = await upsertOrganization("actions-a", "Actions A");
    b = await upsertOrganization("actions-b", "Actions B");
    const example = readCatalogSources(EXAMPLE_CATALOG_DIR);
    await importCatalog(a.id, example, "example");
    await importCatalog(b.id, example, "example");
    await seedDemoDeployRequests(a.id, () => {});
    await seedDemoDeployRequests(b.id, () => {});
    const pending = async (organizationId: string) => {
      const row = await getPrisma().deployRequest.findFirstOrThrow({
        where: { organizationId, status: "pending" },
        select: { id: true, approvals: { select: { team: { select: { slug: true } } } } },
      });
      return { id: row.id, team: row.approvals[0]?.team.slug ?? "checkout" };
    };
    aDeploy = await pending(a.id);
    bDeploy = await pending(b.id);
    aAdmin = await createSignedInMember(a.id, { role: "admin" });
    aMember = await createSignedInMember(a.id, { role: "member" });
    // B's admin owns B's asked team: if anything let A decide for B, B's approval would change.
    bAdmin = await createSignedInMember(b.id, { role: "admin", teams: [{ slug: bDeploy.team, role: "owner" }] });
    bTokenId = (await createApiToken(b.id, "b-ci")).id;
    const bSession = await getSignedInSession(new Headers({ cookie: bAdmin.cookie }));
    if (!bSession) throw new Error("no B session");
    const bContext = await resolveUserActor(bSession);
    if (bContext.kind !== "member") throw new Error("B admin is no member");
    const link = (await inviteMember(b.id, bContext.actor, { email: "someone-else@actions.test", role: "admin" }, "http://localhost")).link;
    bInvitationToken = link.split("/invitations/")[1] ?? "";
    bInvitationId = (await getPrisma().invitation.findFirstOrThrow({ where: { organizationId: b.id }, select: { id: true } })).id;
    const aSessionForInvite = await getSignedInSession(new Headers({ cookie: aAdmin.cookie }));
    const aContext = aSessionForInvite ? await resolveUserActor(aSessionForInvite) : null;
    if (aContext?.kind !== "member") throw new Error("A admin is no member");
    aInvitationId = (await inviteMember(a.id, aContext.actor, { email: "pal-of-a@actions.test", role: "member" }, "http://localhost")).id;
    await saveIntegration(b.id, bContext.actor, { kind: "oidc", name: "b-sso", config: { issuer: "https://login.b.test", clientId: "b-client" }, secret: B_CLIENT_SECRET });
    bIntegrationId = (await getPrisma().integration.findFirstOrThrow({ where: { organizationId: b.id }, select: { id: true } })).id;
    const bKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    await saveGithubApp(b.id, bContext.actor, { appId: "424242", apiUrl: "https://api.github.com", privateKey: bKey, webhookSecret: "b-webhook-secret", mappings: [] });
    // Near-miss drafts for the asked team (aMember is not in it; B's admin owns B's).
    const draft = (organizationId: string, team: string) =>
      reportIncident(organizationId, { title: "Break-glass deploy", kind: "near_miss", ownerTeam: team }, { via: "system", name: "Plumbline", personId: null }, { now: new Date(), status: "draft", dedupeKey: `draft:break_glass:${organizationId}` });
    aDraftId = (await draft(a.id, aDeploy.team)).incident.id;
    bDraftId = (await draft(b.id, bDeploy.team)).incident.id;
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  const bState = async () => {
    const prisma = getPrisma();
    return {
      tokenRevoked: (await prisma.apiToken.findUniqueOrThrow({ where: { id: bTokenId }, select: { revokedAt: true } })).revokedAt !== null,
      approvals: await prisma.approval.findMany({ where: { organizationId: b.id }, select: { id: true, status: true }, orderBy: { id: "asc" } }),
      members: await prisma.organizationMember.findMany({ where: { organizationId: b.id }, select: { userId: true, role: true }, orderBy: { userId: "asc" } }),
      memberships: await prisma.teamMembership.count({ where: { organizationId: b.id } }),
      invitations: await prisma.invitation.findMany({ where: { organizationId: b.id }, select: { id: true, acceptedAt: true }, orderBy: { id: "asc" } }),
      integrations: await prisma.integration.findMany({ where: { organizationId: b.id }, select: { id: true, config: true, secretCiphertext: true } }),
      githubApp: await prisma.githubApp.findUnique({ where: { organizationId: b.id } }),
      smtpSettings: await prisma.smtpSettings.findUnique({ where: { organizationId: b.id } }),
      follows: await prisma.follow.count({ where: { organizationId: b.id } }),
      learningsChannel: (await prisma.organization.findUniqueOrThrow({ where: { id: b.id }, select: { learningsSlackChannel: true } })).learningsSlackChannel,
      notificationSettings: await prisma.notificationSettings.count({ where: { organizationId: b.id } }),
      incidents: await prisma.incident.findMany({ where: { organizationId: b.id }, select: { id: true, status: true }, orderBy: { id: "asc" } }),
    };
  };

  it("anonymous: every checked action sends to /sign-in and changes nothing", async () => {
    const before = await bState();
    const forms: Record<string, Record<string, string>> = {
      createTokenAction: { name: "anon" },
      revokeTokenAction: { id: bTokenId },
      decideApprovalAction: { deployRequestId: bDeploy.id, team: bDeploy.team, decision: "approve", comment: "" },
      inviteMemberAction: { email: "x@y.test", role: "admin" },
      changeMemberRoleAction: { userId: bAdmin.userId, role: "member" },
      addTeamMemberAction: { email: "x@y.test", name: "X", teamSlug: "checkout", role: "owner" },
      removeTeamMemberAction: { personId: bAdmin.personId, teamSlug: bDeploy.team },
      removeMemberAction: { userId: bAdmin.userId },
      revokeInvitationAction: { invitationId: bInvitationId },
      switchOrganizationAction: { organizationId: b.id },
      createOrganizationAction: { name: "Anon org", slug: "anon-org" },
      acceptInvitationAction: { token: bInvitationToken },
      saveIntegrationAction: { kind: "oidc", name: "b-sso", issuer: "https://evil.test", clientId: "x", secret: "y" },
      deleteIntegrationAction: { id: bIntegrationId },
      linkSlackWorkspaceAction: { slackTeamId: "TANON0001" },
      setLearningsChannelAction: { channel: "#anon" },
      saveGithubAppAction: { appId: "1", apiUrl: "https://api.github.com", webhookSecret: "anon", mappings: "" },
      deleteGithubAppAction: {},
      claimEndpointAction: { namespace: "bookinfo", workload: "anon-v1", service: "anon-claimed" },
      keepServiceAction: { slug: "checkout", reason: "anonymous keep" },
      archiveServiceAction: { slug: "checkout", reason: "anonymous archive" },
      saveSmtpSettingsAction: { host: "smtp.anon.test", port: "587", fromAddress: "anon@anon.test" },
      deleteSmtpSettingsAction: {},
      saveNotificationSettingsAction: { approvals: "email", digest: "email" },
      setFollowingAction: { kind: "service", slug: "checkout", follow: "1" },
      fileNearMissDraftAction: { incidentId: bDraftId },
      dismissNearMissDraftAction: { incidentId: bDraftId },
      reportIncidentAction: { title: "anonymous report", kind: "SEV3" },
      updateIncidentAction: { incidentId: "any", status: "resolved" },
      addTimelineEntryAction: { incidentId: "any", text: "anon" },
      savePostmortemAction: { incidentId: "any", learning: "Anon." },
      addActionItemAction: { incidentId: "any", title: "anon" },
      setActionItemDoneAction: { incidentId: "any", itemId: "any", done: "true" },
    };
    for (const [file, actions] of Object.entries(SERVER_ACTIONS)) {
      const loaded = await loadActions(file);
      for (const [name, mode] of Object.entries(actions)) {
        if (mode === "public") continue;
        const action = loaded[name];
        const form = forms[name];
        if (!action || !form) throw new Error(`no case for ${name}`);
        const withState = !FORM_ONLY_ACTIONS.includes(name);
        const outcome = await run(action, form, null, withState);
        expect(outcome, name).toEqual({ kind: "redirect", to: expect.stringContaining("/sign-in") });
      }
    }
    expect(await bState()).toEqual(before);
  });

  it("a member of A without the admin role: refused, nothing changes", async () => {
    const tokens = await loadActions("settings/tokens/actions.ts");
    const members = await loadActions("settings/members/actions.ts");
    const deploys = await loadActions("deploys/[id]/actions.ts");
    const aTokensBefore = await getPrisma().apiToken.count({ where: { organizationId: a.id } });
    expect(await run(tokens.createTokenAction!, { name: "sneaky" }, aMember)).toEqual({ kind: "returned", value: { ok: false, message: expect.stringContaining("admins") } });
    expect(await getPrisma().apiToken.count({ where: { organizationId: a.id } })).toBe(aTokensBefore);
    expect(await run(tokens.revokeTokenAction!, { id: bTokenId }, aMember)).toEqual({ kind: "returned", value: { ok: false, message: expect.stringContaining("admins") } });
    expect(await run(members.inviteMemberAction!, { email: "pal@actions.test", role: "admin" }, aMember)).toEqual({ kind: "returned", value: { ok: false, message: expect.stringContaining("admins") } });
    const roleChange = await run(members.changeMemberRoleAction!, { userId: aMember.userId, role: "admin" }, aMember, false);
    expect(roleChange).toEqual({ kind: "redirect", to: expect.stringContaining("error=") });
    expect((await getPrisma().organizationMember.findFirstOrThrow({ where: { organizationId: a.id, userId: aMember.userId } })).role).toBe("member");
    expect(await run(members.addTeamMemberAction!, { email: aMember.email, name: "Me", teamSlug: aDeploy.team, role: "owner" }, aMember, false)).toEqual({ kind: "redirect", to: expect.stringContaining("error=") });
    expect(await run(members.removeTeamMemberAction!, { personId: aMember.personId, teamSlug: aDeploy.team }, aMember, false)).toEqual({ kind: "redirect", to: expect.stringContaining("error=") });
    expect(await run(members.removeMemberAction!, { userId: aAdmin.userId }, aMember, false)).toEqual({ kind: "redirect", to: expect.stringContaining("admins") });
    expect(await getPrisma().organizationMember.count({ where: { organizationId: a.id, userId: aAdmin.userId } })).toBe(1);
    expect(await run(members.revokeInvitationAction!, { invitationId: aInvitationId }, aMember, false)).toEqual({ kind: "redirect", to: expect.stringContaining("admins") });
    expect(await getPrisma().invitation.count({ where: { id: aInvitationId } })).toBe(1);
    const email = await loadActions("settings/email/actions.ts");
    expect(await run(email.saveSmtpSettingsAction!, { host: "smtp.a.test", port: "587", fromAddress: "a@a.test" }, aMember, false)).toEqual({ kind: "redirect", to: expect.stringContaining("admins") });
    expect(await getPrisma().smtpSettings.count({ where: { organizationId: a.id } })).toBe(0);
    const integrations = await loadActions("settings/integrations/actions.ts");
    expect(await run(integrations.saveIntegrationAction!, { kind: "oidc", name: "mine", issuer: "https://login.a.test", clientId: "a", secret: "s" }, aMember)).toEqual({
      kind: "returned",
      value: { ok: false, message: expect.stringContaining("admins") },
    });
    expect(await getPrisma().integration.count({ where: { organizationId: a.id } })).toBe(0);
    expect(await run(integrations.linkSlackWorkspaceAction!, { slackTeamId: "TMEMBER01" }, aMember, false)).toEqual({ kind: "redirect", to: expect.stringContaining("error=") });
    expect((await getPrisma().organization.findUniqueOrThrow({ where: { id: a.id }, select: { slackTeamId: true } })).slackTeamId).toBeNull();
    expect(await run(integrations.setLearningsChannelAction!, { channel: "#member-choice" }, aMember, false)).toEqual({ kind: "redirect", to: expect.stringContaining("admins") });
    expect((await getPrisma().organization.findUniqueOrThrow({ where: { id: a.id }, select: { learningsSlackChannel: true } })).learningsSlackChannel).toBeNull();
    expect(await run(integrations.saveGithubAppAction!, { appId: "1", apiUrl: "https://api.github.com", webhookSecret: "mine", mappings: "" }, aMember)).toEqual({
      kind: "returned",
      value: { ok: false, message: expect.stringContaining("admins") },
    });
    expect(await getPrisma().githubApp.count({ where: { organizationId: a.id } })).toBe(0);
    const telemetry = await loadActions("settings/telemetry/actions.ts");
    expect(await run(telemetry.claimEndpointAction!, { namespace: "bookinfo", workload: "probe-v1", service: "probe-claimed" }, aMember)).toEqual({
      kind: "returned",
      value: { ok: false, message: expect.stringContaining("admins") },
    });
    expect(await getPrisma().telemetryClaim.count({ where: { organizationId: a.id } })).toBe(0);
    expect(await getPrisma().service.count({ where: { slug: "probe-claimed" } })).toBe(0);
    // Not an owner of checkout's team, not an admin: may neither keep nor archive it.
    const stale = await loadActions("services/[slug]/actions.ts");
    for (const name of ["keepServiceAction", "archiveServiceAction"]) {
      expect(await run(stale[name]!, { slug: "checkout", reason: "member probe" }, aMember), name).toEqual({ kind: "returned", value: { ok: false, message: expect.stringContaining("owners") } });
    }
    expect(await getPrisma().service.findFirstOrThrow({ where: { organizationId: a.id, slug: "checkout" }, select: { keptAt: true, archivedAt: true } })).toEqual({ keptAt: null, archivedAt: null });
    // Not an owner of the asked team: may not decide.
    const decided = await run(deploys.decideApprovalAction!, { deployRequestId: aDeploy.id, team: aDeploy.team, decision: "approve", comment: "" }, aMember);
    expect(decided).toEqual({ kind: "returned", value: { ok: false, message: expect.stringContaining("not a member") } });
    // Not in the draft's owner team: may not file or dismiss it.
    const drafts = await loadActions("incidents/near-miss-draft-actions.ts");
    for (const name of ["fileNearMissDraftAction", "dismissNearMissDraftAction"]) {
      expect(await run(drafts[name]!, { incidentId: aDraftId }, aMember), name).toEqual({ kind: "returned", value: { ok: false, message: expect.stringContaining("owner team") } });
    }
    expect((await getPrisma().incident.findUniqueOrThrow({ where: { id: aDraftId }, select: { status: true } })).status).toBe("draft");
  });

  it("A's admin aiming at B's rows: not found or ignored, B unchanged", async () => {
    const before = await bState();
    const tokens = await loadActions("settings/tokens/actions.ts");
    const members = await loadActions("settings/members/actions.ts");
    const deploys = await loadActions("deploys/[id]/actions.ts");
    const account = await loadActions("account/actions.ts");
    const invitations = await loadActions("invitations/[token]/actions.ts");
    expect(await run(tokens.revokeTokenAction!, { id: bTokenId }, aAdmin)).toEqual({ kind: "returned", value: { ok: false, message: expect.stringContaining("No such token") } });
    expect(await run(deploys.decideApprovalAction!, { deployRequestId: bDeploy.id, team: bDeploy.team, decision: "approve", comment: "" }, aAdmin)).toEqual({
      kind: "returned",
      value: { ok: false, message: expect.any(String) },
    });
    expect(await run(members.changeMemberRoleAction!, { userId: bAdmin.userId, role: "member" }, aAdmin, false)).toEqual({ kind: "redirect", to: expect.stringContaining("error=") });
    expect(await run(members.removeTeamMemberAction!, { personId: bAdmin.personId, teamSlug: bDeploy.team }, aAdmin, false)).toEqual({ kind: "redirect", to: expect.stringContaining("error=") });
    expect(await run(members.removeMemberAction!, { userId: bAdmin.userId }, aAdmin, false)).toEqual({ kind: "redirect", to: expect.stringContaining("No%20such%20member") });
    expect(await run(members.revokeInvitationAction!, { invitationId: bInvitationId }, aAdmin, false)).toEqual({ kind: "redirect", to: expect.stringContaining("No%20open%20invitation") });
    const integrations = await loadActions("settings/integrations/actions.ts");
    expect(await run(integrations.deleteIntegrationAction!, { id: bIntegrationId }, aAdmin, false)).toEqual({ kind: "redirect", to: expect.stringContaining("error=") });
    // Saving "b-sso" as A's admin creates A's own row; B's stays as it was (checked below).
    expect(await run(integrations.saveIntegrationAction!, { kind: "oidc", name: "b-sso", issuer: "https://login.a.test", clientId: "a", secret: "a-secret" }, aAdmin)).toEqual({
      kind: "returned",
      value: { ok: true, name: "b-sso" },
    });
    const telemetry = await loadActions("settings/telemetry/actions.ts");
    // B's unmatched endpoint is not A's to claim: A's admin is told A has no such endpoint, and nothing is claimed.
    await getPrisma().telemetryCoverageEndpoint.create({
      data: { organizationId: b.id, source: "prometheus:istio", role: "callee", key: "shop/checkout-canary", namespace: "shop", workload: "checkout-canary", requestRate: 3, reason: "no service for canonical name `checkout-canary`", measuredAt: new Date() },
    });
    expect(await run(telemetry.claimEndpointAction!, { namespace: "shop", workload: "checkout-canary", service: "checkout" }, aAdmin)).toEqual({
      kind: "returned",
      value: { ok: false, message: expect.stringContaining("No telemetry source named `shop/checkout-canary`") },
    });
    expect(await getPrisma().telemetryClaim.count({ where: { workload: "checkout-canary" } })).toBe(0);
    // A service only B has is not found for A's admin; B's service of the same slug as one of A's is never touched.
    const stale = await loadActions("services/[slug]/actions.ts");
    await getPrisma().service.create({ data: { organizationId: b.id, slug: "b-only-service", name: "B only" } });
    for (const name of ["keepServiceAction", "archiveServiceAction"]) {
      expect(await run(stale[name]!, { slug: "b-only-service", reason: "cross-tenant probe" }, aAdmin), name).toEqual({ kind: "returned", value: { ok: false, message: expect.stringContaining("No service `b-only-service`") } });
    }
    expect(await run(stale.keepServiceAction!, { slug: "checkout", reason: "A keeps its own checkout" }, aAdmin)).toEqual({
      kind: "returned",
      value: { ok: true, slug: "checkout", keptAt: expect.any(String), keptReason: "A keeps its own checkout" },
    });
    // Checkout is not stale (no telemetry round yet): the action answers why instead of archiving.
    expect(await run(stale.archiveServiceAction!, { slug: "checkout", reason: "A archives its own checkout" }, aAdmin)).toEqual({
      kind: "returned",
      value: { ok: false, message: expect.stringContaining("Only a stale service can be archived") },
    });
    expect(await getPrisma().service.findMany({ where: { organizationId: b.id, OR: [{ keptAt: { not: null } }, { archivedAt: { not: null } }] }, select: { slug: true } })).toEqual([]);
    // A has no GitHub App: removing "the" App as A's admin cannot reach B's.
    expect(await run(integrations.deleteGithubAppAction!, {}, aAdmin, false)).toEqual({ kind: "redirect", to: expect.stringContaining("error=") });
    // B's Slack workspace cannot be claimed by A.
    await getPrisma().organization.update({ where: { id: b.id }, data: { slackTeamId: `TBWORK${kind === "pglite" ? "01" : "02"}` } });
    expect(await run(integrations.linkSlackWorkspaceAction!, { slackTeamId: `TBWORK${kind === "pglite" ? "01" : "02"}` }, aAdmin, false)).toEqual({ kind: "redirect", to: expect.stringContaining("another%20organization") });
    expect((await getPrisma().organization.findUniqueOrThrow({ where: { id: a.id }, select: { slackTeamId: true } })).slackTeamId).toBeNull();
    // A's admin chooses A's learnings channel; B's is untouched (bState below).
    expect(await run(integrations.setLearningsChannelAction!, { channel: "a-learnings" }, aAdmin, false)).toEqual({ kind: "redirect", to: "/settings/integrations" });
    expect((await getPrisma().organization.findUniqueOrThrow({ where: { id: a.id }, select: { learningsSlackChannel: true } })).learningsSlackChannel).toBe("#a-learnings");
    // Switching to an organization the user does not belong to is ignored.
    await run(account.switchOrganizationAction!, { organizationId: b.id }, aAdmin, false);
    const aSession = await getSignedInSession(new Headers({ cookie: aAdmin.cookie }));
    const context = aSession ? await resolveUserActor(aSession) : null;
    expect(context?.kind === "member" ? context.organization.id : null).toBe(a.id);
    // B's invitation is for someone else's email.
    expect(await run(invitations.acceptInvitationAction!, { token: bInvitationToken }, aAdmin)).toEqual({ kind: "returned", value: { ok: false, message: expect.stringContaining("for someone-else@actions.test") } });
    // B's near-miss draft is not A's to file or dismiss; A's own admin files A's.
    const drafts = await loadActions("incidents/near-miss-draft-actions.ts");
    for (const name of ["fileNearMissDraftAction", "dismissNearMissDraftAction"]) {
      expect(await run(drafts[name]!, { incidentId: bDraftId }, aAdmin), name).toEqual({ kind: "returned", value: { ok: false, message: expect.stringContaining("no open draft") } });
    }
    expect(await run(drafts.fileNearMissDraftAction!, { incidentId: aDraftId }, aAdmin)).toEqual({ kind: "returned", value: { ok: true, incidentId: aDraftId, status: "resolved" } });
    expect(await bState()).toEqual(before);
  });
});

describe("integration secrets", () => {
  it("are stored sealed and never listed", async () => {
    const db = await openTestDatabase("pglite");
    try {
      const org = await upsertOrganization("sealed", "Sealed");
      const admin = await createSignedInMember(org.id, { role: "admin" });
      const session = await getSignedInSession(new Headers({ cookie: admin.cookie }));
      const context = session ? await resolveUserActor(session) : null;
      if (context?.kind !== "member") throw new Error("no admin");
      await saveIntegration(org.id, context.actor, { kind: "oidc", name: "sso", config: { issuer: "https://login.test", clientId: "c" }, secret: B_CLIENT_SECRET });
      const row = await getPrisma().integration.findFirstOrThrow({ where: { organizationId: org.id } });
      expect(JSON.stringify(row)).not.toContain(B_CLIENT_SECRET);
      const { listIntegrations, loadIntegrationsForWorkers } = await import("@/server/integrations/manage-integrations.ts");
      expect(JSON.stringify(await listIntegrations(org.id))).not.toContain(B_CLIENT_SECRET);
      expect((await loadIntegrationsForWorkers(org.id, "oidc"))[0]?.secret).toBe(B_CLIENT_SECRET);
    } finally {
      await db.close();
    }
  });
});
