import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServiceGraph, focusServiceGraph } from "@/domain/graph/build-service-graph.ts";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { createHeavyReadAdmission } from "@/server/http/heavy-read-admission.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { seedLargeOrganization } from "@/server/testing/seed-large-organization.ts";
import { exportServiceGraph, exportServiceGraphStream, GRAPH_EXPORT_CHUNK } from "./export-service-graph.ts";
import { getServiceGraph } from "./get-service-graph.ts";
import { edgeSliceConditions } from "./edge-slices.repository.ts";
import { findGraphTotals, findTeamGraphRows } from "./graph-aggregates.repository.ts";
import { findServiceGraphRows } from "./graph.repository.ts";
import { GRAPH_FULL_MAX_SERVICES, GRAPH_TEAM_VIEW_MAX_TEAMS, GRAPH_VIEW_MAX_NODES } from "./graph.schemas.ts";

// The graph read bounded: focus from the database's neighbourhood only, team views, the
// team-level default of a large organization, and the streamed full export.

const SERVICES = GRAPH_FULL_MAX_SERVICES + 350;
const TEAMS = 7;
const STEPS = [1, 7, 31, 97, 211, 13, 53, 139, 3, 17];
const CALLS_PER_SERVICE = STEPS.length;

/** A ring-ish graph big enough for the team-level default: service n calls n+1, n+7, n+31, … (mod SERVICES). */
async function seedLarge(organizationId: string): Promise<void> {
  const prisma = getPrisma();
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Team" ("id", "organizationId", "slug", "name", "updatedAt")
     SELECT gen_random_uuid()::text, $1, 'team-' || g, 'Team ' || g, now() FROM generate_series(1, ${TEAMS}) g`,
    organizationId,
  );
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Service" ("id", "organizationId", "slug", "name", "ownerTeamId", "updatedAt")
     SELECT gen_random_uuid()::text, $1, 'svc-' || g, 'Service ' || g,
            (SELECT "id" FROM "Team" WHERE "organizationId" = $1 AND "slug" = 'team-' || (g % ${TEAMS} + 1)), now()
     FROM generate_series(1, ${SERVICES}) g`,
    organizationId,
  );
  for (const step of STEPS) {
    await prisma.$executeRawUnsafe(
      `WITH s AS (SELECT "id", substring("slug" from 5)::int AS n FROM "Service" WHERE "organizationId" = $1)
       INSERT INTO "Edge" ("id", "organizationId", "key", "callerId", "calleeId", "source", "requestRate", "successRatio", "updatedAt")
       SELECT gen_random_uuid()::text, $1, 'mesh:' || c.n || '->' || t.n, c."id", t."id", 'mesh', 1.5 + c.n % 5, 0.9 + (t.n % 10) / 100.0, now()
       FROM s c JOIN s t ON t.n = ((c.n + ${step} - 1) % ${SERVICES}) + 1`,
      organizationId,
    );
  }
  // Callers outside the mesh reach svc-1.
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Edge" ("id", "organizationId", "key", "callerId", "calleeId", "source", "requestRate", "updatedAt")
     SELECT gen_random_uuid()::text, $1, 'mesh:outside->1', NULL, "id", 'mesh', 10, now() FROM "Service" WHERE "organizationId" = $1 AND "slug" = 'svc-1'`,
    organizationId,
  );
}

describe.each(TEST_DATABASE_KINDS)("bounded service graph on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let other: TOrganization;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("big-graph", "Big Graph");
    other = await upsertOrganization("big-graph-other", "Other");
    await seedLarge(org.id);
    await seedLarge(other.id);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("focuses from the database's neighbourhood exactly as the in-memory walk over the whole graph does", async () => {
    const rows = await findServiceGraphRows(org.id);
    const full = buildServiceGraph(rows.services, rows.edges);
    for (const depth of [1, 2]) {
      for (const focus of ["svc-1", "svc-150"]) {
        const expected = focusServiceGraph(full, focus, depth);
        const graph = await getServiceGraph(org.id, { focus, depth });
        if (!graph) throw new Error("no graph");
        expect(graph.view).toBe("focus");
        expect(graph.truncated).toBe(false);
        expect(graph.nodes.map((n) => n.id).sort(), `${focus} depth ${depth}`).toEqual(expected.nodes.map((n) => n.id).sort());
        expect(graph.edges.map((e) => e.id).sort(), `${focus} depth ${depth}`).toEqual(expected.edges.map((e) => e.id).sort());
      }
    }
  });

  it("focuses along this organization's live edges only: not another organization's, not edges that are gone", async () => {
    // Changes are made in the second organization and in this one's edges to it only, so the
    // totals and team views the other tests read (shared for a few seconds) never see them.
    const prisma = getPrisma();
    const before = await getServiceGraph(other.id, { focus: "svc-150", depth: 1 });
    if (!before) throw new Error("no graph");
    expect(before.nodes.map((n) => n.id)).toContain("svc-151");
    // This organization has the same slugs; give its svc-150 a callee the other one does not have.
    const ownCaller = await prisma.service.findUniqueOrThrow({ where: { organizationId_slug: { organizationId: org.id, slug: "svc-150" } } });
    const ownOnly = await prisma.service.create({ data: { organizationId: org.id, slug: "own-only", name: "Own only" } });
    await prisma.edge.create({ data: { organizationId: org.id, key: "mesh:150->own-only", callerId: ownCaller.id, calleeId: ownOnly.id, source: "mesh" } });
    // svc-150 → svc-151 stops being seen: svc-151 is then more than one hop away.
    const gone = await prisma.edge.update({ where: { organizationId_key: { organizationId: other.id, key: "mesh:150->151" } }, data: { goneAt: new Date() } });
    try {
      const graph = await getServiceGraph(other.id, { focus: "svc-150", depth: 1 });
      if (!graph) throw new Error("no graph");
      const ids = graph.nodes.map((n) => n.id);
      expect(ids).not.toContain("own-only");
      expect(ids).not.toContain("svc-151");
      expect(ids.sort()).toEqual(before.nodes.map((n) => n.id).filter((id) => id !== "svc-151").sort());
      const drawnBefore = before.edges.filter((e) => e.source !== "svc-151" && e.target !== "svc-151");
      expect(drawnBefore.length).toBeGreaterThan(0);
      expect(graph.edges.map((e) => e.id).sort()).toEqual(drawnBefore.map((e) => e.id).sort());
    } finally {
      await prisma.edge.update({ where: { id: gone.id }, data: { goneAt: null } });
      await prisma.edge.deleteMany({ where: { organizationId: org.id, calleeId: ownOnly.id } });
      await prisma.service.delete({ where: { id: ownOnly.id } });
    }
  });

  it("cuts a neighbourhood larger than the view's bound, nearest services first, and says so", async () => {
    const rows = await findServiceGraphRows(org.id);
    const reachable = focusServiceGraph(buildServiceGraph(rows.services, rows.edges), "svc-1", 3).nodes.filter((n) => n.kind === "service");
    expect(reachable.length).toBeGreaterThan(GRAPH_VIEW_MAX_NODES);
    const graph = await getServiceGraph(org.id, { focus: "svc-1", depth: 3 });
    if (!graph) throw new Error("no graph");
    expect(graph.layoutEngine).toBe("layered-fast");
    const services = graph.nodes.filter((n) => n.kind === "service");
    expect(services.length).toBeLessThanOrEqual(GRAPH_VIEW_MAX_NODES);
    expect(graph.truncated).toBe(true);
    // Direct callees are one hop away: never the ones cut.
    for (const slug of ["svc-2", "svc-8", "svc-32"]) expect(services.map((n) => n.id)).toContain(slug);
  });

  it("opens a large organization on the team-level view, aggregated in SQL", async () => {
    const graph = await getServiceGraph(org.id, { depth: 2 });
    if (!graph) throw new Error("no graph");
    expect(graph.view).toBe("teams");
    // Dependencies as home counts them (catalog-dependencies.repository.ts): outside callers are not one.
    expect(graph.totals).toEqual({ services: SERVICES, edges: SERVICES * CALLS_PER_SERVICE });
    const teams = graph.nodes.filter((n) => n.kind === "team");
    expect(teams).toHaveLength(TEAMS);
    expect(graph.teamTotal).toBe(TEAMS);
    expect(teams.reduce((sum, n) => sum + (n.serviceCount ?? 0), 0)).toBe(SERVICES);
    expect(graph.nodes.some((n) => n.id === "~outside")).toBe(true);
    // Calls within a team are not relations between teams; the rest add up.
    const between = graph.edges.filter((e) => e.source !== "~outside").reduce((sum, e) => sum + (e.callCount ?? 0), 0);
    const rows = await findServiceGraphRows(org.id);
    const teamOf = new Map(rows.services.map((s) => [s.id, s.ownerTeam?.slug]));
    const expected = rows.edges.filter((e) => e.callerId !== null && teamOf.get(e.callerId) !== teamOf.get(e.calleeId)).length;
    expect(between).toBe(expected);
    expect(graph.edges.every((e) => e.source.startsWith("team:") || e.source === "~outside")).toBe(true);
  });

  it("draws at most GRAPH_TEAM_VIEW_MAX_TEAMS teams, the busiest relations' first, only relations between drawn teams, and says how many teams there are", async () => {
    const many = await upsertOrganization("graph-many-teams", "Many teams");
    // 600 services in 300 teams, each calling 10 others: 3,000 relations between teams.
    await seedLargeOrganization(many.id, 600, GRAPH_TEAM_VIEW_MAX_TEAMS + 50);
    const graph = await getServiceGraph(many.id, { depth: 2, view: "teams" });
    if (!graph) throw new Error("no graph");
    const teams = graph.nodes.filter((n) => n.kind === "team");
    expect(teams).toHaveLength(GRAPH_TEAM_VIEW_MAX_TEAMS);
    expect(graph.teamTotal).toBe(GRAPH_TEAM_VIEW_MAX_TEAMS + 50);
    expect(graph.truncated).toBe(true);
    const drawn = new Set(graph.nodes.map((n) => n.id));
    expect(graph.edges.length).toBeGreaterThan(0);
    for (const e of graph.edges) expect([drawn.has(e.source), drawn.has(e.target)]).toEqual([true, true]);
    const [busiest] = (await findTeamGraphRows(many.id, 1)).edges;
    expect([drawn.has(`team:${busiest?.callerTeam}`), drawn.has(`team:${busiest?.calleeTeam}`)]).toEqual([true, true]);
    expect(graph.edges.some((e) => e.source === `team:${busiest?.callerTeam}` && e.target === `team:${busiest?.calleeTeam}`)).toBe(true);
  });

  it("adds the whole-organization aggregates up slice by slice: the same figures as the edges themselves give", async () => {
    // The seed's edges fill a few hundred pages (both organizations'): slices of 16 pages are many.
    const slices = await edgeSliceConditions("e", { pagesPerSlice: 16 });
    expect(slices.length).toBeGreaterThan(5);
    expect(await edgeSliceConditions("e", "whole")).toHaveLength(1);

    // Expected from every edge, team by team, in memory.
    const rows = await findServiceGraphRows(org.id);
    const teamOf = new Map(rows.services.map((s) => [s.id, s.ownerTeam?.slug ?? null]));
    const expected = new Map<string, { callCount: number; requestRate: number; weighted: number }>();
    for (const e of rows.edges) {
      const caller = e.callerId === null ? "~outside" : (teamOf.get(e.callerId) ?? null);
      const callee = teamOf.get(e.calleeId) ?? null;
      if (caller === callee) continue;
      const key = `${caller}->${callee}`;
      const sum = expected.get(key) ?? { callCount: 0, requestRate: 0, weighted: 0 };
      sum.callCount += 1;
      sum.requestRate += e.requestRate ?? 0;
      sum.weighted += (e.requestRate ?? 0) * (e.successRatio ?? 1);
      expected.set(key, sum);
    }
    const orders: string[][] = [];
    for (const slicing of [{ pagesPerSlice: 16 }, "whole"] as const) {
      const teamView = await findTeamGraphRows(org.id, 1_000, slicing);
      orders.push(teamView.edges.map((e) => `${e.callCount} ${e.callerTeam}->${e.calleeTeam}`));
      expect(teamView.edgeTotal, JSON.stringify(slicing)).toBe(expected.size);
      expect(teamView.teams.reduce((sum, t) => sum + t.serviceCount, 0)).toBe(SERVICES);
      for (const edge of teamView.edges) {
        const sum = expected.get(`${edge.callerTeam}->${edge.calleeTeam}`);
        expect(sum, `${edge.callerTeam}->${edge.calleeTeam}`).toBeDefined();
        expect(edge.callCount).toBe(sum?.callCount);
        expect(edge.requestRate).toBeCloseTo(sum?.requestRate ?? Number.NaN, 6);
        // Outside callers carry no success ratio in the seed; between teams it is weighted by rate.
        if (edge.callerTeam === "~outside") expect(edge.successRatio).toBeNull();
        else expect(edge.successRatio).toBeCloseTo((sum?.weighted ?? Number.NaN) / (sum?.requestRate ?? Number.NaN), 9);
      }
      const counts = teamView.edges.map((e) => e.callCount);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      expect((await findTeamGraphRows(org.id, 3, slicing)).edges).toEqual(teamView.edges.slice(0, 3));

      const totals = await findGraphTotals(org.id, slicing);
      expect(totals.services).toBe(SERVICES);
      expect(totals.maxRequestRate).toBe(Math.max(...rows.edges.map((e) => e.requestRate ?? 0)));
      expect(totals.isStale).toBe(false);
    }
    // Ordered in SQL (whole) and in JavaScript (slices) alike, ties by slug included.
    expect(orders[1]).toEqual(orders[0]);
    expect(new Set(orders[0]?.map((o) => o.split(" ")[0])).size).toBeLessThan(orders[0]?.length ?? 0);
  });

  it("draws one team's services and the calls between them", async () => {
    const graph = await getServiceGraph(org.id, { team: "team-3", depth: 2 });
    if (!graph) throw new Error("no graph");
    expect(graph.view).toBe("team");
    const services = graph.nodes.filter((n) => n.kind === "service");
    expect(services.length).toBeGreaterThan(0);
    expect(services.every((n) => n.ownerTeam?.slug === "team-3")).toBe(true);
    const shown = new Set(graph.nodes.map((n) => n.id));
    expect(graph.edges.every((e) => shown.has(e.source) && shown.has(e.target))).toBe(true);
    expect(await getServiceGraph(org.id, { team: "no-such-team", depth: 2 })).toBeNull();
  });

  it("streams the whole graph as NDJSON in chunks: every service and every active edge, this organization's only", async () => {
    const chunks: string[] = [];
    for await (const chunk of exportServiceGraph(org.id)) chunks.push(chunk);
    const lines = chunks.join("").trimEnd().split("\n").map((line) => JSON.parse(line) as { type: string; callee?: string; caller?: string | null });
    expect(lines[0]?.type).toBe("header");
    expect(lines.filter((l) => l.type === "service")).toHaveLength(SERVICES);
    const edges = lines.filter((l) => l.type === "edge");
    expect(edges).toHaveLength(SERVICES * CALLS_PER_SERVICE + 1);
    expect(edges.filter((e) => e.caller === null)).toEqual([expect.objectContaining({ callee: "svc-1" })]);
    // More edges than one chunk: the edges came in several reads.
    expect(SERVICES * CALLS_PER_SERVICE).toBeGreaterThan(GRAPH_EXPORT_CHUNK);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
  });

  it("reads each export chunk inside a heavy-read slot, so a page holding the slot pauses the export between chunks", async () => {
    const admission = createHeavyReadAdmission({ limit: 1, queueLimit: 1, retryAfterSeconds: 2 });
    const first = await admission.enter();
    if (!first) throw new Error("no slot");
    const reader = exportServiceGraphStream(org.id, first, admission).getReader();
    // A page asks while the export reads its first chunk: it is next in line.
    const page = admission.enter();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    const pageRelease = await page;
    if (!pageRelease) throw new Error("the page was refused");
    // The export's next chunk waits for the page's slot: nothing arrives until the page is done.
    await waitFor("the export's next chunk to wait for a slot", () => admission.state().waiting === 1);
    expect(admission.state()).toEqual({ running: 1, waiting: 1 });
    let arrived = false;
    const pending = reader.read().then((chunk) => ((arrived = true), chunk));
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(arrived).toBe(false);
    pageRelease();
    for (let chunk = await pending; !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value);
    expect(text.trimEnd().split("\n")).toHaveLength(1 + SERVICES + SERVICES * CALLS_PER_SERVICE + 1);
    expect(admission.state()).toEqual({ running: 0, waiting: 0 });
  });
});
