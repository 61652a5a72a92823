import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POSTGRES_PARAMETER_LIMIT, PRISMA_BIND_VALUES_PER_STATEMENT } from "@/server/db/bulk-chunks.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { inWorkloadTransaction, upsertCluster, type TNewService, type TWorkloadWrite } from "./workloads.repository.ts";

// Discovery's reads and writes by a list of service ids, with a list longer than one statement
// may bind. Prisma splits the `in` list of findMany and updateMany itself, but not a groupBy's:
// countLiveWorkloads chunks its own, and without that this fails on both databases
// ("The query parameter limit supported by your database is exceeded").
const IDS = POSTGRES_PARAMETER_LIMIT + 1;

const newService = (slug: string): TNewService => ({
  slug,
  name: slug,
  ownerTeamId: null,
  tier: null,
  repoUrl: null,
  runbookUrl: null,
  slackChannel: null,
  provenance: {},
  warnings: [],
});

function workload(serviceId: string, name: string, deletedAt: Date | null): TWorkloadWrite {
  const now = new Date();
  return {
    serviceId,
    namespace: "default",
    kind: "Deployment",
    name,
    uid: null,
    generation: 1,
    images: [],
    replicasDesired: 1,
    replicasReady: 1,
    revision: null,
    rolloutState: null,
    resourceVersion: null,
    labels: {},
    annotations: {},
    serviceAccountName: null,
    firstSeenAt: now,
    lastSeenAt: now,
    deletedAt,
  };
}

describe.each(TEST_DATABASE_KINDS)("workload store with more service ids than one statement binds on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    org = await upsertOrganization("in-lists", "In lists");
  });
  afterAll(async () => {
    await db?.close();
  });

  it("counts, reads and marks the services of a list above the parameter limit", async () => {
    expect(IDS).toBeGreaterThan(2 * PRISMA_BIND_VALUES_PER_STATEMENT);
    const cluster = await upsertCluster(org.id, "in-lists");
    const created = await inWorkloadTransaction(org.id, async (store) => {
      const ids = await store.createObservedServices([newService("running"), newService("stopped")]);
      const running = ids.get("running") ?? "";
      const stopped = ids.get("stopped") ?? "";
      await store.createWorkloads(cluster.id, [workload(running, "a", null), workload(running, "b", null), workload(stopped, "c", new Date())]);
      return { running, stopped };
    });
    // The known services last, so they land in the last chunk of any split.
    const ids = [...Array.from({ length: IDS - 2 }, () => randomUUID()), created.running, created.stopped];
    const since = new Date("2026-01-02T03:04:05Z");

    const result = await inWorkloadTransaction(org.id, async (store) => {
      const counts = await store.countLiveWorkloads(ids);
      await store.setNoWorkloadsSince(ids, since);
      const services = await store.findServicesById(ids);
      return { counts, services };
    });

    expect(result.counts).toEqual(new Map([[created.running, 2]]));
    expect(result.services.map((s) => [s.slug, s.noWorkloadsSince?.toISOString()]).sort()).toEqual([
      ["running", since.toISOString()],
      ["stopped", since.toISOString()],
    ]);
  });
});
