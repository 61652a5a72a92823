import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { listServiceEvents } from "./list-service-events.ts";

// Paging a history by time must neither skip nor repeat events that share a timestamp.

describe.each(TEST_DATABASE_KINDS)("service history pages on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: string;
  let other: string;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = (await upsertOrganization("history-a", "A")).id;
    other = (await upsertOrganization("history-b", "B")).id;
    const prisma = getPrisma();
    const service = await prisma.service.create({ data: { organizationId: org, slug: "checkout", name: "Checkout" } });
    const foreign = await prisma.service.create({ data: { organizationId: other, slug: "checkout", name: "Checkout" } });
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
    // Minute 3 holds four events at the very same millisecond (one batch of changes).
    const minutes = [1, 2, 3, 3, 3, 3, 4, 5];
    await prisma.changeEvent.createMany({
      data: minutes.map((minute, index) => ({ organizationId: org, serviceId: service.id, type: index % 2 ? "scaled" : "slo_status_changed", title: `event ${index}`, source: "kubernetes" as const, occurredAt: at(minute) })),
    });
    await prisma.changeEvent.create({ data: { organizationId: other, serviceId: foreign.id, type: "scaled", title: "other org", source: "kubernetes", occurredAt: at(9) } });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("pages newest first without skipping or repeating ties, and stays in the organization", async () => {
    const seen: string[] = [];
    let before: string | undefined;
    const pageSizes: number[] = [];
    for (let guard = 0; guard < 10; guard++) {
      const page = await listServiceEvents(org, "checkout", { limit: 3, before });
      if (page === null) throw new Error("service missing");
      pageSizes.push(page.events.length);
      seen.push(...page.events.map((event) => event.title));
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    // 5, 4, then the four ties of minute 3 together (a page longer than asked beats a lost event), then 2, 1.
    expect(pageSizes).toEqual([6, 2]);
    expect(seen.slice(0, 2)).toEqual(["event 7", "event 6"]);
    expect(seen.slice(2, 6).sort()).toEqual(["event 2", "event 3", "event 4", "event 5"]);
    expect(seen.slice(6)).toEqual(["event 1", "event 0"]);
    expect(new Set(seen).size).toBe(8);
  });

  it("answers null for a service the organization does not have, and an empty page for one without history", async () => {
    expect(await listServiceEvents(org, "nope", { limit: 50 })).toBeNull();
    await getPrisma().service.create({ data: { organizationId: org, slug: "quiet", name: "Quiet" } });
    expect(await listServiceEvents(org, "quiet", { limit: 50 })).toEqual({ events: [], nextBefore: null });
  });
});
