import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problemType } from "./problem-codes.ts";
import { createHeavyReadAdmission, isHeavyRead, withHeavyReadAdmission } from "./heavy-read-admission.ts";

describe("createHeavyReadAdmission", () => {
  it("admits up to the limit at once and queues the rest in arrival order", async () => {
    const admission = createHeavyReadAdmission({ limit: 2, queueLimit: 5, retryAfterSeconds: 2 });
    const first = await admission.enter();
    const second = await admission.enter();
    const order: string[] = [];
    const third = admission.enter().then((release) => (order.push("third"), release));
    const fourth = admission.enter().then((release) => (order.push("fourth"), release));
    expect(admission.state()).toEqual({ running: 2, waiting: 2 });

    first?.();
    const thirdRelease = await third;
    expect(order).toEqual(["third"]);
    expect(admission.state()).toEqual({ running: 2, waiting: 1 });

    second?.();
    const fourthRelease = await fourth;
    expect(order).toEqual(["third", "fourth"]);
    thirdRelease?.();
    fourthRelease?.();
    expect(admission.state()).toEqual({ running: 0, waiting: 0 });
  });

  it("answers null at once when the queue is full, and admits again once a slot frees", async () => {
    const admission = createHeavyReadAdmission({ limit: 1, queueLimit: 1, retryAfterSeconds: 2 });
    const running = await admission.enter();
    const queued = admission.enter();
    expect(await admission.enter()).toBeNull();
    running?.();
    const next = await queued;
    expect(next).toBeTypeOf("function");
    next?.();
    expect(admission.state()).toEqual({ running: 0, waiting: 0 });
    expect(await admission.enter()).toBeTypeOf("function");
  });

  it("lets a read already admitted queue its next chunk beyond the queue limit", async () => {
    const admission = createHeavyReadAdmission({ limit: 1, queueLimit: 0, retryAfterSeconds: 2 });
    const running = await admission.enter();
    expect(await admission.enter()).toBeNull();
    const nextChunk = admission.enter({ queueWhenFull: true });
    expect(admission.state()).toEqual({ running: 1, waiting: 1 });
    running?.();
    const release = await nextChunk;
    expect(release).toBeTypeOf("function");
    release?.();
    expect(admission.state()).toEqual({ running: 0, waiting: 0 });
  });

  it("ignores a second release of the same slot", async () => {
    const admission = createHeavyReadAdmission({ limit: 1, queueLimit: 4, retryAfterSeconds: 2 });
    const release = await admission.enter();
    release?.();
    release?.();
    expect(admission.state()).toEqual({ running: 0, waiting: 0 });
    const again = await admission.enter();
    expect(admission.state()).toEqual({ running: 1, waiting: 0 });
    again?.();
  });
});

describe("isHeavyRead", () => {
  it("names the graph and services pages, for GET and HEAD only", () => {
    expect(isHeavyRead("GET", "/graph")).toBe(true);
    expect(isHeavyRead("GET", "/graph?team=payments&_rsc=1x2")).toBe(true);
    expect(isHeavyRead("GET", "/services/")).toBe(true);
    expect(isHeavyRead("HEAD", "/graph")).toBe(true);
    // The export admits itself chunk by chunk (server/graph/export-service-graph.ts).
    expect(isHeavyRead("GET", "/api/v1/graph/export")).toBe(false);
    expect(isHeavyRead("GET", "/services/checkout")).toBe(false);
    expect(isHeavyRead("GET", "/api/v1/graph")).toBe(false);
    expect(isHeavyRead("POST", "/api/v1/deploy-requests")).toBe(false);
    expect(isHeavyRead("GET", "/api/health")).toBe(false);
    expect(isHeavyRead("POST", "/graph")).toBe(false);
  });
});

describe("withHeavyReadAdmission", () => {
  // One heavy read at a time, one more may wait: a third at once is refused.
  const admission = createHeavyReadAdmission({ limit: 1, queueLimit: 1, retryAfterSeconds: 3 });
  const held: (() => void)[] = [];
  const started: string[] = [];
  const server = http.createServer(
    withHeavyReadAdmission(async (req, res) => {
      started.push(req.url ?? "");
      // /graph answers only when the test lets it; everything else answers at once.
      if (req.url?.startsWith("/graph")) await new Promise<void>((resolve) => held.push(resolve));
      res.writeHead(200, { "content-type": "text/plain" }).end(`served ${req.url}`);
    }, admission),
  );
  let base = "";

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
    expect(condition()).toBe(true);
  }

  it("queues heavy reads behind the running one, refuses beyond the queue with 503 problem+json and Retry-After, and never holds other requests", async () => {
    const first = fetch(`${base}/graph?n=1`);
    await until(() => started.length === 1);
    const second = fetch(`${base}/graph?n=2`);
    await until(() => admission.state().waiting === 1);

    const refused = await fetch(`${base}/services`, { headers: { "x-request-id": "req-busy-1" } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("3");
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(await refused.json()).toMatchObject({ code: "heavy-reads-busy", type: problemType("heavy-reads-busy"), status: 503, retryAfterSeconds: 3, requestId: "req-busy-1" });

    // The gate and health checks pass while the heavy reads wait.
    const gate = await fetch(`${base}/api/v1/deploy-requests`, { method: "POST", body: "{}" });
    expect(await gate.text()).toBe("served /api/v1/deploy-requests");
    expect(started).toEqual(["/graph?n=1", "/api/v1/deploy-requests"]);

    // The first one finishing lets the queued one start.
    held.shift()?.();
    expect(await (await first).text()).toBe("served /graph?n=1");
    await until(() => started.includes("/graph?n=2"));
    held.shift()?.();
    expect(await (await second).text()).toBe("served /graph?n=2");
    await until(() => admission.state().running === 0);
  });

  it("frees the slot when a heavy read's client goes away", async () => {
    const controller = new AbortController();
    const abandoned = fetch(`${base}/graph?n=abandoned`, { signal: controller.signal }).catch(() => null);
    await until(() => admission.state().running === 1);
    controller.abort();
    await abandoned;
    await until(() => admission.state().running === 0);
    // The handler of the abandoned read is still parked: let it finish writing to the closed socket.
    held.shift()?.();
  });
});
