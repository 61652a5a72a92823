import { describe, expect, it } from "vitest";
import { createDecisionWriteBatcher } from "./decision-write-batcher.ts";

/** A database the test answers by hand: each statement waits until the test settles it. */
function fakeDatabase() {
  const statements: { kind: "one" | "batch"; writes: string[]; settle: (outcome: { written?: string[]; error?: Error }) => void }[] = [];
  const batcher = createDecisionWriteBatcher<string>({
    writeBatch: (writes) =>
      new Promise((resolve, reject) => {
        statements.push({ kind: "batch", writes: [...writes], settle: ({ written, error }) => (error ? reject(error) : resolve(new Set(written ?? writes))) });
      }),
    writeOne: (write) =>
      new Promise((resolve, reject) => {
        statements.push({ kind: "one", writes: [write], settle: ({ error }) => (error ? reject(error) : resolve()) });
      }),
    keyTaken: (write) => Object.assign(new Error(`key of ${write} taken`), { code: "23505" }),
    maxBatch: 3,
  });
  const write = (key: string) => batcher.write({ key, write: key });
  // Lets the batcher's promise callbacks run (no timers involved).
  const settled = () => new Promise((resolve) => setImmediate(resolve));
  return { statements, write, settled };
}

/** The outcome of a promise once it has one, without throwing. */
function outcomeOf(promise: Promise<void>): { value: "pending" | "ok" | Error } {
  const outcome: { value: "pending" | "ok" | Error } = { value: "pending" };
  promise.then(
    () => (outcome.value = "ok"),
    (error: Error) => (outcome.value = error),
  );
  return outcome;
}

describe("createDecisionWriteBatcher", () => {
  it("writes a decision at once and alone when no write is in flight", async () => {
    const db = fakeDatabase();
    const first = outcomeOf(db.write("a"));
    expect(db.statements).toEqual([expect.objectContaining({ kind: "one", writes: ["a"] })]);
    await db.settled();
    expect(first.value).toBe("pending");
    db.statements[0]?.settle({});
    await db.settled();
    expect(first.value).toBe("ok");
  });

  it("writes the decisions that arrived meanwhile together, at most maxBatch per statement, each answered when its statement commits", async () => {
    const db = fakeDatabase();
    const outcomes = ["a", "b", "c", "d", "e"].map((key) => outcomeOf(db.write(key)));
    expect(db.statements.map((statement) => statement.writes)).toEqual([["a"]]);
    db.statements[0]?.settle({});
    await db.settled();
    expect(db.statements.map((statement) => [statement.kind, statement.writes])).toEqual([
      ["one", ["a"]],
      ["batch", ["b", "c", "d"]],
    ]);
    expect(outcomes.map((outcome) => outcome.value)).toEqual(["ok", "pending", "pending", "pending", "pending"]);
    db.statements[1]?.settle({});
    await db.settled();
    expect(outcomes.map((outcome) => outcome.value)).toEqual(["ok", "ok", "ok", "ok", "pending"]);
    // The last one came while the batch was in flight and is alone now.
    expect(db.statements[2]).toMatchObject({ kind: "one", writes: ["e"] });
    db.statements[2]?.settle({});
    await db.settled();
    expect(outcomes[4]?.value).toBe("ok");
  });

  it("answers a decision the batch did not write (its Idempotency-Key was taken) with a unique violation, the others with success", async () => {
    const db = fakeDatabase();
    const outcomes = ["a", "b", "c"].map((key) => outcomeOf(db.write(key)));
    db.statements[0]?.settle({});
    await db.settled();
    db.statements[1]?.settle({ written: ["c"] });
    await db.settled();
    expect(outcomes[0]?.value).toBe("ok");
    expect(outcomes[1]?.value).toMatchObject({ code: "23505", message: "key of b taken" });
    expect(outcomes[2]?.value).toBe("ok");
  });

  it("writes each decision of a failed batch alone, so each caller gets its own outcome", async () => {
    const db = fakeDatabase();
    const outcomes = ["a", "b", "c"].map((key) => outcomeOf(db.write(key)));
    db.statements[0]?.settle({});
    await db.settled();
    db.statements[1]?.settle({ error: new Error("foreign key violated by c") });
    await db.settled();
    expect(db.statements.slice(2).map((statement) => [statement.kind, statement.writes])).toEqual([
      ["one", ["b"]],
      ["one", ["c"]],
    ]);
    db.statements[2]?.settle({});
    db.statements[3]?.settle({ error: new Error("foreign key violated by c") });
    await db.settled();
    expect(outcomes.map((outcome) => (outcome.value instanceof Error ? outcome.value.message : outcome.value))).toEqual(["ok", "ok", "foreign key violated by c"]);
    // Nothing is left waiting: the next write goes at once.
    outcomeOf(db.write("d"));
    expect(db.statements[4]).toMatchObject({ kind: "one", writes: ["d"] });
  });
});
