import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The web reporting path: the server actions behind /incidents/new and /incidents/[id],
// called as Next calls them (FormData, the session cookie in the request headers).

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {}, delete: () => {} }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { getPrisma } = await import("@/server/db/client.ts");
const { openTestDatabase, TEST_DATABASE_KINDS } = await import("@/server/testing/test-databases.ts");
const { createSignedInMember } = await import("@/server/testing/test-accounts.ts");
const { upsertOrganization } = await import("@/server/identity/identity-organizations.repository.ts");
const { importCatalog } = await import("@/server/catalog/import-catalog.ts");
const { readCatalogSources } = await import("@/server/catalog/read-catalog-sources.ts");
const { EXAMPLE_CATALOG_DIR } = await import("@/server/catalog/seed-catalog-on-start.ts");
const { listServiceEvents } = await import("@/server/history/list-service-events.ts");
const { listLearnings } = await import("./list-learnings.ts");
const actions = await import("@/app/incidents/actions.ts");

type TOutcome = { kind: "redirect"; to: string } | { kind: "returned"; value: unknown };

async function run(action: (state: unknown, form: FormData) => Promise<unknown>, fields: Record<string, string | string[]>, cookie: string | null): Promise<TOutcome> {
  requestHeaders = new Headers(cookie ? { cookie, host: "localhost", origin: "http://localhost" } : { host: "localhost" });
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const one of Array.isArray(value) ? value : [value]) form.append(key, one);
  try {
    return { kind: "returned", value: await action(null, form) };
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return { kind: "redirect", to: digest.split(";")[2] ?? "" };
    throw error;
  }
}

describe.each(TEST_DATABASE_KINDS)("incidents from the web on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: string;
  let other: string;
  let member: Awaited<ReturnType<typeof createSignedInMember>>;
  let outsider: Awaited<ReturnType<typeof createSignedInMember>>;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = (await upsertOrganization("web-incidents-a", "Web A")).id;
    other = (await upsertOrganization("web-incidents-b", "Web B")).id;
    const example = readCatalogSources(EXAMPLE_CATALOG_DIR);
    await importCatalog(org, example, "example");
    await importCatalog(other, example, "example");
    // A plain member: reporting never waits on a role.
    member = await createSignedInMember(org, { role: "member" });
    outsider = await createSignedInMember(other, { role: "admin" });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it("reports a near miss from a service page with one field, then publishes a one-sentence learning", async () => {
    const reported = await run(actions.reportIncidentAction, { title: "A retry storm almost took down payments", kind: "near_miss", service: "payments" }, member.cookie);
    expect(reported).toEqual({ kind: "redirect", to: expect.stringMatching(/^\/incidents\/[0-9a-f-]{36}$/) });
    const id = reported.kind === "redirect" ? (reported.to.split("/").pop() ?? "") : "";
    const incident = await getPrisma().incident.findFirstOrThrow({ where: { organizationId: org, id }, select: { kind: true, status: true, reportedVia: true, reporterPersonId: true, services: { select: { service: { select: { slug: true } } } } } });
    expect(incident).toEqual({ kind: "near_miss", status: "resolved", reportedVia: "web", reporterPersonId: member.personId, services: [{ service: { slug: "payments" } }] });

    const published = await run(actions.savePostmortemAction, { incidentId: id, template: "one_sentence", learning: "Retries need a budget." }, member.cookie);
    expect(published).toEqual({ kind: "returned", value: { ok: true, message: expect.stringContaining("Published") } });
    expect(await listLearnings(org, { q: "retries", limit: 10 })).toEqual([expect.objectContaining({ incidentId: id, learning: "Retries need a budget.", kind: "near_miss" })]);
    const history = await listServiceEvents(org, "payments", { limit: 20 });
    expect(history?.events.map((event) => event.type)).toEqual(expect.arrayContaining(["incident_reported", "learning_published"]));
  });

  it("refuses an empty report with the field's message, and creates nothing", async () => {
    const before = await getPrisma().incident.count({ where: { organizationId: org } });
    const outcome = await run(actions.reportIncidentAction, { title: "  ", kind: "SEV3" }, member.cookie);
    expect(outcome).toEqual({ kind: "returned", value: expect.objectContaining({ ok: false, fieldErrors: { title: [expect.stringContaining("one sentence")] } }) });
    expect(await getPrisma().incident.count({ where: { organizationId: org } })).toBe(before);
  });

  it("edits status, services, timeline and action items", async () => {
    const reported = await run(actions.reportIncidentAction, { title: "Checkout errors", kind: "SEV2", service: "checkout", moreServices: "cart" }, member.cookie);
    const id = reported.kind === "redirect" ? (reported.to.split("/").pop() ?? "") : "";
    expect(await run(actions.updateIncidentAction, { incidentId: id, status: "mitigated", addService: "payments" }, member.cookie)).toEqual({ kind: "returned", value: { ok: true, message: "Saved." } });
    expect(await run(actions.addTimelineEntryAction, { incidentId: id, text: "Rolled back", sourceUrl: "https://ci.example/run/1" }, member.cookie)).toMatchObject({ value: { ok: true } });
    expect(await run(actions.addActionItemAction, { incidentId: id, title: "Canary config pushes", service: "checkout", ownerName: "Jane", dueOn: "2026-12-24" }, member.cookie)).toMatchObject({ value: { ok: true } });
    const row = await getPrisma().incident.findFirstOrThrow({
      where: { id },
      select: { status: true, mitigatedAt: true, services: { select: { service: { select: { slug: true } } }, orderBy: { createdAt: "asc" } }, timeline: { select: { text: true, sourceUrl: true } }, actionItems: { select: { id: true, title: true, ownerName: true, dueOn: true } } },
    });
    expect(row.status).toBe("mitigated");
    expect(row.mitigatedAt).not.toBeNull();
    expect(row.services.map((link) => link.service.slug).sort()).toEqual(["cart", "checkout", "payments"]);
    expect(row.timeline).toContainEqual({ text: "Rolled back", sourceUrl: "https://ci.example/run/1" });
    expect(row.actionItems).toEqual([expect.objectContaining({ title: "Canary config pushes", ownerName: "Jane", dueOn: new Date("2026-12-24T00:00:00.000Z") })]);
    const itemId = row.actionItems[0]?.id ?? "";
    expect(await run(actions.setActionItemDoneAction, { incidentId: id, itemId, done: "true" }, member.cookie)).toMatchObject({ value: { ok: true, message: "Done." } });
    expect((await getPrisma().incidentActionItem.findUniqueOrThrow({ where: { id: itemId } })).doneAt).not.toBeNull();
  });

  it("anonymous → sign-in; another organization's member → not found; nothing changes", async () => {
    const reported = await run(actions.reportIncidentAction, { title: "Web A's incident", kind: "SEV3", service: "cart" }, member.cookie);
    const id = reported.kind === "redirect" ? (reported.to.split("/").pop() ?? "") : "";
    const snapshot = () => getPrisma().incident.findUniqueOrThrow({ where: { id }, select: { status: true, updatedAt: true, _count: { select: { timeline: true, actionItems: true, services: true } }, postmortem: true } });
    const before = await snapshot();
    const probes: [(state: unknown, form: FormData) => Promise<unknown>, Record<string, string>][] = [
      [actions.updateIncidentAction, { incidentId: id, status: "resolved" }],
      [actions.addTimelineEntryAction, { incidentId: id, text: "sneaky" }],
      [actions.savePostmortemAction, { incidentId: id, learning: "Sneaky." }],
      [actions.addActionItemAction, { incidentId: id, title: "sneaky" }],
    ];
    for (const [action, form] of probes) {
      expect(await run(action, form, null)).toEqual({ kind: "redirect", to: expect.stringContaining("/sign-in") });
      expect(await run(action, form, outsider.cookie)).toEqual({ kind: "returned", value: { ok: false, message: expect.stringContaining("No incident") } });
    }
    expect(await snapshot()).toEqual(before);
    expect(await getPrisma().incident.count({ where: { organizationId: other } })).toBe(0);
  });
});
