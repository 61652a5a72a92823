import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { evaluateAllSlos } from "./evaluate-all-slos.ts";
import { findServiceRef, upsertUiSlo, writeSloEvaluations, type TSloEvaluationWrite } from "./slo.repository.ts";
import { seedServices } from "@/server/slo/testing/slo-test-fixtures.ts";
import { catalogService } from "@/server/testing/catalog-service-fixture.ts";

const T0 = new Date("2026-03-02T10:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const PAGE_ALERT = { severity: "page", longWindow: "1h", shortWindow: "5m", threshold: 14.4, firing: false, insufficientData: false };

/** What the evaluation of one SLO writes (the repository's input), healthy with one burn rate. */
function evaluation(id: string, overrides: Partial<TSloEvaluationWrite> = {}): TSloEvaluationWrite {
  return {
    id,
    previousStatus: "no_data",
    status: "healthy",
    statusReason: "Within objective",
    sli: 0.9995,
    budgetRemaining: 0.5,
    burnRates: { "1h": 0.5, "5m": 0.25 },
    alerts: [PAGE_ALERT],
    isOutOfSlo: false,
    isTelemetryStale: false,
    windowGoodEvents: 9_995,
    windowTotalEvents: 10_000,
    unchanged: false,
    alertsUnchanged: false,
    ...overrides,
  };
}

// The cycle's writes, one statement per SLO row and its snapshot: what it must still guarantee.
describe.each(TEST_DATABASE_KINDS)("writing SLO evaluations on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let other: TOrganization;
  let sloId: string;
  let movedId: string;
  let otherSloId: string;

  const row = (id: string) =>
    getPrisma().slo.findUniqueOrThrow({
      where: { id },
      select: { status: true, statusSince: true, evaluatedAt: true, sli: true, budgetRemaining: true, burnRates: true, alerts: true, windowTotalEvents: true },
    });
  const snapshots = (id: string) =>
    getPrisma().sloStatusSnapshot.findMany({ where: { sloId: id }, orderBy: { at: "asc" }, select: { organizationId: true, at: true, resolution: true, status: true, sli: true, budgetRemaining: true, burnRates: true } });
  const events = (organizationId: string) => getPrisma().changeEvent.findMany({ where: { organizationId, type: "slo_status_changed" }, select: { dedupeKey: true, title: true } });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("slo-writes", "SLO writes");
    other = await upsertOrganization("slo-writes-other", "Other tenant");
    await seedServices(org.id, [catalogService("checkout"), catalogService("search")]);
    await seedServices(other.id, [catalogService("checkout")]);
    const definition = { kind: "availability" as const, objective: 99.9, windowDays: 28, latencyThresholdMs: null, minRequests: 100, provenance: { kind: "form" } };
    sloId = (await upsertUiSlo(org.id, (await findServiceRef(org.id, "checkout"))?.id ?? "", { name: "availability", ...definition })).id;
    movedId = (await upsertUiSlo(org.id, (await findServiceRef(org.id, "search"))?.id ?? "", { name: "availability", ...definition })).id;
    otherSloId = (await upsertUiSlo(other.id, (await findServiceRef(other.id, "checkout"))?.id ?? "", { name: "availability", ...definition })).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  it("writes changed values, a snapshot of them, and one event per transition", async () => {
    const serviceId = (await findServiceRef(org.id, "checkout"))?.id ?? "";
    // A first evaluation sets the status; it is not a transition.
    const written = await writeSloEvaluations(org.id, { evaluatedAt: at(0), snapshotAt: at(0), evaluations: [evaluation(sloId)], transitions: [] });
    expect(written).toEqual({ updated: 1, snapshots: 1, events: 0 });
    const again = await writeSloEvaluations(org.id, {
      evaluatedAt: at(1),
      snapshotAt: at(1),
      evaluations: [evaluation(sloId, { previousStatus: "healthy", status: "at_risk", budgetRemaining: 0.1, burnRates: { "1h": 15, "5m": 16 } })],
      transitions: [{ sloId, serviceId, title: "checkout availability: at risk", dedupeKey: `${sloId}:t1`, details: { to: "at_risk" } }],
    });
    expect(again).toEqual({ updated: 1, snapshots: 1, events: 1 });
    expect(await row(sloId)).toMatchObject({ status: "at_risk", statusSince: at(1), evaluatedAt: at(1), budgetRemaining: 0.1, burnRates: { "1h": 15, "5m": 16 }, windowTotalEvents: 10_000 });
    expect((await snapshots(sloId)).map((s) => [s.at, s.status, s.budgetRemaining, s.burnRates])).toEqual([
      [at(0), "healthy", 0.5, { "1h": 0.5, "5m": 0.25 }],
      [at(1), "at_risk", 0.1, { "1h": 15, "5m": 16 }],
    ]);
    expect(await events(org.id)).toEqual([{ dedupeKey: `${sloId}:t1`, title: "checkout availability: at risk" }]);
  });

  it("writes new alerts, and keeps the row's own when the evaluation says they did not change", async () => {
    const firing = [{ ...PAGE_ALERT, firing: true }];
    const base = { previousStatus: "at_risk" as const, status: "at_risk" as const, budgetRemaining: 0.1, burnRates: { "1h": 15, "5m": 16 } };
    await writeSloEvaluations(org.id, { evaluatedAt: at(1), snapshotAt: at(1), evaluations: [evaluation(sloId, { ...base, sli: 0.998, alerts: firing })], transitions: [] });
    expect((await row(sloId)).alerts).toEqual(firing);
    // Counts moved, alerts did not: they are not sent, and the row keeps what it holds.
    await writeSloEvaluations(org.id, { evaluatedAt: at(1), snapshotAt: at(1), evaluations: [evaluation(sloId, { ...base, sli: 0.9995, alerts: [], alertsUnchanged: true })], transitions: [] });
    expect(await row(sloId)).toMatchObject({ sli: 0.9995, alerts: firing });
  });

  it("moves only evaluatedAt of an unchanged SLO, and snapshots the values it holds", async () => {
    const before = await row(sloId);
    const written = await writeSloEvaluations(org.id, {
      evaluatedAt: at(2),
      snapshotAt: at(2),
      // An unchanged evaluation is sent as its id: the snapshot comes from the row itself.
      evaluations: [evaluation(sloId, { previousStatus: "at_risk", status: "at_risk", budgetRemaining: 0.1, burnRates: { "1h": 15, "5m": 16 }, unchanged: true })],
      transitions: [],
    });
    expect(written).toEqual({ updated: 1, snapshots: 1, events: 0 });
    expect(await row(sloId)).toEqual({ ...before, evaluatedAt: at(2) });
    const last = (await snapshots(sloId)).at(-1);
    expect(last).toEqual({ organizationId: org.id, at: at(2), resolution: "minute", status: "at_risk", sli: 0.9995, budgetRemaining: 0.1, burnRates: { "1h": 15, "5m": 16 } });
  });

  it("leaves alone an SLO whose status moved since it was read: no update, no snapshot, no event", async () => {
    await writeSloEvaluations(org.id, { evaluatedAt: at(0), snapshotAt: at(0), evaluations: [evaluation(movedId)], transitions: [] });
    const serviceId = (await findServiceRef(org.id, "search"))?.id ?? "";
    const before = await row(movedId);
    const eventsBefore = (await events(org.id)).length;
    // Read as no_data, but another writer already made it healthy: both the changed and the unchanged path skip it.
    for (const unchanged of [false, true]) {
      const written = await writeSloEvaluations(org.id, {
        evaluatedAt: at(3),
        snapshotAt: at(3),
        evaluations: [evaluation(movedId, { previousStatus: "no_data", status: unchanged ? "no_data" : "breached", unchanged })],
        transitions: unchanged ? [] : [{ sloId: movedId, serviceId, title: "search availability: breached", dedupeKey: `${movedId}:t3`, details: {} }],
      });
      expect(written).toEqual({ updated: 0, snapshots: 0, events: 0 });
    }
    expect(await row(movedId)).toEqual(before);
    expect((await snapshots(movedId)).map((s) => s.at)).toEqual([at(0)]);
    expect(await events(org.id)).toHaveLength(eventsBefore);
  });

  it("never writes another organization's SLO, even when handed its id", async () => {
    const before = await row(otherSloId);
    for (const unchanged of [false, true]) {
      const written = await writeSloEvaluations(org.id, {
        evaluatedAt: at(4),
        snapshotAt: at(4),
        evaluations: [evaluation(otherSloId, { unchanged })],
        transitions: [],
      });
      expect(written).toEqual({ updated: 0, snapshots: 0, events: 0 });
    }
    expect(await row(otherSloId)).toEqual(before);
    expect(await snapshots(otherSloId)).toEqual([]);
  });

  it("writes a retried minute once: the snapshot exists, the row is written again", async () => {
    const evaluations = [evaluation(sloId, { previousStatus: "at_risk", status: "at_risk", budgetRemaining: 0.1, burnRates: { "1h": 15, "5m": 16 }, unchanged: true })];
    const first = await writeSloEvaluations(org.id, { evaluatedAt: at(5), snapshotAt: at(5), evaluations, transitions: [] });
    const retried = await writeSloEvaluations(org.id, { evaluatedAt: at(5), snapshotAt: at(5), evaluations, transitions: [] });
    expect(first).toEqual({ updated: 1, snapshots: 1, events: 0 });
    expect(retried).toEqual({ updated: 1, snapshots: 0, events: 0 });
    expect((await snapshots(sloId)).filter((s) => s.at.getTime() === at(5).getTime())).toHaveLength(1);
  });

  it("stores each SLO's own alert list when a statement carries each distinct list once", async () => {
    const atRisk = { previousStatus: "at_risk" as const, status: "at_risk" as const, budgetRemaining: 0.1, burnRates: { "1h": 15, "5m": 16 } };
    const healthy = { previousStatus: "healthy" as const, status: "healthy" as const };
    const ticket = { severity: "ticket", longWindow: "1d", shortWindow: "2h", threshold: 3, firing: false, insufficientData: true };
    const write = (minute: number, evaluations: TSloEvaluationWrite[]) => writeSloEvaluations(org.id, { evaluatedAt: at(minute), snapshotAt: at(minute), evaluations, transitions: [] });
    // The same list for both SLOs (sent once), then two different ones, then an empty list beside a kept one.
    expect(await write(6, [evaluation(sloId, { ...atRisk, alerts: [PAGE_ALERT, ticket] }), evaluation(movedId, { ...healthy, alerts: [PAGE_ALERT, ticket] })])).toEqual({ updated: 2, snapshots: 2, events: 0 });
    expect((await row(sloId)).alerts).toEqual([PAGE_ALERT, ticket]);
    expect((await row(movedId)).alerts).toEqual([PAGE_ALERT, ticket]);
    await write(7, [evaluation(sloId, { ...atRisk, alerts: [{ ...PAGE_ALERT, firing: true }] }), evaluation(movedId, { ...healthy, alerts: [ticket, PAGE_ALERT] })]);
    expect((await row(sloId)).alerts).toEqual([{ ...PAGE_ALERT, firing: true }]);
    expect((await row(movedId)).alerts).toEqual([ticket, PAGE_ALERT]);
    await write(8, [evaluation(sloId, { ...atRisk, alerts: [] }), evaluation(movedId, { ...healthy, sli: 0.9991, alerts: [], alertsUnchanged: true })]);
    expect((await row(sloId)).alerts).toEqual([]);
    expect(await row(movedId)).toMatchObject({ sli: 0.9991, alerts: [ticket, PAGE_ALERT] });
  });

  it("leaves the foreign keys enforced after a write (the embedded database skips the snapshots' checks only inside it)", async () => {
    const atRisk = { previousStatus: "at_risk" as const, status: "at_risk" as const, budgetRemaining: 0.1, burnRates: { "1h": 15, "5m": 16 } };
    await writeSloEvaluations(org.id, { evaluatedAt: at(9), snapshotAt: at(9), evaluations: [evaluation(sloId, atRisk), evaluation(movedId, { previousStatus: "healthy", status: "healthy", unchanged: true })], transitions: [] });
    const [role] = await getPrisma().$queryRawUnsafe<{ session_replication_role: string }[]>(`SHOW session_replication_role`);
    expect(role?.session_replication_role).toBe("origin");
    await expect(
      getPrisma().$executeRawUnsafe(
        `INSERT INTO "SloStatusSnapshot" ("id", "organizationId", "sloId", "at", "resolution", "status") VALUES ('dangling', $1, 'no-such-slo', now(), 'minute', 'healthy')`,
        org.id,
      ),
    ).rejects.toThrow(/foreign key|SloStatusSnapshot_sloId_fkey/i);
    expect(await snapshots(sloId)).toContainEqual(expect.objectContaining({ organizationId: org.id, at: at(9), status: "at_risk" }));
  });

  it("ends a cycle by vacuuming the SLO rows on the embedded database (it has no autovacuum), and evaluates as before", async () => {
    const vacuums = async () =>
      Number((await getPrisma().$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT vacuum_count AS n FROM pg_stat_user_tables WHERE relname = 'Slo'`))[0]?.n ?? 0);
    const before = await vacuums();
    const counts = await evaluateAllSlos(at(10));
    expect(counts).toMatchObject({ failed: 0, evaluated: 3 });
    // No telemetry: missing data is never healthy.
    expect((await row(sloId)).status).toBe("no_data");
    // Postgres' autovacuum may or may not have run meanwhile; the cycle itself vacuums only the embedded database.
    if (kind === "pglite") expect(await vacuums()).toBe(before + 1);
  });
});
