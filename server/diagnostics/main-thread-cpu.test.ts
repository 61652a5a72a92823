import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { mainThreadCpuMs } from "./main-thread-cpu.ts";

// The loop probes charge a long turn with the main thread's CPU only: a worker thread
// (the graph export's) running beside the loop must not make a short turn look CPU-bound.
describe("main-thread CPU of the loop probes", () => {
  it("counts this thread's work and not a worker thread's", async () => {
    const processBefore = process.cpuUsage();
    const mainBefore = mainThreadCpuMs();
    // The worker spins until its own thread has run 300 ms on a core, however busy the machine.
    const worker = new Worker(
      `const fs = require("node:fs");
       const cpu = () => Number(fs.readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1e6;
       const start = cpu();
       while (cpu() - start < 300) {}
       require("node:worker_threads").parentPort.postMessage("done");`,
      { eval: true },
    );
    await new Promise<void>((resolve, reject) => {
      worker.once("message", () => resolve());
      worker.once("error", reject);
    });
    await worker.terminate();
    const mainDuring = mainThreadCpuMs() - mainBefore;
    const processDuring = process.cpuUsage(processBefore);
    expect((processDuring.user + processDuring.system) / 1000).toBeGreaterThanOrEqual(300);
    expect(mainDuring).toBeLessThan(150);

    const spinStart = mainThreadCpuMs();
    let spins = 0;
    while (mainThreadCpuMs() - spinStart < 20) spins += 1;
    expect(spins).toBeGreaterThan(0);
    expect(mainThreadCpuMs() - spinStart).toBeGreaterThanOrEqual(20);
  });
});
