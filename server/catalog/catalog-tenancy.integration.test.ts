import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CatalogSnapshot } from "@/domain/catalog/catalog-types.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { getPrisma } from "@/server/db/client.ts";
import { applyCatalogSnapshot } from "./catalog-write.repository.ts";
import { getCatalogOverview } from "./get-catalog-overview.ts";
import { getService } from "./get-service.ts";
import { getTeam } from "./get-team.ts";
import { listServices } from "./list-services.ts";
import { listTeams } from "./list-teams.ts";

// Two organizations with overlapping slugs: nothing one owns may appear for the other
// through the repository layer.

function snapshotFor(prefix: string): CatalogSnapshot {
  const service = (slug: string, owner: string) => ({
    slug,
    name: `${prefix} ${slug}`,
    description: `${prefix}'s ${slug}`,
    ownerTeamSlug: owner,
    tier: 1 as const,
    lifecycle: "production",
    type: "service",
    systemSlug: "shop",
    repoUrl: null,
    runbookUrl: null,
    slackChannel: null,
    links: [],
    tags: [prefix.toLowerCase()],
    annotations: {},
    providesApis: [],
    consumesApis: [],
  });
  return {
    teams: [{ slug: "payments", name: `${prefix} Payments`, description: null, slackChannel: `#${prefix}-pay`, parentSlug: null, email: null }],
    people: [{ email: `owner@${prefix.toLowerCase()}.example`, name: `${prefix} Owner`, handle: "owner", slackUserId: null }],
    memberships: [{ teamSlug: "payments", personEmail: `owner@${prefix.toLowerCase()}.example`, role: "owner" }],
    services: [service("checkout", "payments"), service("payments", "payments"), service(`${prefix.toLowerCase()}-only`, "payments")],
    systems: [{ slug: "shop", name: `${prefix} Shop`, description: null, ownerTeamSlug: "payments" }],
    entries: [],
    declaredEdges: [{ callerSlug: "checkout", calleeSlug: "payments", via: "dependsOn" }],
  };
}

describe.each(TEST_DATABASE_KINDS)("catalog tenancy on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let orgA: TOrganization;
  let orgB: TOrganization;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    orgA = await upsertOrganization("org-a", "Org A");
    orgB = await upsertOrganization("org-b", "Org B");
    const options = { prune: true, origin: "test", warningsByService: new Map() };
    await applyCatalogSnapshot(orgA.id, snapshotFor("Alpha"), options);
    await applyCatalogSnapshot(orgB.id, snapshotFor("Beta"), options);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("lists only the organization's own services", async () => {
    const a = await listServices(orgA.id, { sort: "name", order: "asc" });
    const b = await listServices(orgB.id, { sort: "name", order: "asc" });
    expect(a.map((s) => s.slug).sort()).toEqual(["alpha-only", "checkout", "payments"]);
    expect(b.map((s) => s.slug).sort()).toEqual(["beta-only", "checkout", "payments"]);
    expect(a.every((s) => s.name.startsWith("Alpha"))).toBe(true);
    expect(b.every((s) => s.name.startsWith("Beta"))).toBe(true);
  });

  it("does not find another organization's service by slug", async () => {
    expect(await getService(orgA.id, "beta-only")).toBeNull();
    expect(await getService(orgB.id, "alpha-only")).toBeNull();
    const checkout = await getService(orgA.id, "checkout");
    expect(checkout?.name).toBe("Alpha checkout");
    expect(checkout?.dependencies.map((d) => d.service.name)).toEqual(["Alpha payments"]);
    expect(checkout?.ownerTeam?.name).toBe("Alpha Payments");
  });

  it("keeps search, team and tier filters inside the organization", async () => {
    expect((await listServices(orgA.id, { q: "beta", sort: "name", order: "asc" })).length).toBe(0);
    const byTeam = await listServices(orgB.id, { team: "payments", sort: "name", order: "asc" });
    expect(byTeam.map((s) => s.name)).toEqual(["Beta beta-only", "Beta checkout", "Beta payments"]);
  });

  it("scopes teams, members and the overview", async () => {
    expect((await listTeams(orgA.id)).map((t) => t.name)).toEqual(["Alpha Payments"]);
    const team = await getTeam(orgB.id, "payments");
    expect(team?.members.map((m) => m.email)).toEqual(["owner@beta.example"]);
    expect(team?.services.every((s) => s.name.startsWith("Beta"))).toBe(true);
    expect(await getCatalogOverview(orgA.id)).toMatchObject({ serviceCount: 3, teamCount: 1, edgeCount: 1 });
  });

  it("counts a service's and a team's rows in the organization only", async () => {
    // Org B's checkout gets an SLO, a change event and a pending deploy request; org A's nothing.
    const prisma = getPrisma();
    const betaCheckout = await prisma.service.findUniqueOrThrow({ where: { organizationId_slug: { organizationId: orgB.id, slug: "checkout" } }, select: { id: true } });
    await prisma.slo.create({ data: { organizationId: orgB.id, serviceId: betaCheckout.id, name: "availability", kind: "availability", objective: 99.9 } });
    await prisma.changeEvent.create({ data: { organizationId: orgB.id, serviceId: betaCheckout.id, type: "deploy_requested", title: "checkout 1.0", source: "api", dedupeKey: "tenancy:1", occurredAt: new Date() } });
    await prisma.deployRequest.create({ data: { organizationId: orgB.id, serviceId: betaCheckout.id, environment: "production", version: "1.0", status: "pending" } });

    expect((await getService(orgA.id, "checkout"))?.counts).toEqual({ workloads: 0, slos: 0, changeEvents: 0, pendingDeploys: 0 });
    expect((await getService(orgB.id, "checkout"))?.counts).toEqual({ workloads: 0, slos: 1, changeEvents: 1, pendingDeploys: 1 });
    expect((await listTeams(orgA.id)).map((t) => [t.slug, t.serviceCount, t.memberCount])).toEqual([["payments", 3, 1]]);
    expect(await getTeam(orgB.id, "payments")).toMatchObject({ serviceCount: 3, memberCount: 1 });
  });

  it("prunes only within the organization", async () => {
    const smaller = snapshotFor("Alpha");
    smaller.services = smaller.services.filter((s) => s.slug !== "alpha-only");
    await applyCatalogSnapshot(orgA.id, smaller, { prune: true, origin: "test", warningsByService: new Map() });
    expect((await listServices(orgA.id, { sort: "name", order: "asc" })).length).toBe(2);
    expect((await listServices(orgB.id, { sort: "name", order: "asc" })).length).toBe(3);
  });
});
