import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { logger } from "@/server/logger.ts";
import { getPrisma } from "@/server/db/client.ts";
import { createHeavyReadAdmission } from "@/server/http/heavy-read-admission.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { exportServiceGraph, exportServiceGraphStream, openServiceGraphExport } from "./export-service-graph.ts";
import { GRAPH_EXPORT_CHUNK } from "./graph-export-lines.ts";
import { GraphExportWorkerClient } from "./graph-export-worker-client.ts";
import { GRAPH_EXPORT_MESSAGE_BYTES } from "./graph-export-worker-protocol.ts";

// The full export read and serialized in its worker thread (graph-export-worker-entry.ts):
// the same bytes as in this thread, one organization's rows only, a failed read as an
// error (never a hang), and a client that goes away stops the worker's reads.

/** More than one chunk of services and of edges, so keyset paging is exercised. */
const BULK_SERVICES = GRAPH_EXPORT_CHUNK + 40;

async function seed(organizationId: string, prefix: string): Promise<void> {
  const prisma = getPrisma();
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Team" ("id", "organizationId", "slug", "name", "updatedAt") VALUES (gen_random_uuid()::text, $1, $2, 'Team', now())`,
    organizationId,
    `${prefix}-team`,
  );
  // Edge cases of the serialization: no tier, no team, quotes, backslashes and non-ASCII in names.
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Service" ("id", "organizationId", "slug", "name", "tier", "ownerTeamId", "updatedAt") VALUES
       (gen_random_uuid()::text, $1, $2 || '-a', 'Checkout "v2" \\ Zürich ☃', 1, (SELECT "id" FROM "Team" WHERE "organizationId" = $1), now()),
       (gen_random_uuid()::text, $1, $2 || '-b', 'B', NULL, NULL, now())`,
    organizationId,
    prefix,
  );
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Service" ("id", "organizationId", "slug", "name", "tier", "updatedAt")
     SELECT gen_random_uuid()::text, $1, $2 || '-bulk-' || g, 'Bulk ' || g, g % 4, now() FROM generate_series(1, ${BULK_SERVICES}) g`,
    organizationId,
    prefix,
  );
  const id = (slug: string) => `(SELECT "id" FROM "Service" WHERE "organizationId" = $1 AND "slug" = '${prefix}-${slug}')`;
  // Floats whose text forms differ between languages (exponents, many digits), nulls, a stale edge, one from outside the mesh, one gone.
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Edge" ("id", "organizationId", "key", "callerId", "calleeId", "source", "requestRate", "successRatio", "latencyP99Ms", "staleSince", "goneAt", "updatedAt") VALUES
       (gen_random_uuid()::text, $1, 'k1', ${id("a")}, ${id("b")}, 'mesh', 0.1, 0.9999999999999999, 1234.5678, NULL, NULL, now()),
       (gen_random_uuid()::text, $1, 'k2', ${id("b")}, ${id("a")}, 'declared', NULL, NULL, NULL, now(), NULL, now()),
       (gen_random_uuid()::text, $1, 'k3', NULL, ${id("a")}, 'mesh', 1e-7, 1, 1e21, NULL, NULL, now()),
       (gen_random_uuid()::text, $1, 'k4', ${id("a")}, ${id("b")}, 'mesh', 5, 1, 3, NULL, now(), now())`,
    organizationId,
  );
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Edge" ("id", "organizationId", "key", "callerId", "calleeId", "source", "requestRate", "successRatio", "updatedAt")
     SELECT gen_random_uuid()::text, $1, 'bulk-' || s."slug", s."id", (SELECT "id" FROM "Service" WHERE "organizationId" = $1 AND "slug" = $2 || '-a'), 'mesh', 2.5, 0.995, now()
       FROM "Service" s WHERE s."organizationId" = $1 AND s."slug" LIKE $2 || '-bulk-%'`,
    organizationId,
    prefix,
  );
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ text: string; chunks: number }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let chunks = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    text += decoder.decode(chunk.value, { stream: true });
    chunks += 1;
  }
  return { text: text + decoder.decode(), chunks };
}

type TLine = { type: string; slug?: string; caller?: string | null; callee?: string; generatedAt?: string };

describe.each(TEST_DATABASE_KINDS)("graph export in its worker thread on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let exporter: GraphExportWorkerClient;
  let org: TOrganization;
  let other: TOrganization;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("export-worker", "Export Worker");
    other = await upsertOrganization("export-worker-other", "Other");
    await seed(org.id, "mine");
    await seed(other.id, "theirs");
    exporter = new GraphExportWorkerClient(db.handle);
  });
  afterAll(async () => {
    await exporter?.close();
    await db?.close();
  });

  it("streams exactly the bytes the export serializes in this thread, in one message per read when messages are small", async () => {
    const small = new GraphExportWorkerClient(db.handle, { messageBytes: 1 });
    const admission = createHeavyReadAdmission({ limit: 1, queueLimit: 1, retryAfterSeconds: 2 });
    const slot = await admission.enter({ tenant: org.id, lane: "export" });
    if (!slot) throw new Error("no slot");
    const { text, chunks } = await readAll(await openServiceGraphExport(org.id, slot, admission, small));
    const generatedAt = (JSON.parse(text.slice(0, text.indexOf("\n"))) as TLine).generatedAt;
    let expected = "";
    for await (const chunk of exportServiceGraph(org.id, new Date(generatedAt ?? ""))) expected += chunk;
    expect(text).toBe(expected);
    // The header with the first services, the other services, two chunks of edges.
    expect(chunks).toBe(4);
    expect(admission.state()).toEqual({ running: 0, waiting: 0 });
    expect(small.openExports()).toBe(0);
    await small.close();
  });

  it("gathers several reads into one message up to its size", async () => {
    const { text, chunks } = await readAll(exportServiceGraphStream(org.id, () => undefined, createHeavyReadAdmission({ limit: 1, queueLimit: 1, retryAfterSeconds: 2 }), exporter));
    let expected = "";
    for await (const chunk of exportServiceGraph(org.id)) expected += chunk;
    // Less than GRAPH_EXPORT_MESSAGE_BYTES in all: the header and every read in one message.
    expect(text.length).toBe(expected.length);
    expect(text.length).toBeLessThan(GRAPH_EXPORT_MESSAGE_BYTES);
    expect(chunks).toBe(1);
  });

  it("writes each value as JSON.stringify does, in the documented key order", async () => {
    const { text } = await readAll(exportServiceGraphStream(org.id, () => undefined, createHeavyReadAdmission({ limit: 1, queueLimit: 1, retryAfterSeconds: 2 }), exporter));
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^\{"type":"header","format":"plumbline-graph-ndjson\/1","generatedAt":"\d{4}-\d\d-\d\dT[\d:.]+Z"\}$/);
    expect(lines).toContain(`{"type":"service","slug":"mine-a","name":"Checkout \\"v2\\" \\\\ Zürich ☃","tier":1,"team":"mine-team"}`);
    expect(lines).toContain(`{"type":"service","slug":"mine-b","name":"B","tier":null,"team":null}`);
    expect(lines).toContain(`{"type":"edge","caller":"mine-a","callee":"mine-b","source":"mesh","requestRate":0.1,"successRatio":0.9999999999999999,"latencyP99Ms":1234.5678,"stale":false}`);
    expect(lines).toContain(`{"type":"edge","caller":"mine-b","callee":"mine-a","source":"declared","requestRate":null,"successRatio":null,"latencyP99Ms":null,"stale":true}`);
    expect(lines).toContain(`{"type":"edge","caller":null,"callee":"mine-a","source":"mesh","requestRate":1e-7,"successRatio":1,"latencyP99Ms":1e+21,"stale":false}`);
    // The gone edge (5 req/s) is not exported.
    expect(lines.some((line) => line.includes('"requestRate":5,'))).toBe(false);
  });

  it("exports the asking organization's services and edges only", async () => {
    const { text } = await readAll(exportServiceGraphStream(other.id, () => undefined, createHeavyReadAdmission({ limit: 1, queueLimit: 1, retryAfterSeconds: 2 }), exporter));
    const lines = text.trimEnd().split("\n").map((line) => JSON.parse(line) as TLine);
    const services = lines.filter((l) => l.type === "service");
    const edges = lines.filter((l) => l.type === "edge");
    expect(services).toHaveLength(2 + BULK_SERVICES);
    expect(edges).toHaveLength(3 + BULK_SERVICES);
    expect(services.every((s) => s.slug?.startsWith("theirs-"))).toBe(true);
    expect(edges.every((e) => e.callee?.startsWith("theirs-") && (e.caller === null || e.caller?.startsWith("theirs-")))).toBe(true);
  });

  it("stops the worker's reads when the client goes away, and frees the heavy-read line", async () => {
    const admission = createHeavyReadAdmission({ limit: 1, queueLimit: 1, retryAfterSeconds: 2 });
    const slot = await admission.enter({ tenant: org.id, lane: "export" });
    if (!slot) throw new Error("no slot");
    const reader = (await openServiceGraphExport(org.id, slot, admission, exporter)).getReader();
    expect((await reader.read()).done).toBe(false);
    expect(exporter.openExports()).toBe(1);
    await reader.cancel();
    // The worker confirms the export's reads stopped (its generator returned) before the run is forgotten.
    await waitFor("the worker to stop the cancelled export", () => exporter.openExports() === 0);
    await waitFor("the line to be free", () => admission.state().running === 0);
    expect(admission.state()).toEqual({ running: 0, waiting: 0 });
    // The worker still serves the next export.
    const { text } = await readAll(exportServiceGraphStream(org.id, () => undefined, admission, exporter));
    expect(text.trimEnd().split("\n")).toHaveLength(1 + 2 + BULK_SERVICES + 3 + BULK_SERVICES);
  });

  it("ends quietly when the client goes away while a read is in flight (no error logged, nothing thrown)", async () => {
    const errors = vi.spyOn(logger, "error");
    try {
      const admission = createHeavyReadAdmission({ limit: 1, queueLimit: 1, retryAfterSeconds: 2 });
      const slot = await admission.enter({ tenant: org.id, lane: "export" });
      if (!slot) throw new Error("no slot");
      const reader = (await openServiceGraphExport(org.id, slot, admission, exporter)).getReader();
      expect((await reader.read()).done).toBe(false);
      const inFlight = reader.read();
      await reader.cancel();
      expect((await inFlight).done).toBe(true);
      await waitFor("the worker to stop the cancelled export", () => exporter.openExports() === 0);
      await waitFor("the line to be free", () => admission.state().running === 0);
      expect(errors.mock.calls.map((call) => call.at(-1))).not.toContain("graph export failed while streaming");
    } finally {
      errors.mockRestore();
    }
  });

  it("ends the stream with an error when the worker stops mid-export, and the next export starts a new worker", async () => {
    const own = new GraphExportWorkerClient(db.handle);
    try {
      const admission = createHeavyReadAdmission({ limit: 1, queueLimit: 1, retryAfterSeconds: 2 });
      const reader = exportServiceGraphStream(org.id, () => undefined, admission, own).getReader();
      expect((await reader.read()).done).toBe(false);
      await own.close();
      await expect(
        (async () => {
          for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read());
        })(),
      ).rejects.toThrow(/worker thread was stopped/);
      expect(own.openExports()).toBe(0);
      const { text } = await readAll(exportServiceGraphStream(org.id, () => undefined, admission, own));
      expect(text.trimEnd().split("\n")).toHaveLength(1 + 2 + BULK_SERVICES + 3 + BULK_SERVICES);
      expect(admission.state()).toEqual({ running: 0, waiting: 0 });
    } finally {
      await own.close();
    }
  });

  it("stops its worker thread once no export is open, and starts one for the next export", async () => {
    const own = new GraphExportWorkerClient(db.handle, { idleMs: 0 });
    try {
      const admission = createHeavyReadAdmission({ limit: 1, queueLimit: 1, retryAfterSeconds: 2 });
      expect(own.isRunning()).toBe(false);
      const first = await readAll(exportServiceGraphStream(org.id, () => undefined, admission, own));
      await waitFor("the idle worker to stop", () => !own.isRunning());
      const second = await readAll(exportServiceGraphStream(org.id, () => undefined, admission, own));
      expect(second.text.trimEnd().split("\n")).toHaveLength(first.text.trimEnd().split("\n").length);
    } finally {
      await own.close();
    }
  });
});

describe("graph export whose first read fails", () => {
  it("rejects before the route answers (withApi turns it into a problem response) and releases the slot", async () => {
    const db = await openTestDatabase("postgres");
    const url = new URL(db.url ?? "");
    url.pathname = "/plumbline_no_such_database";
    const exporter = new GraphExportWorkerClient({ ...db.handle, config: { kind: "postgres", url: url.toString() } });
    try {
      const admission = createHeavyReadAdmission({ limit: 1, queueLimit: 1, retryAfterSeconds: 2 });
      const slot = await admission.enter({ tenant: "org", lane: "export" });
      if (!slot) throw new Error("no slot");
      await expect(openServiceGraphExport("org", slot, admission, exporter)).rejects.toThrow(/graph export failed in its worker thread: .*plumbline_no_such_database/);
      expect(admission.state()).toEqual({ running: 0, waiting: 0 });
      expect(exporter.openExports()).toBe(0);
    } finally {
      await exporter.close();
      await db.close();
    }
  });
});
