import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "./config-variables.ts";
import { renderConfigTable, withConfigTable } from "./render-config-docs.ts";

const readme = fs.readFileSync(path.join(process.cwd(), "README.md"), "utf8");

describe("README.md's configuration table", () => {
  it("is the one server/config generates", () => {
    const expected = withConfigTable(readme);
    if (expected !== readme) {
      expect.fail("README.md's configuration table differs from server/config/config-variables.ts: run `npm run docs:config` (and commit README.md)");
    }
  });

  it("lists every declared variable", () => {
    const table = renderConfigTable();
    for (const name of Object.keys(CONFIG_VARIABLES)) expect(table).toContain(`| \`${name}\``);
  });
});
