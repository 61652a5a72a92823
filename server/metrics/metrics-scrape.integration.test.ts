import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrometheusServer, type PrometheusServer } from "@/integrations/prometheus/testing/prometheus-server.ts";
import { ALERT_RULES_FILE, alertExpressions, asPlainPromql, dashboardQueries } from "@/monitoring/dashboard-queries.ts";
import { childProcessEnv, overrideConfig } from "@/server/config/get-config.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { createApiToken } from "@/server/identity/api-tokens.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { writeGateTestFiles } from "@/server/testing/gate-test-catalog.ts";
import { freePort, startTestApp, TEST_AUTH_SECRET, type TTestApp } from "@/server/testing/start-test-app.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { waitFor } from "@/server/testing/wait-for.ts";

// Plumbline observed by the real Prometheus (Debian's binary): the product runs on
// Postgres with web and workers in one process, Prometheus scrapes its /metrics with the
// bearer token on the web port and on the separate metrics port, loads the alert rules
// of monitoring/, and every series the dashboard draws can be queried.

const METRICS_TOKEN = "metrics-scrape-test-token-0123456789";

let db: Awaited<ReturnType<typeof openTestDatabase>>;
let app: TTestApp;
let prometheus: PrometheusServer;
let metricsPort: number;
let apiToken: string;
let restoreConfig: (() => void) | undefined;
let tmp: string;

interface TQueryAnswer {
  status: string;
  error?: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

async function query(promql: string): Promise<TQueryAnswer> {
  const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
  return (await response.json()) as TQueryAnswer;
}

/** The samples of an instant query once it has any (Prometheus scrapes every second). */
function samplesOf(promql: string) {
  return waitFor(
    `Prometheus to answer ${promql}`,
    async () => {
      const answer = await query(promql);
      return answer.data.result.length > 0 ? answer.data.result : null;
    },
    { timeoutMs: 30_000, intervalMs: 500, detail: () => prometheus.logTail() },
  );
}

beforeAll(async () => {
  db = await openTestDatabase("postgres");
  restoreConfig = overrideConfig(parseConfig(childProcessEnv({ PLUMBLINE_AUTH_SECRET: TEST_AUTH_SECRET })));
  const org = await upsertOrganization("default", "Metrics test");
  apiToken = (await createApiToken(org.id, "ci")).token;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-metrics-"));
  const { catalogDir, policyFile } = writeGateTestFiles(tmp);
  metricsPort = await freePort();
  app = await startTestApp({
    DATABASE_URL: db.url ?? "",
    PLUMBLINE_AUTH_SECRET: TEST_AUTH_SECRET,
    PLUMBLINE_CATALOG: catalogDir,
    PLUMBLINE_POLICIES: policyFile,
    PLUMBLINE_METRICS_TOKEN: METRICS_TOKEN,
    PLUMBLINE_METRICS_PORT: String(metricsPort),
    // One app process (npm start) writes its request lines at debug: the test reads them.
    LOG_LEVEL: "debug",
    // The first app start of a run builds Next (minutes on a loaded 2-core machine).
  }, { readyTimeoutMs: 900_000 });
  prometheus = await startPrometheusServer({
    scrapeJobs: [
      { jobName: "plumbline", targets: [`127.0.0.1:${app.port}`], bearerToken: METRICS_TOKEN },
      { jobName: "plumbline-metrics-port", targets: [`127.0.0.1:${metricsPort}`], bearerToken: METRICS_TOKEN },
    ],
    ruleFiles: [ALERT_RULES_FILE],
  });
}, 960_000);

afterAll(async () => {
  await prometheus?.stop();
  await app?.stop();
  await db?.close();
  restoreConfig?.();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("/metrics scraped by the real Prometheus", () => {
  it("asks for the token: none or a wrong one is 401, the right one gets the text format", async () => {
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: "Bearer wrong-token-of-enough-length" } })).status).toBe(401);
    const response = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    expect(await response.text()).toContain("# TYPE plumbline_http_requests_total counter");
    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
  });

  it("both listeners are up for Prometheus", async () => {
    // Each job's first scrape comes in its own second: wait until both have answered.
    const both = await samplesOf('count(up{job=~"plumbline.*"} == 1) == 2');
    expect(both).toHaveLength(1);
    const up = await query('up{job=~"plumbline.*"}');
    expect(up.data.result.map((sample) => [sample.metric.job, sample.value[1]]).sort()).toEqual([
      ["plumbline", "1"],
      ["plumbline-metrics-port", "1"],
    ]);
  });

  it("counts requests by route pattern, and a gate decision made inside Next's route handler reaches the same registry", async () => {
    const requestId = "metrics-test-request-1";
    const created = await fetch(`${app.url}/api/v1/deploy-requests`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json", "x-request-id": requestId },
      body: JSON.stringify({ service: "payments", environment: "staging", version: "9.9.9" }),
    });
    const body = (await created.json()) as { id: string; status: string };
    expect(created.status).toBe(201);
    expect(body.status).toBe("pending");
    expect(created.headers.get("x-request-id")).toBe(requestId);
    await (await fetch(`${app.url}/api/v1/deploy-requests/${body.id}`, { headers: { authorization: `Bearer ${apiToken}` } })).text();

    const byRoute = await samplesOf('plumbline_http_requests_total{job="plumbline",route="/api/v1/deploy-requests/[id]",method="GET",status="200"}');
    expect(Number(byRoute[0]?.value[1])).toBeGreaterThanOrEqual(1);
    const raw = await query(`plumbline_http_requests_total{route=~".*${body.id}.*"}`);
    expect(raw.data.result).toEqual([]);
    const pending = await samplesOf('plumbline_gate_decisions_total{job="plumbline",outcome="pending"}');
    expect(Number(pending[0]?.value[1])).toBe(1);
    await samplesOf('plumbline_gate_decision_duration_seconds_count{job="plumbline",outcome="pending"} == 1');
    const waiting = await samplesOf('plumbline_approvals_waiting{job="plumbline"} == 1');
    expect(waiting).toHaveLength(1);

    // The request's one structured log line carries its id and route, not its path.
    const line = await waitFor("the request log line", () =>
      app
        .output()
        .split("\n")
        .find((text) => text.includes(`"requestId":"${requestId}"`) && text.includes('"msg":"request"')),
    );
    expect(JSON.parse(line)).toMatchObject({ requestId, method: "POST", route: "/api/v1/deploy-requests", status: 201 });
  });

  it("carries the request id into problem+json bodies", async () => {
    const response = await fetch(`${app.url}/api/v1/deploy-requests`, { headers: { "x-request-id": "metrics-test-problem" } });
    expect(response.status).toBe(401);
    expect(response.headers.get("x-request-id")).toBe("metrics-test-problem");
    expect(await response.json()).toMatchObject({ code: "unauthenticated", requestId: "metrics-test-problem" });
  });

  it("records worker cycles by source (workers run in this process)", async () => {
    const sources = await samplesOf('plumbline_worker_cycle_duration_seconds_count{job="plumbline"} > 0');
    expect(sources.map((sample) => sample.metric.source)).toEqual(expect.arrayContaining(["approvals-expiry", "slo-evaluate"]));
    await samplesOf('plumbline_slo_evaluation_duration_seconds_count{job="plumbline"} > 0');
  });

  it("loads every alert rule of monitoring/plumbline-alerts.yml, all healthy", async () => {
    const rules = await waitFor(
      "the rules to be evaluated",
      async () => {
        const response = await fetch(`${prometheus.url}/api/v1/rules`);
        const answer = (await response.json()) as { data: { groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[] } };
        const all = answer.data.groups.flatMap((group) => group.rules);
        return all.length > 0 && all.every((rule) => rule.health !== "unknown") ? all : null;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(rules.map((rule) => rule.name).sort()).toEqual(alertExpressions().map((rule) => rule.alert).sort());
    expect(rules.filter((rule) => rule.health !== "ok")).toEqual([]);
  });

  it("answers every query of the Grafana dashboard", async () => {
    for (const { panel, expr } of dashboardQueries()) {
      const answer = await query(asPlainPromql(expr));
      expect({ panel, status: answer.status, error: answer.error }).toEqual({ panel, status: "success", error: undefined });
    }
    // The panels read real series, not only valid syntax.
    await samplesOf(asPlainPromql('sum by (route) (rate(plumbline_http_requests_total{job=~"$job"}[$__rate_interval]))'));
  });
});

describe("the API description, served by the built app", () => {
  it("serves the OpenAPI document at /api/v1/openapi.json without authentication", async () => {
    const response = await fetch(`${app.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { description: string }>> };
    expect(document.openapi).toBe("3.1.0");
    expect(document.paths["/api/v1/deploy-requests"]?.post?.description).toContain("CI asks");
  });

  it("renders /api-docs on the server, under the page CSP, for anyone", async () => {
    const response = await fetch(`${app.url}/api-docs`, { redirect: "manual" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("script-src");
    const html = await response.text();
    expect(html).toContain("/api/v1/deploy-requests/{id}/approvals/{team}");
    expect(html).toContain("Idempotency-Key");
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:\/\//);
  });
});
