import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { readCatalogSources } from "@/server/catalog/read-catalog-sources.ts";
import { EXAMPLE_CATALOG_DIR } from "@/server/catalog/seed-catalog-on-start.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { getSloHistory } from "@/server/slo/get-slo-history.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { backfillDemoHistory } from "./backfill-demo-history.ts";

const NOW = new Date("2026-12-05T00:20:30.000Z");
const LATER = new Date(NOW.getTime() + 3 * 3_600_000);

describe.each(TEST_DATABASE_KINDS)("demo history backfill on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let other: TOrganization;

  const counts = async (organizationId: string) => ({
    snapshots: await getPrisma().sloStatusSnapshot.count({ where: { organizationId } }),
    events: await getPrisma().changeEvent.count({ where: { organizationId, type: "slo_status_changed" } }),
  });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("demo-backfill", "Acme Shop (demo)");
    other = await upsertOrganization("demo-backfill-other", "Other tenant");
    await importCatalog(org.id, readCatalogSources(EXAMPLE_CATALOG_DIR), "catalog/example");
    await importCatalog(other.id, readCatalogSources(EXAMPLE_CATALOG_DIR), "catalog/example");
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it("fills 28 days of snapshots for every SLO once; a restart (same or later) adds nothing", async () => {
    const slos = await getPrisma().slo.count({ where: { organizationId: org.id } });
    const first = await backfillDemoHistory(org.id, NOW);
    expect(first.backfilledSlos).toBe(slos);
    expect(first.snapshots).toBeGreaterThan(slos * 1000);
    expect(first.transitions).toBeGreaterThan(0);
    const afterFirst = await counts(org.id);
    expect(afterFirst.snapshots).toBe(first.snapshots);

    const again = await backfillDemoHistory(org.id, NOW);
    const restarted = await backfillDemoHistory(org.id, LATER);
    expect(again).toMatchObject({ backfilledSlos: 0, alreadyHadHistory: slos, snapshots: 0, transitions: 0 });
    expect(restarted).toMatchObject({ backfilledSlos: 0, snapshots: 0, transitions: 0 });
    expect(await counts(org.id)).toEqual(afterFirst);
    // The other tenant's SLOs were not touched.
    expect(await counts(other.id)).toEqual({ snapshots: 0, events: 0 });
  }, 120_000);

  it("draws the incident: inventory's budget chart spans the window and dips, and the SLO is judged", async () => {
    const history = await getSloHistory(org.id, "inventory", "availability", "window", NOW);
    expect(history?.points.length).toBeGreaterThan(600);
    const budgets = (history?.points ?? []).flatMap((point) => (point.budgetRemaining === null ? [] : [point.budgetRemaining]));
    expect(Math.max(...budgets) - Math.min(...budgets)).toBeGreaterThan(0.4);
    // The card (and the chart's last point) continue from the last backfilled snapshot.
    const last = await getPrisma().sloStatusSnapshot.findFirstOrThrow({ where: { organizationId: org.id, slo: { name: "availability", service: { slug: "inventory" } } }, orderBy: { at: "desc" } });
    expect(history?.current).toMatchObject({ status: last.status, sli: last.sli, budgetRemaining: last.budgetRemaining });
    const slo = await getPrisma().slo.findFirstOrThrow({ where: { organizationId: org.id, name: "availability", service: { slug: "inventory" } } });
    expect(slo.status).not.toBe("no_data");
    expect(slo.evaluatedAt).not.toBeNull();
    const events = await getPrisma().changeEvent.findMany({ where: { organizationId: org.id, serviceId: slo.serviceId, type: "slo_status_changed" }, select: { title: true } });
    // The past incident paged: healthy → at risk, then back.
    expect(events.some((event) => /^inventory: SLO availability healthy → at risk/.test(event.title))).toBe(true);
    expect(events.some((event) => /^inventory: SLO availability at risk → healthy/.test(event.title))).toBe(true);
  }, 60_000);
});
