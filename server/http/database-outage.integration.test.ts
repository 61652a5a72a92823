import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/server/identity/api-tokens.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { startTestApp, TEST_AUTH_SECRET, type TTestApp } from "@/server/testing/start-test-app.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { waitFor } from "@/server/testing/wait-for.ts";

// The attack suite's cases that need real processes: the app's database goes away and
// comes back (503 with Retry-After, never a 500, and recovery without a restart), and the
// API rate limit holds across two web processes on one Postgres. Postgres only: the
// embedded PGlite lives inside the one process, so it cannot go away on its own, and
// only one process may open it.

/** A TCP relay in front of Postgres that a test can cut (every connection closed, new ones refused) and restore. */
class CuttableRelay {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(port = 0): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    const address = server.address();
    this.port = typeof address === "object" && address ? address.port : 0;
    this.server = server;
  }

  /** The database is gone: open connections drop, new ones are refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** It is back, on the same address. */
  async restore(): Promise<void> {
    await this.start(this.port);
  }
}

const METRICS_TOKEN = "outage-test-metrics-token-0123456789";

describe("the database goes away and comes back (Postgres, over HTTP)", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let relay: CuttableRelay;
  let app: TTestApp;
  let second: TTestApp;
  let token: string;
  let limitedToken: string;

  beforeAll(async () => {
    db = await openTestDatabase("postgres");
    const org = await upsertOrganization("default", "Outage test");
    token = (await createApiToken(org.id, "ci")).token;
    limitedToken = (await createApiToken(org.id, "busy-ci")).token;
    const url = new URL(db.url ?? "");
    relay = new CuttableRelay({ host: url.hostname, port: Number(url.port) });
    await relay.start();
    const relayed = new URL(url);
    relayed.port = String(relay.port);
    const env = { PLUMBLINE_AUTH_SECRET: TEST_AUTH_SECRET, PLUMBLINE_API_RATE_LIMIT: "10", PLUMBLINE_METRICS_TOKEN: METRICS_TOKEN };
    // One process through the relay (it will lose its database), one straight to Postgres.
    app = await startTestApp({ ...env, DATABASE_URL: relayed.toString() });
    second = await startTestApp({ ...env, DATABASE_URL: db.url ?? "" });
  }, 360_000);

  afterAll(async () => {
    await app?.stop();
    await second?.stop();
    await relay?.cut();
    await db?.close();
  });

  const get = (base: string, path: string, bearer = token) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${bearer}`, accept: "application/json" } });

  it("answers 503 with Retry-After while the database is unreachable, and recovers without a restart", async () => {
    expect((await get(app.url, "/api/v1/services")).status).toBe(200);
    await relay.cut();

    const down = await get(app.url, "/api/v1/services");
    expect(down.status).toBe(503);
    expect(down.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(down.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const body = (await down.json()) as { code: string; detail: string };
    expect(body.code).toBe("service-unavailable");
    // Nothing of the driver's message (host, port) reaches the client.
    expect(body.detail).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|P1001/);

    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(503);
    expect(health.headers.get("retry-after")).toBe("5");
    expect(JSON.stringify(await health.json())).not.toContain(String(relay.port));

    // Plumbline's own metrics still answer: the gauge read from the database is left out
    // (not a misleading 0) and the failed read is counted, from the next scrape on.
    const scrape = async () => {
      const response = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      return { status: response.status, text: await response.text() };
    };
    const first = await scrape();
    expect(first.status, `${first.text}\n${app.output().slice(-4000)}`).toBe(200);
    expect(first.text).toContain('plumbline_http_requests_total{method="GET",route="/api/v1/services",status="503"}');
    expect(first.text).not.toMatch(/^plumbline_approvals_waiting /m);
    expect((await scrape()).text).toMatch(/^plumbline_metrics_scrape_errors_total\{gauge="plumbline_approvals_waiting"\} [1-9]/m);

    await relay.restore();
    await waitFor("the API to answer again once the database is back", async () => (await get(app.url, "/api/v1/services")).status === 200, { timeoutMs: 30_000, intervalMs: 250 });
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
  });

  it("holds one token's rate limit across two web processes (counters in Postgres)", async () => {
    const statuses: number[] = [];
    // 10 a minute: alternate between the two processes; a per-process limit would allow 20.
    for (let i = 0; i < 14; i++) statuses.push((await get(i % 2 === 0 ? app.url : second.url, "/api/v1/teams", limitedToken)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
  });
});
