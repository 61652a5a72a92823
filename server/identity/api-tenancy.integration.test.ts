import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { readCatalogSources } from "@/server/catalog/read-catalog-sources.ts";
import { EXAMPLE_CATALOG_DIR } from "@/server/catalog/seed-catalog-on-start.ts";
import { getPrisma } from "@/server/db/client.ts";
import { PROBLEM_CODES } from "@/server/http/problem-codes.ts";
import { seedDemoDeployRequests } from "@/server/gate/seed-demo-deploy-requests.ts";
import { createSignedInMember, sessionHeaders, TEST_ORIGIN, type TTestMember } from "@/server/testing/test-accounts.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { addActionItem } from "@/server/incidents/manage-action-items.ts";
import { reportIncident } from "@/server/incidents/report-incident.ts";
import { savePostmortem } from "@/server/incidents/save-postmortem.ts";
import { createApiToken } from "./api-tokens.ts";
import { upsertOrganization } from "./identity-organizations.repository.ts";

// Proof that no one sees another tenant's data through the API. Two organizations with
// the same demo catalog, plus rows only organization B has (slugs "tenant-b-…", their
// text carries B_MARKER). Every API route is called anonymously, as organization A (its admin's
// session, its API token) asking for B's rows, and as an A member without the role the
// route needs. The route files are enumerated from disk: a new route without a row in
// ROUTES below fails this test.

type TMethod = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
type TRouteHandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface TFixture {
  bDeployId: string;
  aDeployId: string;
  aAskedTeam: string;
  bIncidentId: string;
  bActionItemId: string;
}

/**
 * What a route needs: "member" (any signed-in member or token reads), "admin", "owner"
 * (an owner of the team concerned), "token" (CI only), "owner-or-token" (an owner of the
 * service concerned, an admin, or an API token: the demo fault knob).
 */
type TNeed = "member" | "admin" | "owner" | "token" | "owner-or-token";

interface TRouteCase {
  need: TNeed;
  /** Params naming organization B's rows (the wrong-tenant probe); none for list routes. */
  bParams?: (f: TFixture) => Record<string, string>;
  /** Params naming organization A's own rows (the missing-role probe). */
  aParams?: (f: TFixture) => Record<string, string>;
  body?: unknown;
  /** The body of the missing-role probe, naming A's own rows (default: body). */
  aBody?: unknown;
}

/** In B's data only (descriptions, names), never in a request: a response containing it leaked B's rows. */
const B_MARKER = "zebra-secret";
const EXTRA_B_CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: tenant-b-team
  title: Tenant B zebra-secret team
  description: zebra-secret team description
spec:
  type: team
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: tenant-b-service
  title: Tenant B zebra-secret service
  description: zebra-secret service description
  annotations:
    plumbline.dev/slo-availability: "99.9"
spec:
  type: service
  lifecycle: production
  owner: tenant-b-team
`;

const ALERTMANAGER_PROBE = {
  version: "4",
  groupKey: "{}:{alertname=\"TenancyProbe\"}",
  status: "firing",
  commonLabels: { alertname: "TenancyProbe", service: "tenant-b-service" },
  alerts: [{ status: "firing", labels: { alertname: "TenancyProbe", service: "tenant-b-service" }, startsAt: "2026-03-10T13:58:00.000Z" }],
};
const sloInput = { name: "tenant-probe", kind: "availability", objective: 99 };
const importBody = { origin: "tenancy-probe", files: [{ file: "probe.yaml", text: "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: probe-team\nspec:\n  type: team\n  children: []\n" }] };

const ROUTES: Record<string, Partial<Record<TMethod, TRouteCase>>> = {
  "v1/catalog/export": { GET: { need: "member" } },
  "v1/catalog/imports": { POST: { need: "admin", body: importBody } },
  "v1/clusters": { GET: { need: "member" } },
  "v1/demo/faults": {
    GET: { need: "member" },
    POST: { need: "owner-or-token", body: { service: "tenant-b-service", errorRate: 0.5, duration: "5m" }, aBody: { service: "checkout", errorRate: 0.5, duration: "5m" } },
    DELETE: { need: "owner-or-token" },
  },
  "v1/deploy-requests": { GET: { need: "member" }, POST: { need: "token", body: { service: "tenant-b-service", environment: "prod", version: "1.0.0" } } },
  "v1/deploy-requests/analysis": { POST: { need: "token", body: { service: "tenant-b-service", environment: "prod", version: "1.0.0" } } },
  "v1/deploy-requests/[id]": { GET: { need: "member", bParams: (f) => ({ id: f.bDeployId }) } },
  "v1/deploy-requests/[id]/detail": { GET: { need: "member", bParams: (f) => ({ id: f.bDeployId }) } },
  "v1/deploy-requests/[id]/cancel": { POST: { need: "token", bParams: (f) => ({ id: f.bDeployId }), aParams: (f) => ({ id: f.aDeployId }), body: { reason: "probe" } } },
  "v1/deploy-requests/[id]/events": { POST: { need: "token", bParams: (f) => ({ id: f.bDeployId }), aParams: (f) => ({ id: f.aDeployId }), body: { type: "started" } } },
  "v1/deploy-requests/[id]/approvals/[team]": {
    POST: { need: "owner", bParams: (f) => ({ id: f.bDeployId, team: f.aAskedTeam }), aParams: (f) => ({ id: f.aDeployId, team: f.aAskedTeam }), body: { decision: "approve" } },
  },
  "v1/graph": { GET: { need: "member" } },
  "v1/graph/export": { GET: { need: "member" } },
  "v1/integrations/github": { GET: { need: "member" }, PUT: { need: "admin", body: { appId: "1", webhookSecret: "probe", mappings: [] } }, DELETE: { need: "admin" } },
  "v1/policies": { GET: { need: "member" }, PUT: { need: "admin", body: { yaml: "rules: []\n" } } },
  "v1/services": { GET: { need: "member" } },
  "v1/services/[slug]": { GET: { need: "member", bParams: () => ({ slug: "tenant-b-service" }) } },
  "v1/services/[slug]/events": { GET: { need: "member", bParams: () => ({ slug: "tenant-b-service" }) } },
  "v1/services/[slug]/kept": { POST: { need: "owner", bParams: () => ({ slug: "tenant-b-service" }), aParams: () => ({ slug: "checkout" }), body: { reason: "tenancy probe" } } },
  "v1/services/[slug]/archive": { POST: { need: "owner", bParams: () => ({ slug: "tenant-b-service" }), aParams: () => ({ slug: "checkout" }), body: { reason: "tenancy probe" } } },
  "v1/services/[slug]/workloads": { GET: { need: "member", bParams: () => ({ slug: "tenant-b-service" }) } },
  "v1/services/[slug]/slos": {
    GET: { need: "member", bParams: () => ({ slug: "tenant-b-service" }) },
    POST: { need: "owner", bParams: () => ({ slug: "tenant-b-service" }), aParams: () => ({ slug: "checkout" }), body: sloInput },
  },
  "v1/services/[slug]/slos/[name]": {
    GET: { need: "member", bParams: () => ({ slug: "tenant-b-service", name: "availability" }) },
    DELETE: { need: "owner", bParams: () => ({ slug: "tenant-b-service", name: "availability" }), aParams: () => ({ slug: "checkout", name: "availability" }) },
  },
  "v1/services/[slug]/slos/[name]/history": { GET: { need: "member", bParams: () => ({ slug: "tenant-b-service", name: "availability" }) } },
  "v1/slos/export": { GET: { need: "member" } },
  "v1/slos/overview": { GET: { need: "member" } },
  "v1/teams": { GET: { need: "member" } },
  "v1/telemetry/coverage": { GET: { need: "member" } },
  "v1/telemetry/claims": { POST: { need: "admin", body: { namespace: "", workload: "tenant-b-service", service: "tenant-b-service" } } },
  "v1/teams/[slug]": { GET: { need: "member", bParams: () => ({ slug: "tenant-b-team" }) } },
  "v1/incidents": { GET: { need: "member" }, POST: { need: "member", body: { title: "probe", services: ["tenant-b-service"] } } },
  "v1/incidents/alertmanager": { POST: { need: "token", body: ALERTMANAGER_PROBE } },
  "v1/incidents/[id]": {
    GET: { need: "member", bParams: (f) => ({ id: f.bIncidentId }) },
    PATCH: { need: "member", bParams: (f) => ({ id: f.bIncidentId }), body: { status: "resolved" } },
  },
  "v1/incidents/[id]/timeline": {
    GET: { need: "member", bParams: (f) => ({ id: f.bIncidentId }) },
    POST: { need: "member", bParams: (f) => ({ id: f.bIncidentId }), body: { text: "probe" } },
  },
  "v1/incidents/[id]/postmortem": { PUT: { need: "member", bParams: (f) => ({ id: f.bIncidentId }), body: { learning: "Probe." } } },
  "v1/incidents/[id]/action-items": {
    GET: { need: "member", bParams: (f) => ({ id: f.bIncidentId }) },
    POST: { need: "member", bParams: (f) => ({ id: f.bIncidentId }), body: { title: "probe" } },
  },
  "v1/incidents/[id]/action-items/[itemId]": { PATCH: { need: "member", bParams: (f) => ({ id: f.bIncidentId, itemId: f.bActionItemId }), body: { done: true } } },
  "v1/incidents/[id]/changed-nearby": { GET: { need: "member", bParams: (f) => ({ id: f.bIncidentId }) } },
  "v1/learnings": { GET: { need: "member" } },
};

/**
 * Routes that are public on purpose (health and the Kubernetes probes, the API description,
 * which holds no data), the sign-in library's own endpoints, and Slack's receiver, which
 * authenticates Slack's signature and maps the workspace to its organization (cross-workspace
 * refusals are tested with the Slack listeners).
 */
// slack/events and github/webhooks are signed by Slack / GitHub, not by a member or token (their own tests cover tenancy).
// debug/event-loop is the process's event-loop delay, for benchmarks only (404 unless PLUMBLINE_DEBUG_EVENT_LOOP=1): no organization's data.
const NOT_TENANT_ROUTES = new Set(["health", "health/live", "health/ready", "v1/openapi.json", "auth/[...all]", "slack/events", "github/webhooks", "debug/event-loop"]);
const API_DIR = path.join(process.cwd(), "app", "api");

function findRouteFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findRouteFiles(full);
    return entry.name === "route.ts" ? [path.relative(API_DIR, path.dirname(full)).split(path.sep).join("/")] : [];
  });
}

async function loadHandlers(route: string): Promise<Partial<Record<TMethod, TRouteHandler>>> {
  return (await import(path.join(API_DIR, route, "route.ts"))) as Partial<Record<TMethod, TRouteHandler>>;
}

function call(handler: TRouteHandler, method: TMethod, route: string, params: Record<string, string>, headers: Record<string, string>, body?: unknown) {
  const url = `${TEST_ORIGIN}/api/${route.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(params[name] ?? name))}`;
  const hasBody = method !== "GET" && body !== undefined;
  const request = new Request(url, {
    method,
    headers: { accept: "application/json", host: "localhost", ...(hasBody ? { "content-type": "application/json" } : {}), ...headers },
    ...(hasBody ? { body: JSON.stringify(body) } : {}),
  });
  return handler(request, { params: Promise.resolve(params) });
}

async function expectProblem(response: Response, statuses: number[], label: string): Promise<void> {
  const text = await response.text();
  expect(statuses, `${label}: ${response.status} ${text.slice(0, 300)}`).toContain(response.status);
  expect(response.headers.get("content-type"), label).toBe("application/problem+json");
  expect(text, label).not.toContain(B_MARKER);
  const problem = JSON.parse(text) as { code: string; type: string; status: number };
  expect(Object.keys(PROBLEM_CODES), label).toContain(problem.code);
  expect(problem.type, label).toBe(`https://plumbline.dev/problems/${problem.code}`);
  expect(problem.status, label).toBe(response.status);
}

describe("every API route has a tenancy case", () => {
  it("ROUTES lists exactly the route files under app/api (minus health and auth)", () => {
    const files = findRouteFiles(API_DIR).filter((route) => !NOT_TENANT_ROUTES.has(route)).sort();
    expect(files).toEqual(Object.keys(ROUTES).sort());
  });

  it("ROUTES lists exactly the methods each route exports", async () => {
    for (const [route, cases] of Object.entries(ROUTES)) {
      const exported = Object.keys(await loadHandlers(route)).filter((name) => ["GET", "POST", "PUT", "DELETE", "PATCH"].includes(name));
      expect(exported.sort(), route).toEqual(Object.keys(cases).sort());
    }
  });
});

describe.each(TEST_DATABASE_KINDS)("API tenancy on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let fixture: TFixture;
  let aAdmin: TTestMember;
  let aMember: TTestMember;
  let aToken: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const a = await upsertOrganization("tenant-a", "Tenant A");
    const b = await upsertOrganization("tenant-b", "Tenant B zebra-secret");
    const example = readCatalogSources(EXAMPLE_CATALOG_DIR);
    await importCatalog(a.id, example, "example");
    await importCatalog(b.id, [...example, { file: "tenant-b.yaml", text: EXTRA_B_CATALOG }], "example");
    const quiet = () => {};
    await seedDemoDeployRequests(a.id, quiet);
    await seedDemoDeployRequests(b.id, quiet);
    const pending = (organizationId: string) =>
      getPrisma().deployRequest.findFirstOrThrow({
        where: { organizationId, status: "pending" },
        select: { id: true, approvals: { select: { team: { select: { slug: true } } } } },
      });
    const [aPending, bPending] = await Promise.all([pending(a.id), pending(b.id)]);
    const bReporter = { via: "api" as const, name: "tenancy fixture", personId: null };
    const bIncident = (await reportIncident(b.id, { title: `${B_MARKER} outage`, kind: "SEV2", services: ["tenant-b-service"] }, bReporter, { now: new Date() })).incident;
    await savePostmortem(b.id, bIncident.id, { learning: `The ${B_MARKER} learning.` }, bReporter, new Date());
    const bItem = await addActionItem(b.id, bIncident.id, { title: `${B_MARKER} action` }, new Date());
    fixture = { aDeployId: aPending.id, bDeployId: bPending.id, aAskedTeam: aPending.approvals[0]?.team.slug ?? "checkout", bIncidentId: bIncident.id, bActionItemId: bItem.id };
    aAdmin = await createSignedInMember(a.id, { role: "admin" });
    aMember = await createSignedInMember(a.id, { role: "member" });
    aToken = (await createApiToken(a.id, "tenant-a-ci")).token;
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  const entries = Object.entries(ROUTES).flatMap(([route, cases]) => Object.entries(cases).map(([method, routeCase]) => ({ route, method: method as TMethod, routeCase })));

  it.each(entries)("$method /api/$route: anonymous → 401, never data", async ({ route, method, routeCase }) => {
    const handler = (await loadHandlers(route))[method];
    if (!handler) throw new Error(`${route} does not export ${method}`);
    const params = routeCase.bParams?.(fixture) ?? {};
    await expectProblem(await call(handler, method, route, params, { origin: TEST_ORIGIN }, routeCase.body), [401], "anonymous");
    // A session cookie that is not (or no longer) valid is anonymous too.
    await expectProblem(await call(handler, method, route, params, { cookie: "better-auth.session_token=forged.value", origin: TEST_ORIGIN }, routeCase.body), [401], "forged cookie");
  });

  it.each(entries)("$method /api/$route: organization A asking for B's rows → 404 (or A's own rows only)", async ({ route, method, routeCase }) => {
    const handler = (await loadHandlers(route))[method];
    if (!handler) throw new Error(`${route} does not export ${method}`);
    const credentials = [
      { label: "A admin session", headers: sessionHeaders(aAdmin) },
      { label: "A API token", headers: { authorization: `Bearer ${aToken}` } },
    ];
    for (const { label, headers } of credentials) {
      const response = await call(handler, method, route, routeCase.bParams?.(fixture) ?? {}, headers, routeCase.body);
      const text = await response.clone().text();
      expect(text, `${label}: ${text.slice(0, 300)}`).not.toContain(B_MARKER);
      if (routeCase.bParams) {
        // Not found in A; a route the credential may not call at all says so first (401/403).
        await expectProblem(response, [404, 401, 403], label);
      }
    }
  });

  it.each(entries.filter((entry) => ["admin", "owner", "token", "owner-or-token"].includes(entry.routeCase.need)))(
    "$method /api/$route: an A member without the needed role → 401/403",
    async ({ route, method, routeCase }) => {
      const handler = (await loadHandlers(route))[method];
      if (!handler) throw new Error(`${route} does not export ${method}`);
      const params = routeCase.aParams?.(fixture) ?? {};
      const expected = routeCase.need === "token" ? [401] : [403];
      await expectProblem(await call(handler, method, route, params, sessionHeaders(aMember), routeCase.aBody ?? routeCase.body), expected, "plain member");
      if (routeCase.need === "admin" || routeCase.need === "owner") {
        // CI tokens are not people: they never manage the organization or decide for owners
        // (catalog imports are a CI job, and so is claiming telemetry endpoints: the exceptions).
        if (route !== "v1/catalog/imports" && route !== "v1/telemetry/claims") {
          await expectProblem(await call(handler, method, route, params, { authorization: `Bearer ${aToken}` }, routeCase.body), [403], "API token");
        }
      }
    },
  );

  it("refuses a signed-in mutation whose Origin is another site (CSRF)", async () => {
    const handler = (await loadHandlers("v1/policies")).PUT;
    if (!handler) throw new Error("no PUT");
    const response = await call(handler, "PUT", "v1/policies", {}, { cookie: aAdmin.cookie, origin: "https://evil.example" }, { yaml: "rules: []\n" });
    await expectProblem(response, [403], "cross-site");
    const noOrigin = await call(handler, "PUT", "v1/policies", {}, { cookie: aAdmin.cookie }, { yaml: "rules: []\n" });
    await expectProblem(noOrigin, [403], "no origin");
  });
});
