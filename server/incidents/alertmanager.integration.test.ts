import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIRING_PAYLOAD, RESOLVED_PAYLOAD } from "@/domain/incidents/testing/alertmanager-payloads.ts";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { readCatalogSources } from "@/server/catalog/read-catalog-sources.ts";
import { EXAMPLE_CATALOG_DIR } from "@/server/catalog/seed-catalog-on-start.ts";
import { getPrisma } from "@/server/db/client.ts";
import { createApiToken } from "@/server/identity/api-tokens.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { listServiceEvents } from "@/server/history/list-service-events.ts";
import { TEST_ORIGIN } from "@/server/testing/test-accounts.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";

// Alertmanager's webhook receiver: a group opens one incident, repeats and redeliveries
// update it without duplicating anything, "resolved" resolves it once; the group's next
// firing episode is a new incident. Through the route handler, as Alertmanager calls it.

type THandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function deliver(token: string | null, payload: unknown): Promise<Response> {
  const routeModule = (await import(path.join(process.cwd(), "app", "api", "v1", "incidents", "alertmanager", "route.ts"))) as { POST: THandler };
  const request = new Request(`${TEST_ORIGIN}/api/v1/incidents/alertmanager`, {
    method: "POST",
    // Alertmanager sends User-Agent Alertmanager/<version> and, with http_config.authorization, a bearer token.
    headers: { "content-type": "application/json", "user-agent": "Alertmanager/0.28.1", host: "localhost", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(payload),
  });
  return routeModule.POST(request, { params: Promise.resolve({}) });
}

describe.each(TEST_DATABASE_KINDS)("Alertmanager receiver on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: string;
  let token: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = (await upsertOrganization("alerts-a", "Alerts A")).id;
    await importCatalog(org, readCatalogSources(EXAMPLE_CATALOG_DIR), "example");
    token = (await createApiToken(org, "alertmanager")).token;
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  const incidents = () => getPrisma().incident.findMany({ where: { organizationId: org }, select: { id: true, status: true, kind: true, title: true, resolvedAt: true, alertGroupKey: true, dedupeKey: true }, orderBy: { createdAt: "asc" } });
  const timelineCount = (incidentId: string) => getPrisma().incidentTimelineEntry.count({ where: { organizationId: org, incidentId } });

  it("needs an API token", async () => {
    expect((await deliver(null, FIRING_PAYLOAD)).status).toBe(401);
  });

  it("refuses a body that is not a v4 notification, naming the field", async () => {
    const response = await deliver(token, { ...FIRING_PAYLOAD, groupKey: undefined });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "validation-failed", errors: [expect.objectContaining({ field: "groupKey" })] });
  });

  it("opens → updates → resolves one incident per group, idempotently", async () => {
    const opened = await deliver(token, FIRING_PAYLOAD);
    expect(opened.status).toBe(201);
    const first = (await opened.json()) as { outcome: string; incidentId: string };
    expect(first.outcome).toBe("opened");
    const [incident] = await incidents();
    expect(incident).toMatchObject({ status: "open", kind: "SEV1", title: "CheckoutErrors: checkout 5xx above 5%", alertGroupKey: FIRING_PAYLOAD.groupKey });
    const entriesAfterOpen = await timelineCount(first.incidentId);

    // The same group again (repeat_interval, or a retried delivery): the same incident, nothing new.
    const again = await deliver(token, FIRING_PAYLOAD);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: "updated", incidentId: first.incidentId });
    expect(await incidents()).toHaveLength(1);
    expect(await timelineCount(first.incidentId)).toBe(entriesAfterOpen);

    // A second alert joins the group: one more timeline entry, same incident.
    const grown = {
      ...FIRING_PAYLOAD,
      alerts: [...FIRING_PAYLOAD.alerts, { ...FIRING_PAYLOAD.alerts[0], fingerprint: "2b41cb82ddb0a3f2", labels: { ...FIRING_PAYLOAD.alerts[0]?.labels, instance: "10.0.0.2:8080" }, startsAt: "2026-03-10T14:01:00.000Z" }],
    };
    expect(await (await deliver(token, grown)).json()).toMatchObject({ outcome: "updated", incidentId: first.incidentId });
    expect(await timelineCount(first.incidentId)).toBe(entriesAfterOpen + 1);

    const resolved = await deliver(token, RESOLVED_PAYLOAD);
    expect(await resolved.json()).toMatchObject({ outcome: "resolved", incidentId: first.incidentId, status: "resolved" });
    const [after] = await incidents();
    expect(after).toMatchObject({ status: "resolved", dedupeKey: null });
    expect(after?.resolvedAt).not.toBeNull();
    const entriesAfterResolve = await timelineCount(first.incidentId);

    // A redelivered "resolved": nothing changes.
    expect(await (await deliver(token, RESOLVED_PAYLOAD)).json()).toMatchObject({ outcome: "ignored", incidentId: null });
    expect(await timelineCount(first.incidentId)).toBe(entriesAfterResolve);
    expect(await incidents()).toHaveLength(1);

    // History: reported once, resolved once, on the service the alert named.
    const history = await listServiceEvents(org, "checkout", { limit: 50 });
    expect(history?.events.filter((event) => event.details.incidentId === first.incidentId).map((event) => event.type).sort()).toEqual(["incident_reported", "incident_resolved"]);
  });

  it("treats the group's next firing episode as a new incident", async () => {
    const next = { ...FIRING_PAYLOAD, alerts: FIRING_PAYLOAD.alerts.map((alert) => ({ ...alert, startsAt: "2026-03-11T09:00:00.000Z" })) };
    expect(await (await deliver(token, next)).json()).toMatchObject({ outcome: "opened" });
    const all = await incidents();
    expect(all).toHaveLength(2);
    expect(all.map((incident) => incident.status)).toEqual(["resolved", "open"]);
  });

  it("opens one incident when two deliveries of a new group race", async () => {
    const group = { ...FIRING_PAYLOAD, groupKey: '{}:{alertname="Race"}', commonLabels: { alertname: "Race", service: "cart" } };
    const outcomes = await Promise.all([deliver(token, group), deliver(token, group)]).then((responses) => Promise.all(responses.map((response) => response.json() as Promise<{ outcome: string; incidentId: string }>)));
    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(["opened", "updated"]);
    expect(outcomes[0]?.incidentId).toBe(outcomes[1]?.incidentId);
    expect(await getPrisma().incident.count({ where: { organizationId: org, alertGroupKey: group.groupKey } })).toBe(1);
  });

  it("notes services the labels name that the catalog does not have, and files the report anyway", async () => {
    const group = { ...FIRING_PAYLOAD, groupKey: '{}:{alertname="Ghost"}', commonLabels: { alertname: "Ghost", service: "ghost-service" }, alerts: [{ ...FIRING_PAYLOAD.alerts[0], labels: { alertname: "Ghost", service: "ghost-service" } }] };
    const { incidentId } = (await (await deliver(token, group)).json()) as { incidentId: string };
    const entries = await getPrisma().incidentTimelineEntry.findMany({ where: { organizationId: org, incidentId }, select: { text: true } });
    expect(entries.map((entry) => entry.text)).toContain("Named service not in the catalog: ghost-service.");
  });
});
