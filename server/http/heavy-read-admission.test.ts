import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problemType } from "./problem-codes.ts";
import { HEAVY_READ_LINE_TENANT_SHARES, createHeavyReadAdmission, isHeavyRead, withHeavyReadAdmission } from "./heavy-read-admission.ts";

/** Records the order the line admits reads in, and lets each admitted read hold the slot on the admission's clock before it gives it back. */
function recordAdmissions() {
  const order: string[] = [];
  const releases: (() => void)[] = [];
  const admitted = (name: string) => (release: (() => void) | null) => {
    order.push(name);
    if (release) releases.push(release);
  };
  /** Until `count` reads were admitted: let the latest one hold the slot (`advanceClock`), then release it. */
  const holdAndRelease = async (count: number, advanceClock: (lastAdmitted: string | undefined) => void) => {
    while (order.length < count) {
      await new Promise((resolve) => setImmediate(resolve));
      advanceClock(order.at(-1));
      releases.shift()?.();
    }
    releases.shift()?.();
  };
  return { order, admitted, holdAndRelease };
}

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

  it("serves the organization that held the slot least: one that queued many delays another by one turn", async () => {
    let clock = 0;
    const admission = createHeavyReadAdmission({ limit: 1, queueLimit: 8, retryAfterSeconds: 2, now: () => clock });
    const running = await admission.enter({ tenant: "org-a" });
    const { order, admitted, holdAndRelease } = recordAdmissions();
    for (const name of ["a1", "a2", "a3"]) void admission.enter({ tenant: "org-a" }).then(admitted(name));
    void admission.enter({ tenant: "org-b" }).then(admitted("b1"));
    // Every read holds the slot 100 ms (the admission's clock); the line decides who is next.
    clock += 100;
    running?.();
    await holdAndRelease(4, () => (clock += 100));
    expect(order).toEqual(["b1", "a1", "a2", "a3"]);
    expect(admission.state()).toEqual({ running: 0, waiting: 0 });
  });

  it("refuses an organization whose own queue is full while others still get in line, within a bound for the whole line", async () => {
    const admission = createHeavyReadAdmission({ limit: 1, queueLimit: 1, retryAfterSeconds: 2 });
    const running = await admission.enter({ tenant: "org-a" });
    const waiting = [admission.enter({ tenant: "org-a" })];
    expect(await admission.enter({ tenant: "org-a" })).toBeNull();
    for (let i = 1; i < HEAVY_READ_LINE_TENANT_SHARES; i++) waiting.push(admission.enter({ tenant: `org-${i}` }));
    expect(admission.state()).toEqual({ running: 1, waiting: HEAVY_READ_LINE_TENANT_SHARES });
    // The line is at its bound: a further organization is refused too.
    expect(await admission.enter({ tenant: "org-late" })).toBeNull();
    // Each admitted read gives the slot back at once; whoever the line picks next follows.
    const released = waiting.map((entry) => entry.then((release) => release?.()));
    running?.();
    await Promise.all(released);
    expect(admission.state()).toEqual({ running: 0, waiting: 0 });
  });

  it("shares an organization's time between its page renders and its export's chunks", async () => {
    let clock = 0;
    const admission = createHeavyReadAdmission({ limit: 1, queueLimit: 8, retryAfterSeconds: 2, now: () => clock });
    const running = await admission.enter({ tenant: "org-a" });
    const { order, admitted, holdAndRelease } = recordAdmissions();
    for (const name of ["page1", "page2"]) void admission.enter({ tenant: "org-a" }).then(admitted(name));
    for (const name of ["chunk1", "chunk2", "chunk3", "chunk4", "chunk5"]) void admission.enter({ tenant: "org-a", lane: "export", queueWhenFull: true }).then(admitted(name));
    // The page that was running took 200 ms; pages take 200 ms, export chunks 50.
    clock += 200;
    running?.();
    await holdAndRelease(7, (lastAdmitted) => (clock += lastAdmitted?.startsWith("page") ? 200 : 50));
    // The running page's 200 ms are matched by four chunks, then a page's 200 ms by the next four.
    expect(order).toEqual(["chunk1", "chunk2", "chunk3", "chunk4", "page1", "chunk5", "page2"]);
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
  /** Which requests had their organization looked up (in the server: from the session cookie). */
  const lookedUp: string[] = [];
  const tenantOf = async (req: http.IncomingMessage): Promise<string> => {
    lookedUp.push(req.url ?? "");
    const org = req.headers["x-test-org"];
    if (org === "broken") throw new Error("session store unreachable");
    return typeof org === "string" ? org : "anonymous";
  };
  const server = http.createServer(
    withHeavyReadAdmission(
      async (req, res) => {
        started.push(req.url ?? "");
        // /graph answers only when the test lets it; everything else answers at once.
        if (req.url?.startsWith("/graph")) await new Promise<void>((resolve) => held.push(resolve));
        res.writeHead(200, { "content-type": "text/plain" }).end(`served ${req.url}`);
      },
      admission,
      tenantOf,
    ),
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

  it("looks up whose read it is only when it would wait, and gives each organization its own place in line", async () => {
    started.length = 0;
    lookedUp.length = 0;
    const running = fetch(`${base}/graph?n=a1`, { headers: { "x-test-org": "org-a" } });
    await until(() => started.length === 1);
    // An idle server admitted it without a session lookup.
    expect(lookedUp).toEqual([]);

    const queuedA = fetch(`${base}/graph?n=a2`, { headers: { "x-test-org": "org-a" } });
    await until(() => admission.state().waiting === 1);
    // org-a used its place in line (queue limit 1): its next read is refused, org-b's waits.
    const refusedA = await fetch(`${base}/services?n=a3`, { headers: { "x-test-org": "org-a" } });
    expect(refusedA.status).toBe(503);
    const queuedB = fetch(`${base}/graph?n=b1`, { headers: { "x-test-org": "org-b" } });
    await until(() => admission.state().waiting === 2);
    expect(lookedUp).toEqual(["/graph?n=a2", "/services?n=a3", "/graph?n=b1"]);

    held.shift()?.();
    expect(await (await running).text()).toBe("served /graph?n=a1");
    await until(() => started.length === 2);
    held.shift()?.();
    await until(() => started.length === 3);
    held.shift()?.();
    expect(await (await queuedA).text()).toBe("served /graph?n=a2");
    expect(await (await queuedB).text()).toBe("served /graph?n=b1");
    await until(() => admission.state().running === 0);
  });

  it("counts a read whose organization cannot be looked up as anonymous, and still serves it", async () => {
    started.length = 0;
    const running = fetch(`${base}/graph?n=first`);
    await until(() => started.length === 1);
    const broken = fetch(`${base}/graph?n=broken`, { headers: { "x-test-org": "broken" } });
    await until(() => admission.state().waiting === 1);
    // The anonymous place in line is taken by the read whose lookup failed.
    expect((await fetch(`${base}/graph?n=anonymous`)).status).toBe(503);
    held.shift()?.();
    await running;
    await until(() => started.length === 2);
    held.shift()?.();
    expect(await (await broken).text()).toBe("served /graph?n=broken");
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
