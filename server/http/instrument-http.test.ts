import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMetrics } from "@/server/metrics/plumbline-metrics.ts";
import { instrumentHttp, UNMATCHED_ROUTE } from "./instrument-http.ts";
import { createRouteMatcher } from "./route-patterns.ts";

const lines: Record<string, unknown>[] = [];
const log = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
const routes = createRouteMatcher(["/services/[slug]", "/api/v1/deploy-requests/[id]"]);
const seenRequestIds: (string | undefined)[] = [];

const server = http.createServer(
  instrumentHttp(
    async (req, res) => {
      seenRequestIds.push(req.headers["x-request-id"] as string | undefined);
      if (req.url?.startsWith("/api/v1/deploy-requests/")) res.writeHead(404).end("{}");
      else if (req.url === "/boom") throw new Error("handler failed");
      else res.writeHead(200).end("ok");
    },
    { resolveRoute: (path) => routes.match(path), log, requestLogLevel: "info" },
  ),
);
let base = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function count(labels: { method: string; route: string; status: string }): Promise<number> {
  const metric = await getMetrics().httpRequests.get();
  return metric.values.find((v) => v.labels.method === labels.method && v.labels.route === labels.route && v.labels.status === labels.status)?.value ?? 0;
}

async function lastRequestLine(requestId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const line = lines.find((l) => l.requestId === requestId && l.msg === "request");
    if (line) return line;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`no request log line for ${requestId}`);
}

describe("instrumentHttp", () => {
  it("counts and times requests by route pattern, never by raw path", async () => {
    const before = await count({ method: "GET", route: "/services/[slug]", status: "200" });
    await (await fetch(`${base}/services/checkout`)).text();
    await (await fetch(`${base}/services/payments?tab=slos`)).text();
    expect(await count({ method: "GET", route: "/services/[slug]", status: "200" })).toBe(before + 2);
    const histogram = await getMetrics().httpRequestDuration.get();
    expect(histogram.values.some((v) => v.labels.route === "/services/[slug]" && v.metricName?.endsWith("_count"))).toBe(true);
    expect(histogram.values.every((v) => !String(v.labels.route).includes("checkout"))).toBe(true);
  });

  it("labels paths no route serves as one series, with their status", async () => {
    const before = await count({ method: "GET", route: UNMATCHED_ROUTE, status: "200" });
    await (await fetch(`${base}/wp-login.php`)).text();
    expect(await count({ method: "GET", route: UNMATCHED_ROUTE, status: "200" })).toBe(before + 1);
    const notFound = await count({ method: "GET", route: "/api/v1/deploy-requests/[id]", status: "404" });
    await (await fetch(`${base}/api/v1/deploy-requests/dr_1`)).text();
    expect(await count({ method: "GET", route: "/api/v1/deploy-requests/[id]", status: "404" })).toBe(notFound + 1);
  });

  it("labels a method outside HTTP's usual ones (WebDAV's PROPFIND) as OTHER", async () => {
    const before = await count({ method: "OTHER", route: "/services/[slug]", status: "200" });
    await new Promise<void>((resolve, reject) => {
      const request = http.request(`${base}/services/checkout`, { method: "PROPFIND" }, (response) => {
        response.resume();
        response.on("end", resolve);
      });
      request.on("error", reject);
      request.end();
    });
    expect(await count({ method: "OTHER", route: "/services/[slug]", status: "200" })).toBe(before + 1);
  });

  it("keeps a sane incoming X-Request-Id, hands it to the app, returns it and logs it with the route", async () => {
    const response = await fetch(`${base}/services/checkout`, { headers: { "x-request-id": "ci-run-42.step:3" } });
    await response.text();
    expect(response.headers.get("x-request-id")).toBe("ci-run-42.step:3");
    expect(seenRequestIds).toContain("ci-run-42.step:3");
    const line = await lastRequestLine("ci-run-42.step:3");
    expect(line).toMatchObject({ method: "GET", route: "/services/[slug]", status: 200, level: 30 });
    expect(typeof line.ms).toBe("number");
    expect(JSON.stringify(line)).not.toContain("checkout");
  });

  it("replaces an unsafe X-Request-Id with a fresh UUID", async () => {
    const response = await fetch(`${base}/services/checkout`, { headers: { "x-request-id": "<script>alert(1)</script>" } });
    await response.text();
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(seenRequestIds).toContain(id);
  });

  it("answers 500 with the request id when the handler throws, and logs the error", async () => {
    const response = await fetch(`${base}/boom`);
    const body = await response.text();
    const id = response.headers.get("x-request-id") ?? "";
    expect(response.status).toBe(500);
    expect(body).toContain(id);
    expect(lines.some((l) => l.requestId === id && l.msg === "request failed")).toBe(true);
    expect(await lastRequestLine(id)).toMatchObject({ status: 500, route: UNMATCHED_ROUTE });
  });

  it("answers /metrics itself: 404 while no PLUMBLINE_METRICS_TOKEN is configured", async () => {
    const response = await fetch(`${base}/metrics`);
    await response.text();
    expect(response.status).toBe(404);
  });

  it("logs requests at debug when asked (npm start: the console is for people)", async () => {
    const quiet = http.createServer(instrumentHttp(async (_req, res) => void res.writeHead(200).end("ok"), { resolveRoute: (path) => routes.match(path), log, requestLogLevel: "debug" }));
    await new Promise<void>((resolve) => quiet.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(quiet.address() as AddressInfo).port}/services/checkout`, { headers: { "x-request-id": "quiet-1" } });
      await response.text();
      expect(await lastRequestLine("quiet-1")).toMatchObject({ route: "/services/[slug]", status: 200, level: 20 });
    } finally {
      await new Promise<void>((resolve) => quiet.close(() => resolve()));
    }
  });
});
