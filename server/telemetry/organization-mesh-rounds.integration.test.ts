import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveUserActor } from "@/server/identity/resolve-user-actor.ts";
import { getSignedInSession } from "@/server/identity/get-signed-in-session.ts";
import { getPrisma } from "@/server/db/client.ts";
import { listOrganizationKubeconfigs } from "@/server/integrations/list-organization-kubeconfigs.ts";
import { saveIntegration } from "@/server/integrations/manage-integrations.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { createSignedInMember } from "@/server/testing/test-accounts.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { runOrganizationMeshRounds, type TOrganizationProviderCache } from "./run-organization-mesh-rounds.ts";

// Each organization's own Prometheus (Settings → Integrations) is asked with that
// organization's credentials and ingested into that organization only.

function startFakePrometheus(): Promise<{ url: string; authorizations: string[]; close: () => Promise<void> }> {
  const authorizations: string[] = [];
  const server = http.createServer((req, res) => {
    authorizations.push(req.headers.authorization ?? "");
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "success", data: { resultType: "vector", result: [] } }));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, authorizations, close: () => new Promise((done) => server.close(() => done())) }),
    ),
  );
}

async function adminActor(organizationId: string) {
  const admin = await createSignedInMember(organizationId, { role: "admin" });
  const session = await getSignedInSession(new Headers({ cookie: admin.cookie }));
  const context = session ? await resolveUserActor(session) : null;
  if (context?.kind !== "member") throw new Error("no admin");
  return context.actor;
}

describe.each(TEST_DATABASE_KINDS)("per-organization Prometheus on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let prometheus: Awaited<ReturnType<typeof startFakePrometheus>>;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    prometheus = await startFakePrometheus();
  });
  afterAll(async () => {
    await prometheus?.close();
    await db?.close();
  });

  it("asks each organization's Prometheus with its own token and writes nothing elsewhere", async () => {
    const a = await upsertOrganization("mesh-a", "Mesh A");
    const b = await upsertOrganization("mesh-b", "Mesh B");
    await saveIntegration(b.id, await adminActor(b.id), { kind: "prometheus", name: "prod", config: { url: prometheus.url, dialect: "linkerd" }, secret: "b-prometheus-token" });
    const cache: TOrganizationProviderCache = new Map();
    const ran = await runOrganizationMeshRounds(cache, { rateRange: "1m", edgeGoneAfterMs: 600_000, log: pino({ level: "silent" }) });
    expect(ran).toBe(1);
    expect([...cache.keys()]).toEqual([b.id]);
    expect(prometheus.authorizations.length).toBeGreaterThan(0);
    expect(new Set(prometheus.authorizations)).toEqual(new Set(["Bearer b-prometheus-token"]));
    expect(await getPrisma().edge.count({ where: { organizationId: a.id } })).toBe(0);
    expect(await getPrisma().serviceTelemetry.count({ where: { organizationId: a.id } })).toBe(0);
  });

  it("hands the discovery worker each organization's own kubeconfig, opened, and no one else's", async () => {
    const c = await upsertOrganization("k8s-c", "K8s C");
    // A kubeconfig is checked when saved (allowlisted fields; its server against the egress policy).
    const kubeconfig = "apiVersion: v1\nkind: Config\n# c-only\nclusters:\n- name: prod\n  cluster: { server: 'https://prod.c.invalid:6443' }\nusers:\n- name: u\n  user: { token: c-token }\ncontexts:\n- name: prod\n  context: { cluster: prod, user: u }\n";
    await saveIntegration(c.id, await adminActor(c.id), { kind: "kubernetes", name: "prod", config: { context: "prod" }, secret: kubeconfig });
    const configured = await listOrganizationKubeconfigs();
    expect(configured).toEqual([{ organizationId: c.id, name: "prod", kubeconfig, context: "prod" }]);
  });

  it("refuses to save a kubeconfig that reads a server file, naming the field", async () => {
    const d = await upsertOrganization("k8s-d", "K8s D");
    const kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster: { server: 'https://prod.d.invalid:6443' }\nusers:\n- name: u\n  user: { token-file: /var/run/secrets/kubernetes.io/serviceaccount/token }\ncontexts:\n- name: prod\n  context: { cluster: prod, user: u }\n";
    await expect(saveIntegration(d.id, await adminActor(d.id), { kind: "kubernetes", name: "prod", config: {}, secret: kubeconfig })).rejects.toMatchObject({
      status: 400,
      detail: "users[0].user.token-file is not allowed: paste the token itself (token)",
    });
    expect((await listOrganizationKubeconfigs()).some((configured) => configured.organizationId === d.id)).toBe(false);
  });
});
