import fs from "node:fs";
import os from "node:os";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { backgroundThreadNice, currentThreadId, lowerCurrentThreadPriority, setBackgroundThreadNice } from "./background-thread-priority.ts";

const niceOf = (tid: number) => {
  const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
};

describe("background thread priority", () => {
  it("raises the nice value of the calling worker thread only, not the event loop's", async () => {
    const mainBefore = os.getPriority(process.pid);
    // The worker lowers its own priority with the module's code (through tsx's loader, as the
    // worker clients start their entries from sources), then stays until told, so its nice can be read from here.
    const worker = new Worker(
      `const { parentPort } = require("node:worker_threads");
       import("tsx/esm/api")
         .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL("./background-thread-priority.ts", import.meta.url).href)}); })
         .then((m) => parentPort.postMessage(m.lowerCurrentThreadPriority(5)), (error) => parentPort.postMessage({ error: String(error) }));
       parentPort.on("message", () => process.exit(0));`,
      { eval: true },
    );
    try {
      const result = await new Promise<{ lowered: boolean; tid?: number; from?: number; to?: number; error?: string }>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      expect(result.error).toBeUndefined();
      expect(result).toMatchObject({ lowered: true, to: Math.min(19, mainBefore + 5) });
      expect(result.tid).not.toBe(process.pid);
      expect(niceOf(result.tid ?? 0)).toBe(Math.min(19, mainBefore + 5));
      expect(os.getPriority(process.pid)).toBe(mainBefore);
      expect(niceOf(process.pid)).toBe(mainBefore);
    } finally {
      worker.postMessage("exit");
      await worker.terminate();
    }
  });

  it("stops at 19", () => {
    const set: [number, number][] = [];
    const result = lowerCurrentThreadPriority(10, { readLink: () => "123/task/456", getPriority: () => 15, setPriority: (pid, n) => set.push([pid, n]) });
    if (process.platform !== "linux") return expect(result.lowered).toBe(false);
    expect(result).toEqual({ lowered: true, tid: 456, from: 15, to: 19 });
    expect(set).toEqual([[456, 19]]);
  });

  it("changes nothing where it cannot apply, and says why", () => {
    const set: number[] = [];
    const calls = { getPriority: () => 0, setPriority: (pid: number) => set.push(pid) };
    const noProc = lowerCurrentThreadPriority(10, {
      ...calls,
      readLink: () => {
        throw new Error("ENOENT");
      },
    });
    expect(noProc.lowered).toBe(false);
    const refused = lowerCurrentThreadPriority(10, {
      readLink: () => "1/task/2",
      getPriority: () => 0,
      setPriority: () => {
        throw new Error("EACCES");
      },
    });
    expect(refused.lowered).toBe(false);
    expect(lowerCurrentThreadPriority(0, { ...calls, readLink: () => "1/task/2" })).toEqual({ lowered: false, reason: "no increment configured" });
    expect(set).toEqual([]);
  });

  it("reads the thread id from /proc/thread-self, null without it", () => {
    expect(currentThreadId(() => "77/task/78")).toBe(78);
    expect(currentThreadId(() => "garbage")).toBeNull();
    if (process.platform === "linux") expect(currentThreadId()).toBe(process.pid);
  });

  it("keeps the increment process-wide for the worker clients, 0 until set", () => {
    const before = backgroundThreadNice();
    try {
      setBackgroundThreadNice(7);
      expect(backgroundThreadNice()).toBe(7);
    } finally {
      setBackgroundThreadNice(before);
    }
  });
});
