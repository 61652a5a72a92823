import { describe, expect, it } from "vitest";
import { createTenantFairLine, type TTenantFairLine } from "./tenant-fair-line.ts";

/** Serves the line one turn at a time (one slot), charging each turn what `costOf` says; returns the order served. */
function serveAll(line: TTenantFairLine<string>, costOf: (item: string) => number): string[] {
  const served: string[] = [];
  for (let next = line.shift(); next !== undefined; next = line.shift()) {
    served.push(next.item);
    line.finish(next.tenant, next.lane, costOf(next.item));
  }
  return served;
}

describe("createTenantFairLine", () => {
  it("keeps arrival order for a single tenant and lane", () => {
    const line = createTenantFairLine<string>();
    for (const item of ["a1", "a2", "a3"]) line.push("org-a", "page", item);
    expect(line.size).toBe(3);
    expect(serveAll(line, () => 10)).toEqual(["a1", "a2", "a3"]);
    expect(line.size).toBe(0);
  });

  it("serves the tenant that used the least time: one that queued many delays another by one turn", () => {
    const line = createTenantFairLine<string>();
    line.begin("org-a", "page");
    for (let i = 1; i <= 4; i++) line.push("org-a", "page", `a${i}`);
    line.push("org-b", "page", "b1");
    line.push("org-b", "page", "b2");
    expect(line.waitingOf("org-a")).toBe(4);
    expect(line.waitingOf("org-b")).toBe(2);
    // The read org-a had running took 100 ms; every turn takes 100 ms.
    line.finish("org-a", "page", 100);
    expect(serveAll(line, () => 100)).toEqual(["b1", "a1", "b2", "a2", "a3", "a4"]);
  });

  it("shares time, not turns: short turns of one tenant run while another's long turn would", () => {
    const line = createTenantFairLine<string>();
    for (let i = 1; i <= 3; i++) line.push("org-a", "page", `page${i}`);
    for (let i = 1; i <= 30; i++) line.push("org-b", "export", `chunk${i}`);
    // Pages take 500 ms, export chunks 50 ms: ten chunks for each page.
    const served = serveAll(line, (item) => (item.startsWith("page") ? 500 : 50));
    const pageAt = (n: number) => served.indexOf(`page${n}`);
    expect(pageAt(2) - pageAt(1) - 1).toBe(10);
    expect(pageAt(3) - pageAt(2) - 1).toBe(10);
  });

  it("shares a tenant's time between its lanes (an export's chunks between page renders)", () => {
    const line = createTenantFairLine<string>();
    for (let i = 1; i <= 3; i++) line.push("org-a", "page", `page${i}`);
    for (let i = 1; i <= 8; i++) line.push("org-a", "export", `chunk${i}`);
    const served = serveAll(line, (item) => (item.startsWith("page") ? 200 : 50));
    // Each page render is followed by the chunks that use as much time: four of them.
    expect(served).toEqual(["page1", "chunk1", "chunk2", "chunk3", "chunk4", "page2", "chunk5", "chunk6", "chunk7", "chunk8", "page3"]);
  });

  it("gives a tenant that comes back no credit for the time it was away", () => {
    const line = createTenantFairLine<string>();
    line.push("org-a", "page", "a1");
    line.push("org-b", "page", "b1");
    expect(serveAll(line, () => 100)).toEqual(["a1", "b1"]);
    // org-a and org-b went idle; org-b keeps a long queue going for a while.
    for (let i = 2; i <= 6; i++) line.push("org-b", "page", `b${i}`);
    const first = line.shift();
    expect(first?.item).toBe("b2");
    line.finish("org-b", "page", 1_000);
    // org-a comes back: it starts level with the busy org-b, not 1,000 ms ahead of it.
    line.push("org-a", "page", "a2");
    line.push("org-a", "page", "a3");
    expect(serveAll(line, () => 100)).toEqual(["b3", "a2", "b4", "a3", "b5", "b6"]);
  });
});
