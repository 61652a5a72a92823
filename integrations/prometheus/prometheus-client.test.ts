import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { waitFor } from "@/server/testing/wait-for.ts";
import { createPrometheusClient, type PrometheusClientOptions } from "./prometheus-client.ts";
import { PrometheusQueryError, PrometheusResponseError, PrometheusUnavailableError, isPrometheusError } from "./prometheus-errors.ts";

/** A fake Prometheus: answers each request with the next scripted reply and records what it got. */
interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}
type Reply = (res: ServerResponse) => void;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => (res) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};
const text = (status: number, body: string): Reply => (res) => {
  res.writeHead(status, { "content-type": "text/html" });
  res.end(body);
};
const hang: Reply = () => {};
const VECTOR = { status: "success", data: { resultType: "vector", result: [{ metric: { job: "x" }, value: [1, "1"] }] } };

let server: Server;
let baseUrl: string;
let replies: Reply[] = [];
let recorded: Recorded[] = [];
let sleeps: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      recorded.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      (replies.shift() ?? json(500, { status: "error", error: "no reply scripted" }))(res);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, "close");
});
beforeEach(() => {
  replies = [];
  recorded = [];
  sleeps = [];
});

const client = (options: Partial<PrometheusClientOptions> = {}) =>
  createPrometheusClient({
    baseUrl,
    retries: 2,
    backoffBaseMs: 100,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });

describe("createPrometheusClient: requests", () => {
  it("POSTs an instant query as a form with time and timeout", async () => {
    replies.push(json(200, { ...VECTOR, warnings: ["partial response"] }));
    const data = await client({ timeoutMs: 2500 }).query("up", { time: new Date(1_700_000_000_123) });
    expect(data).toEqual({ resultType: "vector", result: VECTOR.data.result, warnings: ["partial response"] });
    expect(recorded[0]?.method).toBe("POST");
    expect(recorded[0]?.url).toBe("/api/v1/query");
    expect(recorded[0]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(recorded[0]?.body))).toEqual({ query: "up", time: "1700000000.123", timeout: "2.5" });
  });

  it("GETs with the query in the URL and keeps a path prefix (Mimir)", async () => {
    replies.push(json(200, { status: "success", data: { resultType: "matrix", result: [] } }));
    await client({ baseUrl: `${baseUrl}/prometheus`, method: "GET" }).queryRange("rate(x[1m])", {
      start: new Date(1_700_000_000_000),
      end: new Date(1_700_000_060_000),
      stepSeconds: 15,
    });
    const url = new URL(recorded[0]?.url ?? "", baseUrl);
    expect(recorded[0]?.method).toBe("GET");
    expect(url.pathname).toBe("/prometheus/api/v1/query_range");
    expect(Object.fromEntries(url.searchParams)).toEqual({ query: "rate(x[1m])", start: "1700000000.000", end: "1700000060.000", step: "15", timeout: "10" });
  });

  it("sends a bearer token and custom headers (X-Scope-OrgID)", async () => {
    replies.push(json(200, VECTOR));
    await client({ bearerToken: "s3cret", headers: { "X-Scope-OrgID": "tenant-1" } }).query("up");
    expect(recorded[0]?.headers.authorization).toBe("Bearer s3cret");
    expect(recorded[0]?.headers["x-scope-orgid"]).toBe("tenant-1");
  });

  it("sends basic auth", async () => {
    replies.push(json(200, VECTOR));
    await client({ basicAuth: { username: "ann", password: "p:w" } }).query("up");
    expect(recorded[0]?.headers.authorization).toBe(`Basic ${Buffer.from("ann:p:w").toString("base64")}`);
  });

  it.each([
    [{ baseUrl: "prometheus:9090" }, /"prometheus:9090" is not a URL|must be http or https/],
    [{ baseUrl: "ftp://x" }, /must be http or https/],
    [{ baseUrl: "http://u:p@x" }, /must not contain credentials: use the basicAuth option/],
    [{ bearerToken: "a", basicAuth: { username: "u", password: "p" } }, /either bearerToken or basicAuth, not both/],
    [{ timeoutMs: 0 }, /timeoutMs must be a positive number/],
    [{ retries: 1.5 }, /retries must be a whole number/],
  ])("refuses bad options %j", (options, message) => {
    expect(() => client(options)).toThrow(message);
  });
});

describe("createPrometheusClient: retries", () => {
  it("retries 5xx with exponential backoff and then succeeds", async () => {
    replies.push(json(503, { status: "error", errorType: "unavailable", error: "TSDB not ready" }), text(502, "Bad gateway"), json(200, VECTOR));
    const data = await client({ retries: 3 }).query("up");
    expect(data.resultType).toBe("vector");
    expect(recorded).toHaveLength(3);
    // random 0.5 → 75 % of the ceiling: 100 → 75, 200 → 150.
    expect(sleeps).toEqual([75, 150]);
  });

  it("gives up with PrometheusUnavailableError naming the status and Prometheus's errorType, not its error text", async () => {
    replies.push(...Array.from({ length: 3 }, () => json(503, { status: "error", errorType: "timeout", error: "query timed out" })));
    const error = await client().query("up").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusUnavailableError);
    expect(error).toMatchObject({ attempts: 3, lastStatus: 503 });
    expect((error as Error).message).toBe(`Prometheus at ${baseUrl}/ is unavailable after 3 attempts: HTTP 503 Service Unavailable (timeout)`);
    expect(isPrometheusError(error)).toBe(true);
  });

  it("honours Retry-After on 429 (capped)", async () => {
    replies.push(json(429, { status: "error", error: "slow down" }, { "retry-after": "2" }), json(429, {}, { "retry-after": "120" }), json(200, VECTOR));
    await client({ maxRetryAfterMs: 5000 }).query("up");
    expect(sleeps).toEqual([2000, 5000]);
  });

  it("retries network errors and names the cause", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, "close");
    const error = await client({ baseUrl: `http://127.0.0.1:${port}` }).query("up").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusUnavailableError);
    expect((error as Error).message).toMatch(/after 3 attempts: could not reach it \(fetch failed: .*ECONNREFUSED/);
    expect(sleeps).toHaveLength(2);
  });

  it("times out an attempt that gets no answer and retries it", async () => {
    replies.push(hang, json(200, VECTOR));
    const started = Date.now();
    await client({ timeoutMs: 100 }).query("up");
    expect(recorded).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2000);
    replies.push(hang, hang);
    const error = await client({ timeoutMs: 50, retries: 1 }).query("up").catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/after 2 attempts: no answer within 50 ms/);
  });

  it("stops at once when the caller aborts", async () => {
    replies.push(hang);
    const controller = new AbortController();
    const pending = client({ timeoutMs: 5000 }).query("up", { signal: controller.signal });
    await waitFor("the query to reach the fake Prometheus", () => recorded.length === 1);
    controller.abort(new Error("shutting down"));
    await expect(pending).rejects.toThrow("shutting down");
    expect(sleeps).toEqual([]);
  });
});

describe("createPrometheusClient: refusals and garbage", () => {
  it("does not retry a bad query and names the status and errorType", async () => {
    replies.push(json(400, { status: "error", errorType: "bad_data", error: 'invalid parameter "query": 1:6: parse error: unexpected "}"' }));
    const error = await client().query("up{a}").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusQueryError);
    expect(error).toMatchObject({ status: 400, errorType: "bad_data", query: "up{a}" });
    expect((error as Error).message).toBe("Prometheus rejected the query (HTTP 400 Bad Request, bad_data). Query: up{a}");
    expect(recorded).toHaveLength(1);
  });

  it("explains 401 and 404", async () => {
    replies.push(text(401, "Unauthorized"), text(404, "404 page not found"));
    await expect(client().query("up")).rejects.toThrow(/refused the credentials \(HTTP 401 Unauthorized\)\. Check the bearer token/);
    await expect(client().query("up")).rejects.toThrow(/HTTP 404 for api\/v1\/query: is baseUrl right\? .*\/prometheus/);
    expect(recorded).toHaveLength(2);
  });

  it("treats 422 (execution error) as a query error", async () => {
    replies.push(json(422, { status: "error", errorType: "execution", error: "many-to-many matching not allowed" }));
    await expect(client().query("a / b")).rejects.toThrow(PrometheusQueryError);
  });

  it.each([
    ["HTML", text(200, "<html>login</html>"), /answered api\/v1\/query \(HTTP 200\) with something that is not JSON$/],
    ["JSON of another API", json(200, { hello: "world" }), /with something that is not a Prometheus API response$/],
    ["an empty body", text(200, ""), /with something that is not JSON$/],
    ["success without data", json(200, { status: "success" }), /without a \{resultType, result\} data member/],
  ])("raises PrometheusResponseError for %s without retrying", async (_name, reply, message) => {
    replies.push(reply);
    const error = await client().query("up").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusResponseError);
    expect((error as Error).message).toMatch(message);
    expect(recorded).toHaveLength(1);
  });
});

describe("createPrometheusClient: what answers may say", () => {
  // A tenant's "Prometheus" can be anything it points at; messages reach its pages.
  const SECRET = "secret internal";
  it.each([
    ["a 5xx body", () => replies.push(...Array.from({ length: 3 }, () => text(500, `<pre>${SECRET}</pre>`)))],
    ["a 5xx Prometheus error text and an unknown errorType", () => replies.push(...Array.from({ length: 3 }, () => json(503, { status: "error", errorType: SECRET, error: SECRET })))],
    ["a 4xx Prometheus error text", () => replies.push(json(400, { status: "error", errorType: "bad_data", error: SECRET }))],
    ["a 401 body", () => replies.push(text(401, SECRET))],
    ["a 404 body", () => replies.push(text(404, SECRET))],
    ["a 200 that is not JSON", () => replies.push(text(200, SECRET))],
    ["a 200 of another API", () => replies.push(json(200, { secret: SECRET }))],
    ["a 200 without data", () => replies.push(json(200, { status: "success", data: { secret: SECRET } }))],
  ])("never puts %s in the error", async (_name, script) => {
    script();
    const error = await client().query("up").catch((e: unknown) => e);
    expect(isPrometheusError(error)).toBe(true);
    expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain("secret");
  });
});
