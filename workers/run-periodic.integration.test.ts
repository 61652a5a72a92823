import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setJobQueue, startJobQueue, stopJobQueue, type TJobQueue } from "@/server/jobs/job-queue.ts";
import { newWorkerProcess } from "@/server/system/worker-process.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { runPeriodic } from "./run-periodic.ts";
import type { TWorkerContext } from "./worker-definition.ts";

interface TLogLine {
  level: number;
  msg: string;
  job?: string;
}

/** A pino logger whose lines the test can read. */
function capturingLogger(): { log: pino.Logger; lines: TLogLine[] } {
  const lines: TLogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) lines.push(JSON.parse(line) as TLogLine);
      done();
    },
  });
  return { log: pino({ level: "debug" }, stream), lines };
}

const WARN = 40;

// The mesh round (workers/mesh/mesh-worker.ts) and every other periodic job run through
// runPeriodic: this drives it through a real pg-boss queue with a run slower than its
// interval and checks that runs never overlap or queue up behind each other.
describe.each(TEST_DATABASE_KINDS)("periodic jobs that overrun on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let queue: TJobQueue;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    queue = await startJobQueue(db.handle, () => {}, { supervise: false });
    setJobQueue(queue);
  });

  afterAll(async () => {
    await stopJobQueue({ graceful: false });
    await db.close();
  });

  it("says a run overran, skips the slots that came due meanwhile, and never runs two at once", async () => {
    const { log, lines } = capturingLogger();
    const ctx: TWorkerContext = { queue, log, demo: false, process: newWorkerProcess() };
    const everyMs = 1_000;
    let running = 0;
    let mostAtOnce = 0;
    let runs = 0;
    const worker = await runPeriodic(ctx, {
      name: `overrun-test-${kind}`,
      everyMs,
      run: async () => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        runs += 1;
        // sleep: the job under test must take longer than its 1 s interval, as a slow mesh round does.
        await new Promise((resolve) => setTimeout(resolve, 2.5 * everyMs));
        running -= 1;
      },
    });
    try {
      // A slot offered while an earlier run was still going, picked up after its own interval ended.
      await queue.send(`overrun-test-${kind}`, { slotAt: new Date(Date.now() - 3 * everyMs).toISOString() });
      const warnings = () => lines.filter((line) => line.level === WARN && line.job === `overrun-test-${kind}`).map((line) => line.msg);
      await waitFor(
        "an overrun warning and a skipped slot",
        () => warnings().some((msg) => msg.includes("longer than its 1 s interval")) && warnings().some((msg) => msg.includes("skipped, the next interval's run takes over")),
        { timeoutMs: 30_000, detail: () => JSON.stringify(warnings()) },
      );
    } finally {
      await worker.stop();
    }
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(mostAtOnce).toBe(1);
  });
});
