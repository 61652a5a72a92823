import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "@/server/testing/wait-for.ts";
import { monotonicUsAtPerformanceZero, readLongTurnCounts, startLongTurnTrace, withLongTurnTrace } from "./long-turn-trace.ts";

const lines: string[] = [];
startLongTurnTrace((line) => lines.push(line));

/** Holds the thread for `ms` (what a long synchronous task or a GC pause does to the loop). */
function holdTheLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: nothing else may run
  }
}

interface TLine {
  wallMs: number;
  cpuMs: number;
  waitMs: number | null;
  gc: string[];
  requests: string[];
}
/** The turns printed from line `from` on (`lines` holds the clock line too). */
const parsed = (from = 0) => lines.slice(from).filter((line) => line.startsWith("long-turn {")).map((line) => JSON.parse(line.slice("long-turn ".length)) as TLine);

describe("the long-turn trace", () => {
  let server: http.Server | null = null;
  afterAll(() => server?.close());

  it("prints a turn that held the loop, with the CPU it used, and counts it", async () => {
    readLongTurnCounts(true);
    // Let the trace's timer tick once first, so the held turn is measured from a tick.
    await new Promise((resolve) => setImmediate(resolve));
    holdTheLoop(120);
    const turn = await waitFor("the held turn's line", () => parsed().find((t) => t.wallMs >= 100));
    // The CPU the process used in the turn (less than its wall clock when the OS ran other processes).
    expect(turn.cpuMs).toBeGreaterThan(0);
    // The time the thread was runnable without a core: Linux' schedstat, and never more than the turn.
    if (process.platform === "linux") {
      expect(turn.waitMs).toBeGreaterThanOrEqual(0);
      expect(turn.waitMs).toBeLessThanOrEqual(turn.wallMs + 10);
    }
    expect(Array.isArray(turn.gc)).toBe(true);
    const counts = readLongTurnCounts(true);
    expect(counts?.atLeast50).toBeGreaterThanOrEqual(1);
    expect(counts?.atLeast30).toBeGreaterThanOrEqual(counts?.atLeast50 ?? 0);
    expect(counts?.maxMs).toBeGreaterThanOrEqual(100);
    expect(readLongTurnCounts(false)?.atLeast50).toBe(0);
  });

  it("names the requests in flight during a long turn", async () => {
    server = http.createServer(
      withLongTurnTrace((req, res) => {
        holdTheLoop(120);
        res.end("held");
      }),
    );
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const before = lines.length;
    await (await fetch(`http://127.0.0.1:${port}/held-path?query=1`)).text();
    const turn = await waitFor("a long turn with the request in it", () => parsed(before).find((t) => t.requests.some((r) => r.startsWith("GET /held-path"))));
    expect(turn.wallMs).toBeGreaterThanOrEqual(100);
    expect(turn.requests.join(" ")).not.toContain("query=1");
  });

  it("prints the monotonic clock at performance.now() = 0 once, for matching turns with a CPU profile", () => {
    const clock = lines.filter((line) => line.startsWith("long-turn-clock "));
    expect(clock).toHaveLength(1);
    const { monotonicUsAtZero } = JSON.parse(clock[0]?.slice("long-turn-clock ".length) ?? "{}") as { monotonicUsAtZero: number };
    // performance.now() on the monotonic clock, as the profiler's sample times are.
    const nowOnMonotonicUs = Number(process.hrtime.bigint() / 1000n);
    expect(Math.abs(monotonicUsAtZero + performance.now() * 1000 - nowOnMonotonicUs)).toBeLessThan(1_000_000);
    // A constant, not a reading that moves with the clock.
    expect(Math.abs(monotonicUsAtPerformanceZero() - monotonicUsAtZero)).toBeLessThan(1000);
  });
});

