import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/server/db/client.ts";
import { TEST_DATABASE_KINDS, openTestDatabase } from "@/server/testing/test-databases.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { holdLease, type TLeasedWork } from "./hold-lease.ts";
import { claimLease, findAllLeases, releaseLease } from "./system-leases.repository.ts";
import { newWorkerProcess, type TWorkerProcess } from "./worker-process.ts";

// Leases on both databases: Postgres for several worker processes, PGlite where the one
// process always wins. Several holders in one test process stand for several processes:
// each has its own identity, and the lease only knows identities.

const silent = pino({ level: "silent" });
let keyCounter = 0;
const nextKey = () => `test:lease:${(keyCounter += 1)}`;

/** Work that records whether it runs, and how often it was started. */
function trackedWork(key: string): TLeasedWork & { running: () => boolean; starts: () => number } {
  let running = false;
  let starts = 0;
  return {
    key,
    organizationId: null,
    subject: key,
    running: () => running,
    starts: () => starts,
    async start() {
      running = true;
      starts += 1;
      return {
        async stop() {
          running = false;
        },
      };
    },
  };
}

describe.each(TEST_DATABASE_KINDS)("leases (%s)", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("goes to one claimant, is renewed by it keeping its start, and is taken by another only after it expired", async () => {
    const key = nextKey();
    const [a, b] = [newWorkerProcess(), { ...newWorkerProcess(), hostname: "other-host", pid: 4242 }];
    const claim = { key, organizationId: null, subject: "cluster-a" };
    const [aWon, bWon] = await Promise.all([claimLease(claim, a, 60_000), claimLease(claim, b, 60_000)]);
    expect([aWon, bWon].filter(Boolean)).toHaveLength(1);
    const winner: TWorkerProcess = aWon ? a : b;
    const loser: TWorkerProcess = aWon ? b : a;
    const first = (await findAllLeases()).find((lease) => lease.key === key);
    expect(first).toMatchObject({ holderId: winner.id, holderHost: winner.hostname, holderPid: winner.pid, subject: "cluster-a" });

    expect(await claimLease(claim, winner, 60_000)).toBe(true);
    const renewed = (await findAllLeases()).find((lease) => lease.key === key);
    expect(renewed?.acquiredAt.getTime()).toBe(first?.acquiredAt.getTime());
    expect(renewed?.expiresAt.getTime()).toBeGreaterThanOrEqual(first?.expiresAt.getTime() ?? Infinity);
    expect(await claimLease(claim, loser, 60_000)).toBe(false);

    // The winner "dies": its short lease runs out and the other takes it.
    expect(await claimLease(claim, winner, 100)).toBe(true);
    await waitFor("the lease to expire and go to the other claimant", () => claimLease(claim, loser, 60_000), { intervalMs: 50, timeoutMs: 10_000 });
    expect((await findAllLeases()).find((lease) => lease.key === key)).toMatchObject({ holderId: loser.id });
    expect(await claimLease(claim, winner, 60_000)).toBe(false);

    await releaseLease(key, winner);
    expect((await findAllLeases()).some((lease) => lease.key === key && lease.holderId === loser.id)).toBe(true);
    await releaseLease(key, loser);
    expect((await findAllLeases()).some((lease) => lease.key === key)).toBe(false);
  });

  it("runs the work in exactly one holder; a clean stop hands it over at once", async () => {
    const key = nextKey();
    const works = [trackedWork(key), trackedWork(key)];
    const holders = works.map((work) => holdLease(work, { holder: newWorkerProcess(), log: silent, ttlMs: 6_000 }));
    await waitFor("one holder to start the work", () => holders.some((holder) => holder.isHolding()));
    const [holding, waiting] = holders[0]?.isHolding() ? [0, 1] : [1, 0];
    expect(works.filter((work) => work.running())).toHaveLength(1);

    const stoppedAt = Date.now();
    await holders[holding]?.stop();
    expect(works[holding]?.running()).toBe(false);
    // Within the TTL: only the release explains it (the other claims every TTL/3 = 2 s).
    await waitFor("the other holder to take over after the release", () => works[waiting]?.running(), { timeoutMs: 5_500 });
    expect(Date.now() - stoppedAt).toBeLessThan(6_000);
    await holders[waiting]?.stop();
    expect((await findAllLeases()).some((lease) => lease.key === key)).toBe(false);
  });

  it("takes over from a holder that died (its lease expired) and stops work whose lease another process took", async () => {
    const key = nextKey();
    const dead = newWorkerProcess();
    expect(await claimLease({ key, organizationId: null, subject: key }, dead, 300)).toBe(true);
    const work = trackedWork(key);
    const me = newWorkerProcess();
    const holder = holdLease(work, { holder: me, log: silent, ttlMs: 600 });
    await waitFor("the work to start once the dead holder's lease expired", () => work.running(), { timeoutMs: 10_000 });

    // Someone else holds it now (as if this process had stalled past its expiry): the work must stop.
    await getPrisma().workLease.update({ where: { key }, data: { holderId: "someone-else", expiresAt: new Date(Date.now() + 60_000) } });
    await waitFor("the work to stop when the lease is someone else's", () => !work.running(), { timeoutMs: 10_000 });
    expect(holder.isHolding()).toBe(false);
    await holder.stop();
    // Stopping does not release a lease this process no longer holds.
    expect((await findAllLeases()).find((lease) => lease.key === key)).toMatchObject({ holderId: "someone-else" });
    expect(work.starts()).toBe(1);
  });
});
