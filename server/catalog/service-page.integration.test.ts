import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import type { TServiceListQuery, TServiceSummary } from "./catalog.schemas.ts";
import { listServicePage } from "./list-services.ts";
import { encodeServiceCursor } from "./service-list-cursor.ts";

// Keyset pagination, search and SQL counts of GET /api/v1/services, on both databases.

type TSeed = { slug: string; name: string; tier: number | null; team: string | null; description?: string | null; tags?: string[] };

async function seed(organizationId: string, services: TSeed[]): Promise<Map<string, string>> {
  const prisma = getPrisma();
  const teams = new Map<string, string>();
  for (const slug of new Set(services.map((s) => s.team).filter((t): t is string => t !== null))) {
    const team = await prisma.team.upsert({
      where: { organizationId_slug: { organizationId, slug } },
      create: { organizationId, slug, name: `Team ${slug}` },
      update: {},
      select: { id: true },
    });
    teams.set(slug, team.id);
  }
  const ids = new Map<string, string>();
  for (const s of services) {
    const row = await prisma.service.create({
      data: {
        organizationId,
        slug: s.slug,
        name: s.name,
        tier: s.tier,
        description: s.description ?? null,
        tags: s.tags ?? [],
        ownerTeamId: s.team ? (teams.get(s.team) ?? null) : null,
      },
      select: { id: true },
    });
    ids.set(s.slug, row.id);
  }
  return ids;
}

/** Every page of a query, following nextCursor. */
async function allPages(organizationId: string, query: TServiceListQuery, limit: number): Promise<TServiceSummary[][]> {
  const pages: TServiceSummary[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await listServicePage(organizationId, { ...query, limit, cursor });
    pages.push(page.services);
    if (!page.nextCursor) return pages;
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

const slugs = (rows: readonly TServiceSummary[]) => rows.map((r) => r.slug);

describe.each(TEST_DATABASE_KINDS)("services list pages on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let other: TOrganization;
  let ids: Map<string, string>;
  const base: TSeed[] = Array.from({ length: 23 }, (_, i) => ({
    slug: `svc-${String(i).padStart(2, "0")}`,
    // Repeated names: the id breaks the tie, so pages neither skip nor repeat them.
    name: `Service ${String(Math.floor(i / 2)).padStart(2, "0")}`,
    tier: i % 4 === 0 ? null : (i % 3) + 1,
    team: i % 5 === 0 ? null : `team-${i % 3}`,
    description: i === 7 ? "Takes card payments (100%_sure)" : null,
    tags: i === 11 ? ["grpc"] : [],
  }));

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("page-org", "Page Org");
    other = await upsertOrganization("page-other", "Other");
    ids = await seed(org.id, base);
    await seed(other.id, [{ slug: "svc-00", name: "Service 00", tier: 1, team: "team-0" }]);
    const prisma = getPrisma();
    const id = (slug: string) => ids.get(slug) ?? "";
    // svc-01 is called by svc-02 (mesh and declared: counted once), svc-03 and an outside caller.
    await prisma.edge.createMany({
      data: [
        { organizationId: org.id, key: "m:02-01", callerId: id("svc-02"), calleeId: id("svc-01"), source: "mesh" },
        { organizationId: org.id, key: "d:02-01", callerId: id("svc-02"), calleeId: id("svc-01"), source: "declared" },
        { organizationId: org.id, key: "m:03-01", callerId: id("svc-03"), calleeId: id("svc-01"), source: "mesh" },
        { organizationId: org.id, key: "m:x-01", callerId: null, calleeId: id("svc-01"), source: "mesh" },
        { organizationId: org.id, key: "m:01-04", callerId: id("svc-01"), calleeId: id("svc-04"), source: "mesh" },
        { organizationId: org.id, key: "gone", callerId: id("svc-05"), calleeId: id("svc-01"), source: "mesh", goneAt: new Date() },
      ],
    });
    await prisma.slo.createMany({
      data: [
        { organizationId: org.id, serviceId: id("svc-01"), name: "a", kind: "availability", objective: 99.9, status: "healthy", budgetRemaining: 0.8 },
        { organizationId: org.id, serviceId: id("svc-01"), name: "b", kind: "availability", objective: 99.9, status: "breached", budgetRemaining: -0.1 },
        { organizationId: org.id, serviceId: id("svc-02"), name: "a", kind: "availability", objective: 99.9, status: "at_risk", budgetRemaining: 0.3 },
      ],
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("pages through every service of the organization exactly once, in the requested order", async () => {
    for (const sort of ["name", "tier", "team", "dependents", "budget"] as const) {
      for (const order of ["asc", "desc"] as const) {
        const pages = await allPages(org.id, { sort, order }, 4);
        const seen = pages.flat();
        expect(new Set(slugs(seen)).size, `${sort} ${order}`).toBe(base.length);
        expect(pages.every((p) => p.length <= 4)).toBe(true);
        // The whole list in one page has the same order as the pages joined.
        const one = await listServicePage(org.id, { sort, order, limit: 200 });
        expect(slugs(seen), `${sort} ${order}`).toEqual(slugs(one.services));
        expect(one.total).toBe(base.length);
      }
    }
  });

  it("pages a search and a status filter the same way in every sort (matches found once, then paged)", async () => {
    for (const filter of [{ q: "service" }, { q: "SVC-1" }, { status: "none" as const }, { q: "svc", status: "none" as const }]) {
      for (const sort of ["name", "tier", "team", "dependents", "budget"] as const) {
        for (const order of ["asc", "desc"] as const) {
          const one = await listServicePage(org.id, { ...filter, sort, order, limit: 200 });
          const pages = await allPages(org.id, { ...filter, sort, order }, 3);
          const label = `${JSON.stringify(filter)} ${sort} ${order}`;
          expect(slugs(pages.flat()), label).toEqual(slugs(one.services));
          expect(one.total, label).toBe(one.services.length);
          expect(one.total, label).toBeGreaterThan(3);
        }
      }
    }
  });

  it("sorts a search's matches by dependents alike whether the page walks the count index (many matches) or looks each count up (few)", async () => {
    // 23 matches: a page of 2 walks the index (more than 4 matches per page row), a page of 200 looks the counts up.
    const walked = await allPages(org.id, { q: "service", sort: "dependents", order: "desc" }, 2);
    const lookedUp = await listServicePage(org.id, { q: "service", sort: "dependents", order: "desc", limit: 200 });
    expect(slugs(walked.flat())).toEqual(slugs(lookedUp.services));
    expect(slugs(lookedUp.services).slice(0, 2)).toEqual(["svc-01", "svc-04"]);
    const counts = lookedUp.services.map((s) => s.dependentCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    // 10 of the 23 match: the walk keeps only them.
    const someWalked = await allPages(org.id, { q: "SVC-1", sort: "dependents", order: "asc" }, 1);
    const someLookedUp = await listServicePage(org.id, { q: "SVC-1", sort: "dependents", order: "asc", limit: 200 });
    expect(someLookedUp.total).toBe(10);
    expect(slugs(someWalked.flat())).toEqual(slugs(someLookedUp.services));
    // A search matching one service in an organization of many.
    const one = await listServicePage(org.id, { q: "100%_sure", sort: "dependents", order: "asc", limit: 1 });
    expect({ slugs: slugs(one.services), total: one.total, next: one.nextCursor }).toEqual({ slugs: ["svc-07"], total: 1, next: null });
  });

  it("answers the total on a page past the last row", async () => {
    // A cursor past every row (as if one had been deleted after its page was read): no rows after it.
    const past = (sort: "name" | "dependents") => encodeServiceCursor({ sort, order: "asc", key: sort === "name" ? "\uffff" : 1_000_000, id: "~" });
    const page = await listServicePage(org.id, { sort: "name", order: "asc", cursor: past("name") });
    expect(page).toMatchObject({ services: [], nextCursor: null, total: base.length });
    expect(await listServicePage(org.id, { sort: "dependents", order: "asc", cursor: past("dependents") })).toMatchObject({ services: [], total: base.length });
    const searched = await listServicePage(org.id, { q: "service", sort: "name", order: "asc", cursor: past("name") });
    expect(searched).toMatchObject({ services: [], nextCursor: null, total: base.length });
  });

  it("sorts missing values last in both directions", async () => {
    for (const order of ["asc", "desc"] as const) {
      const tiers = (await allPages(org.id, { sort: "tier", order }, 5)).flat().map((s) => s.tier);
      const firstNull = tiers.indexOf(null);
      expect(firstNull).toBeGreaterThan(0);
      expect(tiers.slice(firstNull).every((t) => t === null)).toBe(true);
      const known = tiers.slice(0, firstNull) as number[];
      expect(known).toEqual([...known].sort((a, b) => (order === "asc" ? a - b : b - a)));
    }
  });

  it("keeps the cursor stable while services are inserted before and after it", async () => {
    const first = await listServicePage(org.id, { sort: "name", order: "asc", limit: 6 });
    expect(first.nextCursor).not.toBeNull();
    // One service sorts before everything already seen, one after: only the second may appear later.
    await seed(org.id, [
      { slug: "aaa-early", name: "Service 00", tier: 1, team: null },
      { slug: "zzz-late", name: "Service 99", tier: 1, team: null },
    ]);
    let cursor = first.nextCursor ?? undefined;
    const rest: TServiceSummary[] = [];
    while (cursor) {
      const page = await listServicePage(org.id, { sort: "name", order: "asc", limit: 6, cursor });
      rest.push(...page.services);
      cursor = page.nextCursor ?? undefined;
    }
    const seen = [...slugs(first.services), ...slugs(rest)];
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain("zzz-late");
    expect(seen.filter((s) => s.startsWith("svc-")).sort()).toEqual(base.map((s) => s.slug).sort());
    await getPrisma().service.deleteMany({ where: { organizationId: org.id, slug: { in: ["aaa-early", "zzz-late"] } } });
  });

  it("keeps a search's cursor stable in descending order while matches are inserted and the cursor's own row is deleted", async () => {
    const query = { q: "service", sort: "name", order: "desc" } as const;
    const first = await listServicePage(org.id, { ...query, limit: 5 });
    const cursorRow = first.services.at(-1);
    if (!cursorRow || !first.nextCursor) throw new Error("expected more than one page");
    const deleted = base.find((s) => s.slug === cursorRow.slug);
    if (!deleted) throw new Error(`${cursorRow.slug} is not a seeded service`);
    await seed(org.id, [
      // Sorts before every row already seen (descending): must not appear on later pages.
      { slug: "desc-before", name: "Service 99", tier: 1, team: null },
      // Sorts after them and matches by description: must appear.
      { slug: "desc-after", name: "Sera", tier: 1, team: null, description: "A service added while paging" },
      // Would sort after them but does not match the search: must not appear.
      { slug: "desc-unmatched", name: "Aardvark", tier: 1, team: null },
    ]);
    // The row the cursor was made from disappears: the keyset still knows where to go on.
    await getPrisma().service.delete({ where: { organizationId_slug: { organizationId: org.id, slug: cursorRow.slug } } });
    try {
      const rest: TServiceSummary[] = [];
      let cursor: string | undefined = first.nextCursor;
      while (cursor) {
        const page = await listServicePage(org.id, { ...query, limit: 5, cursor });
        rest.push(...page.services);
        cursor = page.nextCursor ?? undefined;
      }
      // Exactly what a fresh listing has after the first page's rows, in the same order.
      const fresh = await listServicePage(org.id, { ...query, limit: 200 });
      const firstSlugs = slugs(first.services);
      expect(slugs(rest)).toEqual(slugs(fresh.services).filter((slug) => !firstSlugs.includes(slug) && slug !== "desc-before"));
      expect(slugs(rest)).toContain("desc-after");
      expect(slugs(rest)).not.toContain("desc-unmatched");
      const seen = [...firstSlugs, ...slugs(rest)];
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((slug) => slug.startsWith("svc-")).sort()).toEqual(base.map((s) => s.slug).sort());
    } finally {
      await getPrisma().service.deleteMany({ where: { organizationId: org.id, slug: { in: ["desc-before", "desc-after", "desc-unmatched"] } } });
      await seed(org.id, [deleted]);
    }
  });

  it("counts dependencies, dependents (outside callers once, declared + observed once), SLO status and budget in SQL", async () => {
    const page = await listServicePage(org.id, { q: "svc-01", sort: "name", order: "asc" });
    expect(page.services).toHaveLength(1);
    expect(page.services[0]).toMatchObject({
      slug: "svc-01",
      dependencyCount: 1,
      dependentCount: 3,
      sloStatus: "breached",
      budgetRemaining: -0.1,
      workloadCount: 0,
    });
    const byDependents = await listServicePage(org.id, { sort: "dependents", order: "desc", limit: 1 });
    expect(slugs(byDependents.services)).toEqual(["svc-01"]);
    const byBudget = await listServicePage(org.id, { sort: "budget", order: "asc", limit: 2 });
    expect(slugs(byBudget.services)).toEqual(["svc-01", "svc-02"]);
  });

  it("searches name, slug, description and tags, case-insensitively and with % and _ taken literally", async () => {
    expect(slugs((await listServicePage(org.id, { q: "CARD PAY", sort: "name", order: "asc" })).services)).toEqual(["svc-07"]);
    expect(slugs((await listServicePage(org.id, { q: "100%_", sort: "name", order: "asc" })).services)).toEqual(["svc-07"]);
    expect((await listServicePage(org.id, { q: "%", sort: "name", order: "asc" })).total).toBe(1);
    expect(slugs((await listServicePage(org.id, { q: "grpc", sort: "name", order: "asc" })).services)).toEqual(["svc-11"]);
    // A match never spans two columns (PGlite searches them joined by a separator), not even with the separator typed in.
    expect((await listServicePage(org.id, { q: "takes card payments (100%_sure)", sort: "name", order: "asc" })).total).toBe(1);
    expect((await listServicePage(org.id, { q: "Service 03svc-07", sort: "name", order: "asc" })).total).toBe(0);
    expect((await listServicePage(org.id, { q: "Service 03\u0001svc-07", sort: "name", order: "asc" })).total).toBe(0);
    expect((await listServicePage(org.id, { q: "03\u0001svc", sort: "name", order: "asc" })).total).toBe(0);
    const named = await listServicePage(org.id, { q: "service 1", sort: "name", order: "asc" });
    expect(named.total).toBe(3); // Service 10 (twice) and Service 11
    expect(named.services.every((s) => s.name.startsWith("Service 1"))).toBe(true);
  });

  it("filters by team, tier and worst SLO status, and never shows another organization's services", async () => {
    const team = await listServicePage(org.id, { team: "team-1", sort: "name", order: "asc", limit: 200 });
    expect(team.total).toBe(base.filter((s) => s.team === "team-1").length);
    expect(team.services.every((s) => s.ownerTeam?.slug === "team-1")).toBe(true);
    const tier = await listServicePage(org.id, { tier: 2, sort: "name", order: "asc", limit: 200 });
    expect(tier.total).toBe(base.filter((s) => s.tier === 2).length);
    expect(slugs((await listServicePage(org.id, { status: "breached", sort: "name", order: "asc" })).services)).toEqual(["svc-01"]);
    expect(slugs((await listServicePage(org.id, { status: "at_risk", sort: "name", order: "asc" })).services)).toEqual(["svc-02"]);
    expect((await listServicePage(org.id, { status: "none", sort: "name", order: "asc" })).total).toBe(base.length - 2);
    expect((await listServicePage(other.id, { sort: "name", order: "asc" })).total).toBe(1);
  });

  it("refuses a cursor made for another sort, or not made by the list at all", async () => {
    const page = await listServicePage(org.id, { sort: "name", order: "asc", limit: 2 });
    await expect(listServicePage(org.id, { sort: "tier", order: "asc", cursor: page.nextCursor ?? "" })).rejects.toBeInstanceOf(ZodError);
    await expect(listServicePage(org.id, { sort: "name", order: "desc", cursor: page.nextCursor ?? "" })).rejects.toBeInstanceOf(ZodError);
    await expect(listServicePage(org.id, { sort: "name", order: "asc", cursor: "not-a-cursor" })).rejects.toBeInstanceOf(ZodError);
  });
});
