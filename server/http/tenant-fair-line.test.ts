import { describe, expect, it } from "vitest";
import { createTenantFairLine } from "./tenant-fair-line.ts";

function drain<T>(line: { shift(): T | undefined }): T[] {
  const out: T[] = [];
  for (let item = line.shift(); item !== undefined; item = line.shift()) out.push(item);
  return out;
}

describe("createTenantFairLine", () => {
  it("keeps arrival order for a single tenant and lane", () => {
    const line = createTenantFairLine<string>();
    for (const item of ["a1", "a2", "a3"]) line.push("org-a", "page", item);
    expect(line.size).toBe(3);
    expect(drain(line)).toEqual(["a1", "a2", "a3"]);
    expect(line.size).toBe(0);
  });

  it("takes turns between tenants, so a tenant that queued many delays another by one turn", () => {
    const line = createTenantFairLine<string>();
    for (let i = 1; i <= 5; i++) line.push("org-a", "page", `a${i}`);
    line.push("org-b", "page", "b1");
    line.push("org-c", "page", "c1");
    line.push("org-b", "page", "b2");
    expect(line.waitingOf("org-a")).toBe(5);
    expect(line.waitingOf("org-b")).toBe(2);
    expect(drain(line)).toEqual(["a1", "b1", "c1", "a2", "b2", "a3", "a4", "a5"]);
    expect(line.waitingOf("org-a")).toBe(0);
  });

  it("takes turns between one tenant's lanes (an export's chunks between page renders)", () => {
    const line = createTenantFairLine<string>();
    for (let i = 1; i <= 3; i++) line.push("org-a", "page", `p${i}`);
    line.push("org-a", "export", "e1");
    line.push("org-a", "export", "e2");
    expect(drain(line)).toEqual(["p1", "e1", "p2", "e2", "p3"]);
  });

  it("puts a tenant that comes back after its line emptied at the end of the rotation", () => {
    const line = createTenantFairLine<string>();
    line.push("org-a", "page", "a1");
    line.push("org-b", "page", "b1");
    expect(line.shift()).toBe("a1");
    line.push("org-a", "page", "a2");
    line.push("org-c", "page", "c1");
    expect(drain(line)).toEqual(["b1", "a2", "c1"]);
    expect(line.shift()).toBeUndefined();
  });
});
