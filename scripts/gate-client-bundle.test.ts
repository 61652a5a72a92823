import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildGateBundle, GATE_BUNDLES, GATE_CLIENT_FILE } from "./gate-client-bundle.ts";

describe.each(GATE_BUNDLES.map((bundle) => ({ ...bundle, name: path.relative(process.cwd(), bundle.file) })))("the generated $name", (bundle) => {
  it("is up to date with its sources (run `npm run build:gate` when this fails)", async () => {
    const fresh = await buildGateBundle(bundle);
    expect(fs.readFileSync(bundle.file, "utf8") === fresh, `${bundle.file} is stale: run npm run build:gate`).toBe(true);
  }, 30_000);

  it("imports nothing but Node's built-ins, and carries no configuration module or zod", () => {
    const text = fs.readFileSync(bundle.file, "utf8");
    const imports = [...text.matchAll(/^\s*import\s[^"']*["']([^"']+)["']/gm), ...text.matchAll(/\b(?:import|require)\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((specifier) => !specifier?.startsWith("node:"))).toEqual([]);
    expect(text).not.toMatch(/server\/config|from "zod"|\/\/ node_modules\//);
    expect(fs.statSync(bundle.file).mode & 0o111).not.toBe(0);
  });
});

describe("the plumbline-gate package", () => {
  it("has the client as the bin of both packages, with a shebang", () => {
    expect(fs.readFileSync(GATE_CLIENT_FILE, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const root = JSON.parse(fs.readFileSync("package.json", "utf8")) as { bin?: Record<string, string> };
    const own = JSON.parse(fs.readFileSync("packages/plumbline-gate/package.json", "utf8")) as { bin?: Record<string, string>; engines?: Record<string, string>; files?: string[] };
    expect(root.bin).toEqual({ "plumbline-gate": "packages/plumbline-gate/plumbline-gate.mjs" });
    expect(own).toMatchObject({ bin: { "plumbline-gate": "plumbline-gate.mjs" }, engines: { node: ">=18.3" } });
    expect(own.files).toContain("plumbline-gate.mjs");
  });
});
