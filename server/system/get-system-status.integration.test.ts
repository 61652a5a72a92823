import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { TEST_DATABASE_KINDS, openTestDatabase } from "@/server/testing/test-databases.ts";
import { getSystemStatus } from "./get-system-status.ts";
import { claimLease } from "./system-leases.repository.ts";
import { markWorkerStopped, recordSourceCycle, saveSourceSnapshot, saveWorkerHeartbeat } from "./system-workers.repository.ts";
import { newWorkerProcess } from "./worker-process.ts";

// What /settings/system shows an organization's admin: every worker process with its
// system-wide jobs, but only this organization's clusters (names and errors of another
// tenant's cluster are not theirs to read).

const admin: TActor = { kind: "user", userId: "u1", personId: "p1", role: "admin", name: "Ada", email: "ada@system.test" };
const member: TActor = { ...admin, role: "member" };

describe.each(TEST_DATABASE_KINDS)("system status (%s)", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("shows workers, their cycles, lag and failures, and only this organization's clusters; admins only", async () => {
    const [mine, theirs] = await Promise.all([upsertOrganization("system-mine", "Mine"), upsertOrganization("system-theirs", "Theirs")]);
    const now = new Date();
    const at = (msAgo: number) => new Date(now.getTime() - msAgo);
    const [one, two, gone] = [newWorkerProcess(), { ...newWorkerProcess(), hostname: "worker-2", pid: 202 }, { ...newWorkerProcess(), hostname: "worker-3", pid: 303 }];
    await saveWorkerHeartbeat(one, at(70_000), at(1_000));
    await saveWorkerHeartbeat(two, at(60_000), at(2_000));
    await saveWorkerHeartbeat(gone, at(600_000), at(300_000));
    await markWorkerStopped(gone.id, at(300_000));

    // The mesh job: worker one ran two slots (one failed), worker two the latest one, 5 s ago.
    await recordSourceCycle(one.id, { source: "mesh-telemetry", organizationId: null, everyMs: 15_000, at: at(40_000), durationMs: 120, error: null });
    await recordSourceCycle(one.id, { source: "mesh-telemetry", organizationId: null, everyMs: 15_000, at: at(25_000), durationMs: 90, error: "Prometheus answered 503" });
    await recordSourceCycle(two.id, { source: "mesh-telemetry", organizationId: null, everyMs: 15_000, at: at(5_000), durationMs: 80, error: null });
    // SLO evaluation last ran 3 minutes ago, every minute: 2 minutes late.
    await recordSourceCycle(two.id, { source: "slo-evaluate", organizationId: null, everyMs: 60_000, at: at(180_000), durationMs: 400, error: null });
    const watch = { everyMs: null, lastDurationMs: 12, cycles: 7, failures: 1, lastErrorAt: at(9_000), lastError: "prod: deployments: HTTP 403 Forbidden" };
    await saveSourceSnapshot(one.id, { ...watch, source: "cluster/prod", organizationId: mine.id, lastCycleAt: at(3_000), lagMs: 1_500 }, now);
    await saveSourceSnapshot(two.id, { ...watch, source: "cluster/secret-cluster", organizationId: theirs.id, lastCycleAt: at(3_000), lagMs: 0 }, now);
    expect(await claimLease({ key: `cluster:${mine.id}:prod`, organizationId: mine.id, subject: "prod" }, one, 15_000)).toBe(true);
    expect(await claimLease({ key: `cluster:${theirs.id}:secret-cluster`, organizationId: theirs.id, subject: "secret-cluster" }, two, 15_000)).toBe(true);

    // A lease its crashed holder left two hours ago, of a cluster nobody configures any more.
    expect(await claimLease({ key: `cluster:${mine.id}:removed`, organizationId: mine.id, subject: "removed" }, gone, 1)).toBe(true);
    await getPrisma().workLease.update({ where: { key: `cluster:${mine.id}:removed` }, data: { expiresAt: at(7_200_000) } });

    await expect(getSystemStatus(mine.id, member, now)).rejects.toMatchObject({ status: 403 });
    const status = await getSystemStatus(mine.id, admin, now);
    expect(status.workers.map((worker) => [worker.pid === process.pid ? "this" : worker.pid, worker.state])).toEqual([
      [303, "stopped"],
      ["this", "running"],
      [202, "running"],
    ]);
    const workerOne = status.workers.find((worker) => worker.id === one.id);
    const workerTwo = status.workers.find((worker) => worker.id === two.id);
    expect(workerOne?.sources.map((source) => source.source)).toEqual(["cluster/prod", "mesh-telemetry"]);
    expect(workerOne?.sources.find((source) => source.source === "mesh-telemetry")).toMatchObject({
      cycles: 2,
      failures: 1,
      lastCycleAt: at(40_000).toISOString(),
      lastError: "Prometheus answered 503",
      // Worker two ran the latest slot: the job is not late although worker one's last cycle is old.
      lagMs: 0,
    });
    expect(workerOne?.sources.find((source) => source.source === "cluster/prod")).toMatchObject({ lagMs: 1_500, cycles: 7, failures: 1 });
    expect(workerTwo?.sources.map((source) => source.source)).toEqual(["mesh-telemetry", "slo-evaluate"]);
    expect(workerTwo?.sources.find((source) => source.source === "slo-evaluate")?.lagMs).toBe(120_000);
    expect(status.clusters).toEqual([expect.objectContaining({ cluster: "prod", holder: { hostname: one.hostname, pid: one.pid, workerId: one.id }, expired: false })]);
    expect(JSON.stringify(status)).not.toContain("secret-cluster");
  });
});
