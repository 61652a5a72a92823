import fs from "node:fs";
import { builtinModules } from "node:module";
import { describe, expect, it } from "vitest";
import { writeServerBundles } from "./server-bundles.ts";

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

describe("the compiled server and CLI (dist/)", () => {
  it("import only Node built-ins and production dependencies: what `npm ci --omit=dev` installs", async () => {
    const { dependencies } = JSON.parse(fs.readFileSync("package.json", "utf8")) as { dependencies: Record<string, string> };
    const metafiles = await writeServerBundles({ write: false });
    const external = new Set(
      metafiles.flatMap((metafile) => Object.values(metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path))),
    );
    const builtins = new Set(builtinModules);
    const packages = [...external].filter((specifier) => !specifier.startsWith("node:") && !builtins.has(specifier)).map(packageName);
    expect(packages).toContain("next");
    expect(packages.filter((name) => !(name in dependencies))).toEqual([]);
  }, 60_000);
});
