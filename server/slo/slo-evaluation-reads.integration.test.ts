import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { TEST_DATABASE_KINDS, openTestDatabase } from "@/server/testing/test-databases.ts";
import { findSlosForEvaluation, findTelemetryRows } from "./slo.repository.ts";

// The cycle's two reads answer in parts (500 SLOs, 2,000 telemetry rows a part) so that each
// part is parsed in a turn of its own. An organization over several parts must come back
// whole: every row once, none of another organization's.
const SERVICES = 1_100;
const WINDOWS = ["5m", "30m", "1h"];

describe.each(TEST_DATABASE_KINDS)("SLO evaluation reads over several parts on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let organizationId: string;
  let otherId: string;
  const measuredAt = new Date("2026-12-05T12:00:00.000Z");

  async function seed(orgId: string, prefix: string, services: number): Promise<void> {
    const prisma = getPrisma();
    await prisma.service.createMany({ data: Array.from({ length: services }, (_, i) => ({ organizationId: orgId, slug: `${prefix}-${i}`, name: `${prefix} ${i}` })) });
    const ids = (await prisma.service.findMany({ where: { organizationId: orgId }, select: { id: true }, orderBy: { slug: "asc" } })).map((s) => s.id);
    await prisma.slo.createMany({ data: ids.map((serviceId, i) => ({ organizationId: orgId, serviceId, name: `availability ${i}`, kind: "availability" as const, objective: 0.999 })) });
    await prisma.serviceTelemetry.createMany({
      data: ids.flatMap((serviceId, i) => WINDOWS.map((window) => ({ organizationId: orgId, serviceId, window, totalEvents: 1_000 + i, goodEvents: 990 + i, measuredAt }))),
    });
  }

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    organizationId = (await upsertOrganization("parts", "Parts")).id;
    otherId = (await upsertOrganization("parts-other", "Other")).id;
    await seed(organizationId, "svc", SERVICES);
    await seed(otherId, "other", 30);
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it("reads every SLO of the organization once, across three parts", async () => {
    const slos = await findSlosForEvaluation(organizationId);
    const expected = await getPrisma().slo.findMany({ where: { organizationId }, select: { id: true } });
    expect(slos).toHaveLength(SERVICES);
    expect(new Set(slos.map((slo) => slo.id))).toEqual(new Set(expected.map((slo) => slo.id)));
    expect(slos.every((slo) => slo.kind === "availability" && slo.objective === 0.999 && slo.status === "no_data")).toBe(true);
  });

  it("reads every telemetry row of the organization once, across two parts", async () => {
    const rows = await findTelemetryRows(organizationId);
    expect(rows).toHaveLength(SERVICES * WINDOWS.length);
    expect(new Set(rows.map((row) => `${row.serviceId}/${row.window}`)).size).toBe(SERVICES * WINDOWS.length);
    const serviceIds = new Set((await getPrisma().service.findMany({ where: { organizationId }, select: { id: true } })).map((s) => s.id));
    expect(rows.every((row) => serviceIds.has(row.serviceId) && row.measuredAt.getTime() === measuredAt.getTime() && row.staleSince === null)).toBe(true);
    expect(rows.reduce((sum, row) => sum + row.totalEvents, 0)).toBe(WINDOWS.length * Array.from({ length: SERVICES }, (_, i) => 1_000 + i).reduce((a, b) => a + b, 0));
  });

  it("reads only the SLOs asked for, and an organization without any as empty", async () => {
    const some = (await getPrisma().slo.findMany({ where: { organizationId }, select: { id: true }, take: 3 })).map((slo) => slo.id);
    expect((await findSlosForEvaluation(organizationId, some)).map((slo) => slo.id).sort()).toEqual([...some].sort());
    const empty = (await upsertOrganization("parts-empty", "Empty")).id;
    expect(await findSlosForEvaluation(empty)).toEqual([]);
    expect(await findTelemetryRows(empty)).toEqual([]);
  });
});
