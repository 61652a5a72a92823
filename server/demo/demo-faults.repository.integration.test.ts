import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { TEST_DATABASE_KINDS, openTestDatabase } from "@/server/testing/test-databases.ts";
import { demoFaultEndsAt } from "./demo-fault-record.ts";
import { clearActiveDemoFaults, findDemoFaults, insertDemoFault } from "./demo-faults.repository.ts";

// The demo's faults live in the database, so the web process that takes POST
// /api/v1/demo/faults and the worker process that simulates the mesh see the same list.

describe.each(TEST_DATABASE_KINDS)("demo faults in the database (%s)", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("stores faults per organization, ends the active ones on clear, and keeps ended ones", async () => {
    const [org, other] = await Promise.all([upsertOrganization("faults-a", "A"), upsertOrganization("faults-b", "B")]);
    const now = new Date("2026-12-04T12:00:00.000Z");
    const active = await insertDemoFault({ organizationId: org.id, serviceSlug: "payments", errorRate: 0.2, injectedAt: now, durationMs: 30 * 60_000, speed: 1 });
    const ended = await insertDemoFault({ organizationId: org.id, serviceSlug: "payments", errorRate: 0.5, injectedAt: new Date(now.getTime() - 3_600_000), durationMs: 60_000, speed: 1 });
    const otherService = await insertDemoFault({ organizationId: org.id, serviceSlug: "checkout", errorRate: 1, injectedAt: now, durationMs: 60 * 60_000, speed: 4 });
    await insertDemoFault({ organizationId: other.id, serviceSlug: "payments", errorRate: 0.3, injectedAt: now, durationMs: 60_000, speed: 1 });

    // Oldest first; the two injected at the same instant in id order.
    expect((await findDemoFaults(org.id)).map((fault) => fault.id)).toEqual([ended.id, ...[active.id, otherService.id].sort()]);
    expect(demoFaultEndsAt(otherService).getTime()).toBe(now.getTime() + 15 * 60_000);

    const later = new Date(now.getTime() + 60_000);
    expect(await clearActiveDemoFaults(org.id, "payments", later)).toBe(1);
    const stored = await findDemoFaults(org.id);
    expect(stored.find((fault) => fault.id === active.id)?.clearedAt?.getTime()).toBe(later.getTime());
    expect(stored.find((fault) => fault.id === ended.id)?.clearedAt).toBeNull();
    expect(stored.find((fault) => fault.id === otherService.id)?.clearedAt).toBeNull();
    expect(await clearActiveDemoFaults(org.id, null, later)).toBe(1);
    expect((await findDemoFaults(other.id)).every((fault) => fault.clearedAt === null)).toBe(true);
  });
});
