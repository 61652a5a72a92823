import { describe, expect, it } from "vitest";
import { readProcessMemory } from "./process-memory.ts";

describe("readProcessMemory", () => {
  it("reports this process's memory in MB, the heap inside RSS, and sees an allocation", () => {
    const before = readProcessMemory();
    expect(before.rssMb).toBeGreaterThan(0);
    expect(before.heapUsedMb).toBeLessThanOrEqual(before.heapTotalMb);
    expect(before.heapTotalMb).toBeLessThan(before.rssMb);
    const held = Buffer.alloc(64 * 1024 * 1024, 1);
    const after = readProcessMemory();
    expect(after.arrayBuffersMb - before.arrayBuffersMb).toBeGreaterThanOrEqual(63);
    expect(held.length).toBe(64 * 1024 * 1024);
  });
});
