import { describe, expect, it } from "vitest";
import { sumOverChunks } from "./sum-over-chunks.ts";

/** A write whose promise the test settles by hand, recording which chunks were started. */
function controlledWrites() {
  const started: number[][] = [];
  const pending: { resolve: (rows: number) => void; reject: (error: Error) => void }[] = [];
  const write = (chunk: number[]) =>
    new Promise<number>((resolve, reject) => {
      started.push(chunk);
      pending.push({ resolve, reject });
    });
  return { started, pending, write };
}

async function settled(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}

describe("sumOverChunks", () => {
  it("keeps at most `lanes` chunks in flight, starts the next when one returns, and sums the rows", async () => {
    const { started, pending, write } = controlledWrites();
    const total = sumOverChunks([1, 2, 3, 4, 5], 2, 2, write);
    await settled();
    expect(started).toEqual([[1, 2], [3, 4]]);
    pending[1]?.resolve(2);
    await settled();
    expect(started).toEqual([[1, 2], [3, 4], [5]]);
    pending[0]?.resolve(2);
    pending[2]?.resolve(1);
    await expect(total).resolves.toBe(5);
  });

  it("writes chunk after chunk with one lane", async () => {
    const { started, pending, write } = controlledWrites();
    const total = sumOverChunks([1, 2, 3], 1, 1, write);
    await settled();
    expect(started).toEqual([[1]]);
    pending[0]?.resolve(1);
    await settled();
    expect(started).toEqual([[1], [2]]);
    pending[1]?.resolve(1);
    await settled();
    pending[2]?.resolve(0);
    await expect(total).resolves.toBe(2);
  });

  it("starts no chunk after a failure and throws the first error once the running chunks settle", async () => {
    const { started, pending, write } = controlledWrites();
    const total = sumOverChunks([1, 2, 3, 4], 1, 2, write);
    const outcome = total.then(
      () => "resolved",
      (error: unknown) => (error instanceof Error ? error.message : "?"),
    );
    await settled();
    pending[0]?.reject(new Error("first"));
    await settled();
    expect(started).toEqual([[1], [2]]);
    pending[1]?.resolve(1);
    await expect(outcome).resolves.toBe("first");
    expect(started).toEqual([[1], [2]]);
  });

  it("writes nothing for no items and rejects a lane count below one", async () => {
    const { started, write } = controlledWrites();
    await expect(sumOverChunks([], 10, 2, write)).resolves.toBe(0);
    expect(started).toEqual([]);
    await expect(sumOverChunks([1], 10, 0, write)).rejects.toThrow(RangeError);
  });
});
