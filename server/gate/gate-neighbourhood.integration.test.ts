import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededUnit } from "@/domain/demo/seeded-unit.ts";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { findInboundNeighbourhood, findNeighbourhoodWithFacts, type TInboundEdgeRow } from "./gate.repository.ts";

// The gate reads a service's inbound neighbourhood in one recursive query. It must read
// exactly what the hop-by-hop walk it replaced read (so decisions and approvers stay the
// same): every active edge into the service and into each service within depth − 1
// caller hops — through cycles, unknown callers, stale and gone edges — and nothing of
// another organization.

const SERVICES = 60;

/** The walk the gate did before: one read per hop, over all of the organization's edges. */
function walkHops(all: readonly (TInboundEdgeRow & { goneAt: Date | null })[], serviceId: string, depth: number): TInboundEdgeRow[] {
  const rows: TInboundEdgeRow[] = [];
  const known = new Set([serviceId]);
  let frontier = [serviceId];
  for (let hop = 0; hop < depth && frontier.length > 0; hop += 1) {
    const next: string[] = [];
    for (const edge of all.filter((e) => e.goneAt === null && frontier.includes(e.calleeId))) {
      rows.push({ callerId: edge.callerId, calleeId: edge.calleeId, requestRate: edge.requestRate, isStale: edge.isStale });
      if (edge.callerId !== null && !known.has(edge.callerId)) {
        known.add(edge.callerId);
        next.push(edge.callerId);
      }
    }
    frontier = next;
  }
  return rows;
}

const canonical = (rows: readonly TInboundEdgeRow[]) => rows.map((r) => `${r.callerId}>${r.calleeId}:${r.requestRate}:${r.isStale}`).sort();

describe.each(TEST_DATABASE_KINDS)("the gate's neighbourhood read on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let ids: string[];

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("neighbourhood", "Neighbourhood");
    const other = await upsertOrganization("other", "Other");
    const prisma = getPrisma();
    const create = async (organizationId: string) => {
      const rows = await prisma.service.createManyAndReturn({
        data: Array.from({ length: SERVICES }, (_, i) => ({ organizationId, slug: `s${i}`, name: `s${i}` })),
        select: { id: true, slug: true },
      });
      return rows.sort((a, b) => Number(a.slug.slice(1)) - Number(b.slug.slice(1))).map((row) => row.id);
    };
    ids = await create(org.id);
    const otherIds = await create(other.id);
    // A random graph with cycles (seeded): 4 callers per service, some stale, some gone, some from unknown callers.
    const edges = [];
    for (let callee = 0; callee < SERVICES; callee += 1) {
      for (let k = 0; k < 4; k += 1) {
        const caller = Math.floor(seededUnit(7, "caller", callee * 4 + k) * SERVICES);
        const roll = seededUnit(7, "kind", callee * 4 + k);
        const callerId = roll < 0.1 ? null : ids[caller];
        edges.push({
          organizationId: org.id,
          key: `mesh:${callerId === null ? "unknown" : `s${caller}`}->s${callee}`,
          callerId,
          calleeId: ids[callee] ?? "",
          source: "mesh" as const,
          requestRate: Math.round(seededUnit(7, "rate", callee * 4 + k) * 100),
          staleSince: roll > 0.9 ? new Date() : null,
          goneAt: roll > 0.8 && roll <= 0.9 ? new Date() : null,
        });
      }
      // The other organization's mirror image: never read.
      edges.push({ organizationId: other.id, key: `mesh:s0->s${callee}`, callerId: otherIds[0], calleeId: otherIds[callee] ?? "", source: "mesh" as const, requestRate: 1, staleSince: null, goneAt: null });
    }
    await prisma.edge.createMany({ data: edges, skipDuplicates: true });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("reads exactly the edges the hop-by-hop walk read, at depths 1 to 4, for every service", async () => {
    const all = (
      await getPrisma().edge.findMany({
        where: { organizationId: org.id },
        select: { callerId: true, calleeId: true, requestRate: true, staleSince: true, goneAt: true },
      })
    ).map((e) => ({ callerId: e.callerId, calleeId: e.calleeId, requestRate: e.requestRate, isStale: e.staleSince !== null, goneAt: e.goneAt }));
    expect(all.some((e) => e.goneAt !== null)).toBe(true);
    expect(all.some((e) => e.callerId === null)).toBe(true);
    let compared = 0;
    for (const depth of [1, 2, 3, 4]) {
      for (const id of ids) {
        const expected = canonical(walkHops(all, id, depth));
        expect(canonical(await findInboundNeighbourhood(org.id, id, depth))).toEqual(expected);
        // The gate's one-statement read (edges and facts together) reads the same edges, and a row for the service and each known caller.
        const withFacts = await findNeighbourhoodWithFacts(org.id, id, depth);
        expect(canonical(withFacts.edges)).toEqual(expected);
        const callers = new Set([id, ...withFacts.edges.flatMap((edge) => (edge.callerId !== null ? [edge.callerId] : []))]);
        expect(new Set(withFacts.services.map((service) => service.id))).toEqual(callers);
        compared += expected.length;
      }
    }
    expect(compared).toBeGreaterThan(SERVICES * 10);
    expect(await findInboundNeighbourhood(org.id, ids[0] ?? "", 0)).toEqual([]);
    expect((await findNeighbourhoodWithFacts(org.id, ids[0] ?? "", 0)).edges).toEqual([]);
  });
});
