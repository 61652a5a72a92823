import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { spawnSync } from "node:child_process";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSourceMapCache } from "./lazy-source-maps.ts";
import { mapStackTrace } from "./map-stack-trace.ts";

// A bundle as our build writes them (esbuild, a linked map beside the file), from a source
// whose `new Error` sits on a known line and column.
const SOURCE = ["export function boom(): Error {", "  const reason = 'boom';", "  return new Error(reason);", "}", ""].join("\n");

let dir: string;
let bundle: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lazy-maps-"));
  fs.mkdirSync(path.join(dir, "src", "(group)"), { recursive: true });
  fs.writeFileSync(path.join(dir, "src", "(group)", "boom.ts"), SOURCE);
  bundle = path.join(dir, "out", "[chunk]-boom.js");
  buildSync({ entryPoints: [path.join(dir, "src", "(group)", "boom.ts")], bundle: true, format: "cjs", platform: "node", sourcemap: "linked", outfile: bundle, logLevel: "silent" });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The generated line and column (1-based) of `new Error` in the bundle. */
function generatedPosition(file: string): { line: number; column: number } {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const line = lines.findIndex((l) => l.includes("new Error(reason)"));
  return { line: line + 1, column: (lines[line] ?? "").indexOf("new Error") + 1 };
}

describe("source maps read on demand", () => {
  it("moves a frame in a bundle to the original file, line and column, by path and by file URL", () => {
    const cache = createSourceMapCache({ maxMaps: 4 });
    const { line, column } = generatedPosition(bundle);
    const original = `${path.join(dir, "src", "(group)", "boom.ts")}:3:10`;
    const stack = [
      "Error: boom",
      `    at boom (${bundle}:${line}:${column})`,
      `    at ${bundle}:${line}:${column}`,
      `    at async Promise.all (index 0)`,
      `    at new Thing (${pathToFileURL(bundle).href}:${line}:${column})`,
      "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
    ].join("\n");
    expect(mapStackTrace(stack, cache).split("\n")).toEqual([
      "Error: boom",
      `    at boom (${original})`,
      `    at ${original}`,
      `    at async Promise.all (index 0)`,
      `    at new Thing (${original})`,
      "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
    ]);
    expect(cache.size()).toBe(1);
  });

  it("gives the payload with absolute sources, as Node's own cache does (what Next's lookup reads)", () => {
    const cache = createSourceMapCache({ maxMaps: 4 });
    const loaded = cache.find(pathToFileURL(bundle).href);
    expect(loaded?.payload.sources.map((source) => fileURLToPath(source))).toEqual([path.join(dir, "src", "(group)", "boom.ts")]);
    expect(cache.find(bundle)).toBe(loaded);
  });

  it("reads index maps (Turbopack's chunks), inline data: maps and a sourceRoot", () => {
    const cache = createSourceMapCache({ maxMaps: 4 });
    // Two sections; the second starts at line 2: "AAAA" maps its column 0 to the source's line 1, column 0.
    const index = {
      version: 3,
      sections: [
        { offset: { line: 0, column: 0 }, map: { version: 3, sources: ["a.ts"], names: [], mappings: "AAAA" } },
        { offset: { line: 2, column: 0 }, map: { version: 3, sourceRoot: "../src", sources: ["b.ts"], names: [], mappings: "AAEA" } },
      ],
    };
    const chunk = path.join(dir, "out", "chunk.js");
    fs.writeFileSync(chunk, "a();\n\nb();\n//# sourceMappingURL=chunk.js.map\n");
    fs.writeFileSync(`${chunk}.map`, JSON.stringify(index));
    expect(mapStackTrace(`Error: x\n    at b (${chunk}:3:1)`, cache)).toBe(`Error: x\n    at b (${path.join(dir, "src", "b.ts")}:3:1)`);

    const inline = path.join(dir, "out", "inline.js");
    const map = Buffer.from(JSON.stringify({ version: 3, sources: ["inline.ts"], names: [], mappings: "AAAA" })).toString("base64");
    fs.writeFileSync(inline, `x();\n//# sourceMappingURL=data:application/json;base64,${map}`);
    expect(mapStackTrace(`Error: x\n    at ${inline}:1:1`, cache)).toBe(`Error: x\n    at ${path.join(dir, "out", "inline.ts")}:1:1`);
  });

  it("leaves frames as they are when a file has no map, its map is broken or missing, or the position is unmapped", () => {
    const cache = createSourceMapCache({ maxMaps: 4 });
    const plain = path.join(dir, "out", "plain.js");
    fs.writeFileSync(plain, "x();\n");
    const broken = path.join(dir, "out", "broken.js");
    fs.writeFileSync(broken, "x();\n//# sourceMappingURL=broken.js.map");
    fs.writeFileSync(`${broken}.map`, "{ not json");
    const missing = path.join(dir, "out", "missing.js");
    fs.writeFileSync(missing, "x();\n//# sourceMappingURL=nowhere.js.map");
    // A message may echo input that looks like a frame: only regular .js files are opened.
    const fifo = path.join(dir, "out", "pipe.js");
    spawnSync("mkfifo", [fifo]);
    const stack = [`Error: x`, `    at /etc/passwd:1:1`, `    at ${fifo}:1:1`, `    at ${plain}:1:1`, `    at f (${broken}:1:1)`, `    at g (${missing}:1:1)`, `    at h (${bundle}:1:1)`, `    at i (${dir}/gone.js:1:1)`].join("\n");
    expect(mapStackTrace(stack, cache)).toBe(stack);
  });

  it("holds at most maxMaps maps, dropping the one used longest ago", () => {
    const cache = createSourceMapCache({ maxMaps: 2 });
    const files = [0, 1, 2].map((n) => {
      const file = path.join(dir, "out", `lru-${n}.js`);
      fs.writeFileSync(file, `x();\n//# sourceMappingURL=lru-${n}.js.map`);
      fs.writeFileSync(`${file}.map`, JSON.stringify({ version: 3, sources: [`lru-${n}.ts`], names: [], mappings: "AAAA" }));
      return file;
    });
    const first = cache.find(files[0] ?? "");
    cache.find(files[1] ?? "");
    expect(cache.find(files[0] ?? "")).toBe(first);
    cache.find(files[2] ?? "");
    expect(cache.size()).toBe(2);
    // files[1] was used longest ago: read again, a new object; files[0] is still held.
    expect(cache.find(files[0] ?? "")).toBe(first);
  });
});
