import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Tests own their clocks: a test waits for a condition (server/testing/wait-for.ts), an
 * event, or an injected `now`, never for a fixed time that is too long on a fast machine
 * and too short on a loaded one. A real sleep that is genuinely needed (Prometheus needs
 * real seconds of scrapes; a long-poll test shows the server really held the request)
 * says so on the line above: `// sleep: <why>`.
 *
 * Flagged, in every *.test.ts: any `setTimeout` (the sleep idiom, a timer racing the
 * test, `timers/promises`) and any call of a `sleep(…)`/`delay(…)` helper, unless the
 * comment block right above it holds a `// sleep:` line with a reason.
 */

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SKIPPED_DIRS = new Set(["node_modules", ".next", ".git", ".plumbline", "e2e", "test-results"]);
const SLEEP = /\bsetTimeout\b|(?<![.\w])(?:sleep|delay)\s*\(/;
const REASON = /^\/\/\s*sleep:\s*\S/;

/** This file: its examples below are sleeps on purpose. */
const SELF = "server/testing/no-test-sleeps.test.ts";

/** 1-based line numbers of sleeps without a `// sleep: <why>` comment right above. */
function findUnexplainedSleeps(source: string): number[] {
  const lines = source.split("\n");
  const found: number[] = [];
  lines.forEach((line, index) => {
    const code = line.trim();
    if (code.startsWith("//") || code.startsWith("*") || code.startsWith("/*") || !SLEEP.test(code)) return;
    // The contiguous comment block above this line (blank lines end it).
    for (let above = index - 1; above >= 0; above--) {
      const comment = (lines[above] ?? "").trim();
      if (!comment.startsWith("//")) break;
      if (REASON.test(comment)) return;
    }
    found.push(index + 1);
  });
  return found;
}

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : testFiles(path.join(dir, entry.name));
    return entry.name.endsWith(".test.ts") ? [path.join(dir, entry.name)] : [];
  });
}

describe("no unexplained sleeps in tests", () => {
  it.each([
    { name: "the sleep idiom", source: "await new Promise((resolve) => setTimeout(resolve, 500));", flagged: [1] },
    { name: "a timer racing the test", source: "setTimeout(() => controller.abort(), 20);", flagged: [1] },
    { name: "timers/promises", source: 'import { setTimeout as wait } from "node:timers/promises";', flagged: [1] },
    { name: "a sleep helper", source: "await sleep(100);\nawait delay(5);", flagged: [1, 2] },
    { name: "a comment without a reason", source: "// sleep:\nawait sleep(100);", flagged: [2] },
    { name: "a reason a blank line away", source: "// sleep: scrapes need real seconds\n\nawait sleep(100);", flagged: [3] },
    { name: "a reason right above", source: "// sleep: scrapes need real seconds\nawait sleep(100);", flagged: [] },
    { name: "a reason in the comment block above", source: "// sleep: scrapes need real seconds\n// (five of them)\nawait sleep(100);", flagged: [] },
    { name: "a method named like it", source: "await queue.sleep(1);\nconst asleep = isAsleep(x);", flagged: [] },
    { name: "prose in a comment", source: "// no setTimeout here\n * sleep(1) in a doc comment", flagged: [] },
  ])("$name", ({ source, flagged }) => {
    expect(findUnexplainedSleeps(source)).toEqual(flagged);
  });

  it("finds none in the repository's tests", () => {
    const offenders = testFiles(ROOT)
      .map((file) => path.relative(ROOT, file).split(path.sep).join("/"))
      .filter((file) => file !== SELF)
      .flatMap((file) => findUnexplainedSleeps(fs.readFileSync(path.join(ROOT, file), "utf8")).map((line) => `${file}:${line}`));
    expect(offenders, "wait with waitFor (server/testing/wait-for.ts), an event or an injected clock; or say `// sleep: <why>` above").toEqual([]);
  });
});
