import { describe, expect, it } from "vitest";
import { LeasedCounter, leaseSizeFor, type TReserveLease } from "./leased-rate-limit.ts";

/** The shared counter table, as server/http/http-rate-limit.repository.ts keeps it, with its writes counted. */
function sharedTable() {
  const rows = new Map<string, { points: number; expire: number }>();
  let writes = 0;
  const reserve: TReserveLease = async (key, points, windowMs, now) => {
    writes += 1;
    const row = rows.get(key);
    const next = !row || row.expire <= now.getTime() ? { points, expire: now.getTime() + windowMs } : { points: row.points + points, expire: row.expire };
    rows.set(key, next);
    return { total: next.points, expiresAt: new Date(next.expire) };
  };
  return { reserve, writes: () => writes };
}

describe("LeasedCounter", () => {
  it("uses a fiftieth of the limit as its lease, and one point below a limit of 100", () => {
    expect(leaseSizeFor(60)).toBe(1);
    expect(leaseSizeFor(600)).toBe(12);
    expect(leaseSizeFor(100_000_000)).toBe(2_000_000);
  });

  it("grants `limit` requests per window from leases, writing once per lease, then refuses until the window ends", async () => {
    let now = 1_000_000;
    const table = sharedTable();
    const counter = new LeasedCounter(table.reserve, { limit: 1000, windowMs: 60_000, clock: () => now });
    const decisions = [];
    for (let i = 0; i < 1005; i++) decisions.push(await counter.consume("token-a"));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(1000);
    expect(decisions.slice(1000).every((d) => !d.allowed && d.remaining === 0)).toBe(true);
    expect(decisions[0]?.remaining).toBe(999);
    expect(decisions[999]?.remaining).toBe(0);
    // 1,000 points in 50 leases of 20; the last one brought the total to the limit, so the refusals cost no write.
    expect(table.writes()).toBe(50);
    expect(decisions[1004]?.msBeforeNext).toBe(60_000);

    now += 60_000;
    expect((await counter.consume("token-a")).allowed).toBe(true);
    // Another key has its own window.
    expect((await counter.consume("token-b")).allowed).toBe(true);
  });

  it("never grants more than the limit across processes sharing the counter, and refuses at most (processes − 1) × (lease − 1) early", async () => {
    const table = sharedTable();
    const limit = 500; // leases of 10
    const processes = [0, 1, 2].map(() => new LeasedCounter(table.reserve, { limit, windowMs: 60_000, clock: () => 0 }));
    let granted = 0;
    for (let i = 0; i < 2 * limit; i++) {
      const process = processes[(i * 7) % processes.length];
      if (process && (await process.consume("token")).allowed) granted += 1;
    }
    expect(granted).toBeLessThanOrEqual(limit);
    expect(granted).toBeGreaterThanOrEqual(limit - 2 * (leaseSizeFor(limit) - 1));
  });

  it("reserves once for concurrent requests of one key in a process", async () => {
    const table = sharedTable();
    const counter = new LeasedCounter(table.reserve, { limit: 10_000, windowMs: 60_000, clock: () => 0 });
    const decisions = await Promise.all(Array.from({ length: 50 }, () => counter.consume("token")));
    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(table.writes()).toBe(1);
  });

  it("with a limit below 100 writes every request, exactly the shared counter", async () => {
    const table = sharedTable();
    const a = new LeasedCounter(table.reserve, { limit: 12, windowMs: 60_000, clock: () => 0 });
    const b = new LeasedCounter(table.reserve, { limit: 12, windowMs: 60_000, clock: () => 0 });
    const allowed = [];
    for (let i = 0; i < 18; i++) allowed.push((await (i % 2 === 0 ? a : b).consume("token")).allowed);
    expect(allowed.filter(Boolean)).toHaveLength(12);
    expect(allowed.slice(12).every((value) => !value)).toBe(true);
    // 12 grants, then one refused reservation by the process that had not seen the total reach the limit; refusals after that are answered from memory.
    expect(table.writes()).toBe(13);
  });
});
