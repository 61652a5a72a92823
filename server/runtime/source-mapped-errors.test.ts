import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childProcessEnv } from "@/server/config/get-config.ts";

// Production's process as far as stack traces go: our code bundled by esbuild with linked maps,
// npm packages (Next, pino) loaded from node_modules, and plain `node` without
// --enable-source-maps. The error is made on line 5, column 10 of fixture.ts.
const FIXTURE = ["// A function in a file of ours.", "", "export function makeError(): Error {", "  const message = 'broken on purpose';", "  return new Error(message);", "}", ""].join("\n");

const ROOT = process.cwd();
let dir: string;

function entry(body: string): string {
  return [
    `import { makeError } from "./fixture.ts";`,
    `import util from "node:util";`,
    `import { installNextSourceMapLookup, installSourceMappedStackTraces } from ${JSON.stringify(path.join(ROOT, "server/runtime/source-mapped-errors.ts"))};`,
    `import { logger } from ${JSON.stringify(path.join(ROOT, "server/logger.ts"))};`,
    `void util; void logger; void installNextSourceMapLookup; void installSourceMappedStackTraces;`,
    body,
  ].join("\n");
}

/** Bundles `body` beside the fixture and runs it with plain node; its stdout. */
function run(name: string, body: string, nodeArgs: string[] = []): string {
  fs.writeFileSync(path.join(dir, `${name}.ts`), entry(body));
  const outfile = path.join(dir, "out", `${name}.cjs`);
  buildSync({ entryPoints: [path.join(dir, `${name}.ts`)], bundle: true, format: "cjs", platform: "node", packages: "external", sourcemap: "linked", outfile, logLevel: "silent", absWorkingDir: ROOT });
  const result = spawnSync(process.execPath, [...nodeArgs, outfile], {
    cwd: ROOT,
    encoding: "utf8",
    env: childProcessEnv({ NODE_OPTIONS: "", NODE_PATH: path.join(ROOT, "node_modules"), LOG_FORMAT: "json", LOG_LEVEL: "info" }),
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return result.stdout;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mapped-errors-"));
  fs.writeFileSync(path.join(dir, "fixture.ts"), FIXTURE);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ORIGINAL = () => `${path.join(dir, "fixture.ts")}:5:10`;

describe("stack traces without --enable-source-maps", () => {
  it("error.stack names our TypeScript file where Next does not run (the workers role)", () => {
    const out = run("workers", `installSourceMappedStackTraces(); console.log(makeError().stack);`);
    expect(out).toContain(`at makeError (${ORIGINAL()})`);
    expect(out).not.toContain("workers.cjs:");
  });

  it("in Next's process: a printed error is mapped through the lookup Next reads, a logged one by the logger", () => {
    const out = run(
      "web",
      [
        `installSourceMappedStackTraces();`,
        `installNextSourceMapLookup();`,
        // What Next's server loads in production: it replaces Error.prepareStackTrace with an unmapped one.
        `require("next/dist/server/node-environment");`,
        `const error = makeError();`,
        `console.log("STACK " + JSON.stringify(error.stack));`,
        `console.log("INSPECT " + JSON.stringify(util.inspect(error)));`,
        `logger.error({ err: error }, "logged");`,
      ].join("\n"),
    );
    const line = (prefix: string) => JSON.parse(out.split("\n").find((l) => l.startsWith(prefix))?.slice(prefix.length) ?? "null") as string;
    // Next's own prepareStackTrace is unmapped: that is why the other two are needed.
    expect(line("STACK ")).toContain("web.cjs:");
    expect(line("INSPECT ")).toContain(`at makeError (${path.relative(ROOT, path.join(dir, "fixture.ts"))}:5:10)`);
    const logged = JSON.parse(out.split("\n").find((l) => l.includes('"msg":"logged"')) ?? "{}") as { err?: { stack?: string } };
    expect(logged.err?.stack).toContain(`at makeError (${ORIGINAL()})`);
  });

  it("leaves Node's own mapping in place where it is on (the flag; tsx)", () => {
    const out = run("flagged", `const before = Error.prepareStackTrace; installSourceMappedStackTraces(); console.log(Error.prepareStackTrace === before, makeError().stack);`, ["--enable-source-maps"]);
    expect(out).toContain("true");
    expect(out).toContain(`at makeError (${ORIGINAL()})`);
  });
});
