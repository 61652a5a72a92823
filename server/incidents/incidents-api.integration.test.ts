import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { readCatalogSources } from "@/server/catalog/read-catalog-sources.ts";
import { EXAMPLE_CATALOG_DIR } from "@/server/catalog/seed-catalog-on-start.ts";
import { getPrisma } from "@/server/db/client.ts";
import { createApiToken } from "@/server/identity/api-tokens.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { listServiceEvents } from "@/server/history/list-service-events.ts";
import { TEST_ORIGIN } from "@/server/testing/test-accounts.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import type { TIncidentDetail } from "./incidents.schemas.ts";
import { getServiceIncidents } from "./get-service-incidents.ts";
import { getChangedNearby } from "./get-changed-nearby.ts";

// The API reporting path end to end through the route handlers (token auth, zod,
// problem+json), and what a report does to the rest of Plumbline: the services' history,
// the service page's action items, the "what changed nearby" panel, /learnings.

type THandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;
const API_DIR = path.join(process.cwd(), "app", "api", "v1");

async function handler(route: string, method: "GET" | "POST" | "PATCH" | "PUT"): Promise<THandler> {
  const routeModule = (await import(path.join(API_DIR, route, "route.ts"))) as Record<string, THandler>;
  const found = routeModule[method];
  if (!found) throw new Error(`${route} has no ${method}`);
  return found;
}

async function call(route: string, method: "GET" | "POST" | "PATCH" | "PUT", token: string, options: { params?: Record<string, string>; body?: unknown; query?: string; headers?: Record<string, string> } = {}) {
  const url = `${TEST_ORIGIN}/api/v1/${route.replace(/\[(\w+)\]/g, (_, name: string) => options.params?.[name] ?? name)}${options.query ?? ""}`;
  const request = new Request(url, {
    method,
    headers: { authorization: `Bearer ${token}`, host: "localhost", ...(options.body === undefined ? {} : { "content-type": "application/json" }), ...options.headers },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return (await handler(route, method))(request, { params: Promise.resolve(options.params ?? {}) });
}

describe.each(TEST_DATABASE_KINDS)("incidents API on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: string;
  let token: string;
  let otherToken: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = (await upsertOrganization("incidents-a", "Incidents A")).id;
    const other = (await upsertOrganization("incidents-b", "Incidents B")).id;
    const example = readCatalogSources(EXAMPLE_CATALOG_DIR);
    await importCatalog(org, example, "example");
    await importCatalog(other, example, "example");
    token = (await createApiToken(org, "alerting")).token;
    otherToken = (await createApiToken(other, "other-alerting")).token;
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it("reports with one sentence (201), replays an Idempotency-Key (200, same incident), refuses unknown services (422 problem+json)", async () => {
    const created = await call("incidents", "POST", token, { body: { title: "Checkout 500s after the config push", kind: "SEV2", services: ["checkout"] }, headers: { "idempotency-key": "alert-123" } });
    expect(created.status).toBe(201);
    const incident = (await created.json()) as TIncidentDetail;
    expect(incident).toMatchObject({ kind: "SEV2", status: "open", reportedVia: "api", reportedBy: 'API token "alerting"', ownerTeam: { slug: "checkout" }, services: [{ slug: "checkout", addedBecause: "reported" }] });
    expect(created.headers.get("location")).toBe(`/api/v1/incidents/${incident.id}`);

    const replay = await call("incidents", "POST", token, { body: { title: "Checkout 500s after the config push", kind: "SEV2", services: ["checkout"] }, headers: { "idempotency-key": "alert-123" } });
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(((await replay.json()) as TIncidentDetail).id).toBe(incident.id);
    expect(await getPrisma().incident.count({ where: { organizationId: org } })).toBe(1);

    const minimal = await call("incidents", "POST", token, { body: { title: "Someone almost deleted the orders table" } });
    expect(minimal.status).toBe(201);
    expect(await minimal.json()).toMatchObject({ kind: "SEV3", status: "open", services: [], ownerTeam: null });

    const unknown = await call("incidents", "POST", token, { body: { title: "x", services: ["no-such-service"] } });
    expect(unknown.status).toBe(422);
    expect(unknown.headers.get("content-type")).toBe("application/problem+json");
    expect(await unknown.json()).toMatchObject({ code: "unknown-reference", services: ["no-such-service"] });

    const invalid = await call("incidents", "POST", token, { body: { title: "", kind: "SEV9" } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: "validation-failed" });
  });

  it("puts a report in every affected service's history, and resolving too", async () => {
    const created = (await (await call("incidents", "POST", token, { body: { title: "Payments timeouts", kind: "SEV1", services: ["payments", "checkout"] } })).json()) as TIncidentDetail;
    const patched = await call("incidents/[id]", "PATCH", token, { params: { id: created.id }, body: { status: "resolved", addServices: ["cart"] } });
    expect(patched.status).toBe(200);
    const resolved = (await patched.json()) as TIncidentDetail;
    expect(resolved.status).toBe("resolved");
    expect(resolved.resolvedAt).not.toBeNull();
    expect(resolved.services.map((service) => service.slug)).toEqual(["payments", "checkout", "cart"]);
    expect(resolved.timeline.map((entry) => entry.text)).toEqual(expect.arrayContaining([expect.stringContaining("Affected: cart"), "Status: Open → Resolved."]));
    for (const slug of ["payments", "checkout", "cart"]) {
      const history = await listServiceEvents(org, slug, { limit: 50 });
      const types = history?.events.filter((event) => event.details.incidentId === created.id).map((event) => event.type).sort();
      expect(types, slug).toEqual(["incident_reported", "incident_resolved"]);
    }
  });

  it("adds timeline entries with links, a one-sentence learning, action items; learnings are searchable; the service page shows open items until done", async () => {
    const incident = (await (await call("incidents", "POST", token, { body: { title: "Near miss: a migration nearly locked the ledger", kind: "near_miss", services: ["ledger"] } })).json()) as TIncidentDetail;
    expect(incident.status).toBe("resolved");
    const timeline = await call("incidents/[id]/timeline", "POST", token, { params: { id: incident.id }, body: { text: "Spotted in review", sourceUrl: "https://slack.example/archives/C1/p1" } });
    expect(timeline.status).toBe(201);
    expect(((await timeline.json()) as { timeline: { text: string; sourceUrl: string | null }[] }).timeline).toContainEqual(expect.objectContaining({ text: "Spotted in review", sourceUrl: "https://slack.example/archives/C1/p1" }));

    const postmortem = await call("incidents/[id]/postmortem", "PUT", token, { params: { id: incident.id }, body: { learning: "Migrations need a lock timeout. We set 5s everywhere." } });
    expect(postmortem.status).toBe(200);
    expect(((await postmortem.json()) as TIncidentDetail).postmortem).toMatchObject({ template: "one_sentence", learning: "Migrations need a lock timeout.", sections: { whatHappened: "We set 5s everywhere." } });

    const learnings = (await (await call("learnings", "GET", token, { query: "?q=lock%20timeout" })).json()) as { learnings: { incidentId: string; learning: string }[] };
    expect(learnings.learnings).toEqual([expect.objectContaining({ incidentId: incident.id, learning: "Migrations need a lock timeout." })]);
    expect(((await (await call("learnings", "GET", token, { query: "?service=checkout&q=lock" })).json()) as { learnings: unknown[] }).learnings).toEqual([]);
    expect(((await (await call("learnings", "GET", token, { query: "?kind=near_miss" })).json()) as { learnings: unknown[] }).learnings).toHaveLength(1);

    const item = await call("incidents/[id]/action-items", "POST", token, { params: { id: incident.id }, body: { title: "Add lock_timeout to the migration runner", service: "ledger", dueOn: "2026-01-02" } });
    expect(item.status).toBe(201);
    const { id: itemId } = (await item.json()) as { id: string };
    const page = await getServiceIncidents(org, "ledger", new Date("2026-01-05T00:00:00Z"));
    expect(page?.actionItems).toEqual([expect.objectContaining({ id: itemId, isOverdue: true })]);
    expect(page?.overdue).toBe(1);
    const done = await call("incidents/[id]/action-items/[itemId]", "PATCH", token, { params: { id: incident.id, itemId }, body: { done: true } });
    expect(done.status).toBe(200);
    expect((await getServiceIncidents(org, "ledger", new Date()))?.actionItems).toEqual([]);

    const history = await listServiceEvents(org, "ledger", { limit: 50 });
    expect(history?.events.map((event) => event.title)).toEqual(expect.arrayContaining(["Near miss reported: Near miss: a migration nearly locked the ledger", "Learning: Migrations need a lock timeout."]));
  });

  it("shows what changed nearby: on the service, its dependencies and dependents, in the hours before", async () => {
    const prisma = getPrisma();
    const startedAt = new Date(Date.now() - 10 * 60_000);
    const ids = Object.fromEntries((await prisma.service.findMany({ where: { organizationId: org, slug: { in: ["checkout", "payments", "search"] } }, select: { slug: true, id: true } })).map((row) => [row.slug, row.id]));
    const at = (minutesBefore: number) => new Date(startedAt.getTime() - minutesBefore * 60_000);
    await prisma.changeEvent.createMany({
      data: [
        { organizationId: org, serviceId: ids.checkout, type: "image_changed", title: "checkout: 1.4.2 → 1.4.3", source: "kubernetes", occurredAt: at(20) },
        { organizationId: org, serviceId: ids.payments, type: "scaled", title: "payments: scaled 4 → 2 replicas", source: "kubernetes", occurredAt: at(90) },
        { organizationId: org, serviceId: ids.search, type: "image_changed", title: "search: unrelated", source: "kubernetes", occurredAt: at(30) },
        { organizationId: org, serviceId: ids.checkout, type: "image_changed", title: "checkout: too old", source: "kubernetes", occurredAt: at(60 * 7) },
      ],
    });
    const incident = (await (await call("incidents", "POST", token, { body: { title: "Checkout slow", services: ["checkout"], startedAt: startedAt.toISOString() } })).json()) as TIncidentDetail;
    const nearby = await call("incidents/[id]/changed-nearby", "GET", token, { params: { id: incident.id } });
    expect(nearby.status).toBe(200);
    const body = (await nearby.json()) as Awaited<ReturnType<typeof getChangedNearby>>;
    expect(body?.changes.map((change) => [change.title, change.relation, change.category, change.minutesBefore])).toEqual([
      ["checkout: 1.4.2 → 1.4.3", "affected", "deploy", 20],
      ["payments: scaled 4 → 2 replicas", "dependency", "scale", 90],
    ]);
  });

  it("keeps organizations apart: another organization's incident is a 404, its reports are not listed", async () => {
    const incident = (await (await call("incidents", "POST", token, { body: { title: "A's secret outage", services: ["checkout"] } })).json()) as TIncidentDetail;
    for (const [route, method, body] of [
      ["incidents/[id]", "GET", undefined],
      ["incidents/[id]", "PATCH", { status: "resolved" }],
      ["incidents/[id]/timeline", "POST", { text: "sneaky" }],
      ["incidents/[id]/postmortem", "PUT", { learning: "Sneaky." }],
      ["incidents/[id]/action-items", "POST", { title: "sneaky" }],
      ["incidents/[id]/changed-nearby", "GET", undefined],
    ] as const) {
      const response = await call(route, method, otherToken, { params: { id: incident.id }, body });
      expect(response.status, `${method} ${route}`).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
    const list = (await (await call("incidents", "GET", otherToken)).json()) as { incidents: unknown[] };
    expect(list.incidents).toEqual([]);
    const mine = await getPrisma().incident.findUniqueOrThrow({ where: { id: incident.id }, select: { status: true, postmortem: true } });
    expect(mine).toEqual({ status: "open", postmortem: null });
  });
});
