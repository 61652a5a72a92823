import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { getMetrics } from "@/server/metrics/plumbline-metrics.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { decodeOutboxCursor, listOutbox, outboxCursorAfter } from "./list-outbox.ts";

// /notifications shows the outbox a page at a time: each page continues after the previous
// page's last entry (creation time, then id, both descending), so entries added meanwhile do
// not shift it, and entries created in the same millisecond are neither skipped nor repeated.
describe.each(TEST_DATABASE_KINDS)("the outbox, page by page, on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let organizationId: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    organizationId = (await upsertOrganization("outbox-pages", "Outbox pages")).id;
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 5, 12, minute));
    // Seven entries; three share one creation time, so only the id orders them.
    const times = [at(1), at(2), at(3), at(3), at(3), at(4), at(5)];
    for (const [index, createdAt] of times.entries()) {
      await getPrisma().notification.create({
        data: { organizationId, channel: "email", target: `person-${index}@example.test`, kind: index === 6 ? "digest" : "invitation", payload: {}, dedupeKey: `page-${index}`, createdAt },
      });
    }
  });
  afterAll(async () => {
    await db?.close();
  });

  it("continues after the last entry shown, with nothing skipped or repeated", async () => {
    const all = await listOutbox(organizationId, { limit: 100 });
    expect(all).toHaveLength(7);
    const seen: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 5; page++) {
      const entries = await listOutbox(organizationId, { limit: 2, ...(before ? { before } : {}) });
      seen.push(...entries.map((entry) => entry.id));
      const last = entries.at(-1);
      if (entries.length < 2 || !last) break;
      before = outboxCursorAfter(last);
    }
    expect(seen).toEqual(all.map((entry) => entry.id));
  });

  it("keeps the kind filter on later pages", async () => {
    const [first] = await listOutbox(organizationId, { limit: 1, kind: "invitation" });
    if (!first) throw new Error("no invitation in the outbox");
    const rest = await listOutbox(organizationId, { limit: 100, kind: "invitation", before: outboxCursorAfter(first) });
    expect(rest).toHaveLength(5);
    expect(rest.every((entry) => entry.kind === "invitation")).toBe(true);
  });

  it("reads anything that is not its own cursor as the first page", async () => {
    expect(decodeOutboxCursor("2026-12-05T12:03:00.000Z_not-an-id")).toBeNull();
    expect(decodeOutboxCursor("yesterday_6f1c1d9e-2b7a-4c57-9a53-4f1f1c2a9b10")).toBeNull();
    const first = await listOutbox(organizationId, { limit: 3, before: "garbage" });
    expect(first.map((entry) => entry.id)).toEqual((await listOutbox(organizationId, { limit: 3 })).map((entry) => entry.id));
  });

  it("shows each entry its own deploy request's message, read in one go however many requests the page holds", async () => {
    const org = (await upsertOrganization("outbox-requests", "Outbox requests")).id;
    const service = await getPrisma().service.create({ data: { organizationId: org, slug: "payments", name: "Payments" } });
    const announce = async (version: string) => {
      const request = await getPrisma().deployRequest.create({ data: { organizationId: org, serviceId: service.id, environment: "production", version, status: "approved" } });
      await getPrisma().notification.create({ data: { organizationId: org, deployRequestId: request.id, channel: "slack", target: "C1", kind: "deploy_announcement", payload: {}, dedupeKey: `announce-${version}` } });
      return request.id;
    };
    const ids = [await announce("1.0.0"), await announce("1.0.1")];
    const statementsFor = async () => {
      const before = await statementCount();
      const entries = await listOutbox(org, { limit: 50 });
      return { entries, statements: (await statementCount()) - before };
    };
    const two = await statementsFor();
    ids.push(await announce("1.0.2"), await announce("1.0.3"), await announce("1.0.4"));
    const five = await statementsFor();
    expect(five.entries.map((entry) => entry.deployRequestId)).toEqual([...ids].reverse());
    for (const entry of five.entries) {
      const version = `1.0.${ids.indexOf(entry.deployRequestId ?? "")}`;
      expect(JSON.stringify(entry.message)).toContain(version);
    }
    // The embedded database counts its statements (Postgres does not here): no statement per request.
    if (kind === "pglite") {
      expect(two.statements).toBeGreaterThan(0);
      expect(five.statements).toBe(two.statements);
    }
  });
});

/** Statements the embedded database has run outside transactions, of either priority (0 on Postgres). */
async function statementCount(): Promise<number> {
  const { values } = await getMetrics().embeddedTurnWait.get();
  return values.filter((value) => value.metricName === "plumbline_embedded_db_turn_wait_seconds_count").reduce((sum, value) => sum + value.value, 0);
}
