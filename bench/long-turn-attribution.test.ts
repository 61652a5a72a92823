import { Session } from "node:inspector/promises";
import { describe, expect, it } from "vitest";
import type { TCallFrame, TCpuProfile, TProfileNode } from "./cpu-profile-format.ts";
import { attributeTurn, libraryKey, summarizeCauses } from "./long-turn-attribution.ts";

const frame = (functionName: string, url = "") => ({ functionName, url, lineNumber: 0 });

/** A profile of: root → render (ours) → escape (a library), root → (garbage collector), root → (idle). */
function profileOf(samples: { node: number; atUs: number }[]): TCpuProfile {
  const nodes: TProfileNode[] = [
    { id: 1, callFrame: frame("(root)"), children: [2, 4, 5, 6] },
    { id: 2, callFrame: frame("renderServices", "file:///app/.next/server/chunks/ssr/services.js"), children: [3] },
    { id: 3, callFrame: frame("escapeHtml", "file:///app/node_modules/react-dom/cjs/server.js") },
    { id: 4, callFrame: frame("(garbage collector)") },
    { id: 5, callFrame: frame("(idle)") },
    { id: 6, callFrame: frame("parse", "file:///app/node_modules/@prisma/client/runtime.js") },
  ];
  const startTime = 1_000_000;
  let last = startTime;
  const timeDeltas = samples.map((s) => {
    const delta = startTime + s.atUs - last;
    last = startTime + s.atUs;
    return delta;
  });
  return { nodes, samples: samples.map((s) => s.node), timeDeltas, startTime };
}

const name = (f: TCallFrame) => ({ own: !f.url.includes("node_modules") && f.url !== "", name: f.functionName || "(anonymous)" });

describe("long-turn attribution", () => {
  // Samples every 1 ms: idle, 3 ms in our render (1 of them inside a library it called), 2 ms of GC,
  // 1 ms in a library with none of our frames, then nothing for 20 ms (the thread was not running), idle.
  const profile = profileOf([
    { node: 5, atUs: 0 },
    { node: 2, atUs: 1000 },
    { node: 2, atUs: 2000 },
    { node: 3, atUs: 3000 },
    { node: 4, atUs: 4000 },
    { node: 4, atUs: 5000 },
    { node: 6, atUs: 6000 },
    { node: 5, atUs: 27_000 },
    { node: 5, atUs: 28_000 },
  ]);

  it("puts each sample inside the turn down to GC, the deepest frame of ours, a library, idle, or nothing sampled", () => {
    const cause = attributeTurn(profile, 1_000_000 + 1000, 1_000_000 + 27_000, name);
    expect(cause.wallMs).toBe(26);
    expect(cause.own).toEqual(new Map([["renderServices", 3]]));
    expect(cause.gcMs).toBe(2);
    // The library sample stands for at most twice the usual interval; the 18 ms after it were not sampled.
    expect(cause.library).toEqual(new Map([["parse", 2]]));
    expect(cause.unsampledMs).toBe(19);
    expect(cause.idleMs).toBe(0);
  });

  it("counts only the part of a sample that falls inside the turn", () => {
    const cause = attributeTurn(profile, 1_000_000 + 1500, 1_000_000 + 4500, name);
    expect(cause.own.get("renderServices")).toBe(2.5);
    expect(cause.gcMs).toBe(0.5);
    expect(cause.unsampledMs).toBe(0);
  });

  it("sums several turns", () => {
    const a = attributeTurn(profile, 1_000_000 + 1000, 1_000_000 + 3000, name);
    const b = attributeTurn(profile, 1_000_000 + 3000, 1_000_000 + 6000, name);
    const sum = summarizeCauses([a, b]);
    expect(sum.wallMs).toBe(5);
    expect(sum.own.get("renderServices")).toBe(3);
    expect(sum.gcMs).toBe(2);
  });

  it("tells our frames from libraries' by URL unless told otherwise", () => {
    const cause = attributeTurn(profile, 1_000_000 + 3000, 1_000_000 + 8000);
    expect(cause.own).toEqual(new Map([["renderServices services.js:1", 1]]));
    expect(cause.library).toEqual(new Map([["@prisma/client: parse", 2]]));
  });

  it("names a library frame by its package, scoped packages whole", () => {
    expect(libraryKey(frame("parse", "file:///x/node_modules/@prisma/client/runtime/a.js"))).toBe("@prisma/client: parse");
    expect(libraryKey(frame("render", "file:///x/node_modules/next/dist/server/a.js"))).toBe("next: render");
    expect(libraryKey(frame("(program)"))).toBe("(program)");
    expect(libraryKey(frame("", "node:internal/streams/readable"))).toBe("readable: (anonymous)");
  });

  it("reads sample times on the clock process.hrtime reads (what the long-turn trace's clock line gives)", async () => {
    const session = new Session();
    session.connect();
    try {
      await session.post("Profiler.enable");
      const before = Number(process.hrtime.bigint() / 1000n);
      await session.post("Profiler.start");
      const until = performance.now() + 20;
      while (performance.now() < until) {
        // busy, so that there are samples
      }
      const { profile: real } = await session.post("Profiler.stop");
      const after = Number(process.hrtime.bigint() / 1000n);
      expect(real.startTime).toBeGreaterThanOrEqual(before);
      expect(real.endTime).toBeLessThanOrEqual(after);
    } finally {
      session.disconnect();
    }
  });
});
