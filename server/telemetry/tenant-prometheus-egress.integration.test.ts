import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { readEgressPolicy } from "@/server/http/egress-settings.ts";
import { resolveUserActor } from "@/server/identity/resolve-user-actor.ts";
import { getSignedInSession } from "@/server/identity/get-signed-in-session.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { upsertIntegrationRow } from "@/server/integrations/integrations.repository.ts";
import { saveIntegration } from "@/server/integrations/manage-integrations.ts";
import { createSignedInMember } from "@/server/testing/test-accounts.ts";
import { openTestDatabase } from "@/server/testing/test-databases.ts";
import { runOrganizationMeshRounds } from "./run-organization-mesh-rounds.ts";

// An organization's Prometheus URL is hostile input (SSRF): over real HTTP on loopback, a
// "Prometheus" on 127.0.0.1 is not reached by URL, by a name that resolves there, or by a
// redirect from an allowed server, unless PLUMBLINE_EGRESS_ALLOW lists it.

const SAAS = { DATABASE_URL: "postgres://saas/plumbline", PLUMBLINE_DEMO: "0" };
const REFUSAL = "Plumbline does not connect to loopback, link-local or private addresses unless PLUMBLINE_EGRESS_ALLOW lists it";
const PROMETHEUS_ANSWER = JSON.stringify({ status: "success", data: { resultType: "vector", result: [] } });

interface Listener {
  url: string;
  hits: string[];
  close: () => Promise<void>;
}

function listen(host: string, handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Listener> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    req.on("end", () => handle(req, res));
  });
  return new Promise((resolve) =>
    server.listen(0, host, () =>
      resolve({
        url: `http://${host}:${(server.address() as AddressInfo).port}`,
        hits,
        close: () => new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      }),
    ),
  );
}

describe("an organization's Prometheus and the egress policy (Postgres)", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let internal: Listener;
  let redirector: Listener;

  beforeAll(async () => {
    db = await openTestDatabase("postgres");
    // The "internal service" on loopback, and an "allowed" server (127.0.0.2, listed in the
    // cases that test redirects) that sends every request on to it.
    internal = await listen("127.0.0.1", (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(PROMETHEUS_ANSWER));
    redirector = await listen("127.0.0.2", (req, res) => res.writeHead(307, { location: `${internal.url}${req.url ?? "/"}` }).end());
  });
  afterEach(async () => {
    internal.hits.length = 0;
    redirector.hits.length = 0;
    await getPrisma().integration.deleteMany({ where: { kind: "prometheus" } });
  });
  afterAll(async () => {
    await internal?.close();
    await redirector?.close();
    await db?.close();
  });

  /** One mesh round for an organization whose saved Prometheus URL is `url`, under the policy of `env`; returns what was logged. */
  async function round(url: string, env: Record<string, string>): Promise<string> {
    const organization = await upsertOrganization(`egress-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, "Egress");
    // Written as it stands in the database (saved before the policy, or before its DNS changed): the round must check again.
    await upsertIntegrationRow(organization.id, { kind: "prometheus", name: "prod", config: { url, dialect: "linkerd" }, secretCiphertext: null });
    const lines: string[] = [];
    const log = pino({ level: "debug" }, new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) }));
    const policy = readEgressPolicy(parseConfig(env));
    await runOrganizationMeshRounds(new Map(), { rateRange: "1m", edgeGoneAfterMs: 600_000, log, egress: { policy: () => policy } });
    return lines.join("");
  }

  it("refuses a loopback URL: no request reaches it, and the stale reason says why", async () => {
    const logged = await round(internal.url, SAAS);
    expect(internal.hits).toEqual([]);
    expect(logged).toContain(`127.0.0.1 is a loopback address; ${REFUSAL}`);
  });

  it("refuses a host name that resolves to loopback", async () => {
    const logged = await round(internal.url.replace("127.0.0.1", "localhost"), SAAS);
    expect(internal.hits).toEqual([]);
    expect(logged).toContain(`localhost resolves to 127.0.0.1, a loopback address; ${REFUSAL}`);
  });

  it("refuses a redirect from an allowed server to loopback", async () => {
    const logged = await round(redirector.url, { ...SAAS, PLUMBLINE_EGRESS_ALLOW: "127.0.0.2/32" });
    expect(redirector.hits.length).toBeGreaterThan(0);
    expect(internal.hits).toEqual([]);
    expect(logged).toContain(`127.0.0.1 is a loopback address; ${REFUSAL}`);
  });

  it("reaches all three when PLUMBLINE_EGRESS_ALLOW=127.0.0.1/32 lists the destination", async () => {
    await round(internal.url, { ...SAAS, PLUMBLINE_EGRESS_ALLOW: "127.0.0.1/32" });
    expect(internal.hits.length).toBeGreaterThan(0);
    internal.hits.length = 0;
    await round(internal.url.replace("127.0.0.1", "localhost"), { ...SAAS, PLUMBLINE_EGRESS_ALLOW: "127.0.0.1/32,::1/128" });
    expect(internal.hits.length).toBeGreaterThan(0);
    internal.hits.length = 0;
    await round(redirector.url, { ...SAAS, PLUMBLINE_EGRESS_ALLOW: "127.0.0.2/32,127.0.0.1/32" });
    expect(redirector.hits.length).toBeGreaterThan(0);
    expect(internal.hits.length).toBeGreaterThan(0);
  });

  it("tells the admin at save time, and saves when the destination is listed", async () => {
    const organization = await upsertOrganization(`egress-save-${Date.now()}`, "Egress save");
    const admin = await createSignedInMember(organization.id, { role: "admin" });
    const session = await getSignedInSession(new Headers({ cookie: admin.cookie }));
    const context = session ? await resolveUserActor(session) : null;
    if (context?.kind !== "member") throw new Error("no admin");
    const strict = readEgressPolicy(parseConfig(SAAS));
    const input = { kind: "prometheus", name: "prod", config: { url: "http://169.254.169.254/latest/meta-data", dialect: "linkerd" } } as const;
    await expect(saveIntegration(organization.id, context.actor, input, { egress: { policy: () => strict } })).rejects.toMatchObject({
      status: 400,
      detail: `169.254.169.254 is a link-local address (where cloud metadata services live); ${REFUSAL}`,
    });
    await expect(saveIntegration(organization.id, context.actor, { ...input, config: { ...input.config, url: internal.url } }, { egress: { policy: () => strict } })).rejects.toMatchObject({
      detail: `127.0.0.1 is a loopback address; ${REFUSAL}`,
    });
    const listed = readEgressPolicy(parseConfig({ ...SAAS, PLUMBLINE_EGRESS_ALLOW: "127.0.0.1/32" }));
    await saveIntegration(organization.id, context.actor, { ...input, config: { ...input.config, url: internal.url } }, { egress: { policy: () => listed } });
    expect(await getPrisma().integration.count({ where: { organizationId: organization.id } })).toBe(1);
    expect(internal.hits).toEqual([]);
  });
});
