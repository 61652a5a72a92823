import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stripSourcesContentUnder, withoutSourcesContent } from "./strip-server-sources-content.ts";

const plain = { version: 3, sources: ["a.ts"], names: ["x"], mappings: "AAAA", sourcesContent: ["const x = 1;"] };

describe("server source maps without the sources' text", () => {
  it("keeps what stack traces need, in plain and index maps", () => {
    expect(withoutSourcesContent(plain)).toEqual({ version: 3, sources: ["a.ts"], names: ["x"], mappings: "AAAA" });
    const index = { version: 3, sections: [{ offset: { line: 0, column: 0 }, map: plain }, { offset: { line: 9, column: 0 }, map: { ...plain, sources: ["b.ts"] } }] };
    expect(withoutSourcesContent(index)).toEqual({
      version: 3,
      sections: [
        { offset: { line: 0, column: 0 }, map: { version: 3, sources: ["a.ts"], names: ["x"], mappings: "AAAA" } },
        { offset: { line: 9, column: 0 }, map: { version: 3, sources: ["b.ts"], names: ["x"], mappings: "AAAA" } },
      ],
    });
  });

  it("rewrites the .map files of a directory tree and leaves other files alone", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strip-maps-"));
    fs.mkdirSync(path.join(dir, "chunks", "ssr"), { recursive: true });
    fs.writeFileSync(path.join(dir, "chunks", "ssr", "a.js.map"), JSON.stringify(plain));
    fs.writeFileSync(path.join(dir, "chunks", "a.js"), "//# sourceMappingURL=a.js.map");
    const result = stripSourcesContentUnder(dir);
    expect(result.files).toBe(1);
    expect(result.savedBytes).toBeGreaterThan(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "chunks", "ssr", "a.js.map"), "utf8"))).not.toHaveProperty("sourcesContent");
    expect(fs.readFileSync(path.join(dir, "chunks", "a.js"), "utf8")).toBe("//# sourceMappingURL=a.js.map");
    expect(stripSourcesContentUnder(dir).files).toBe(0);
  });
});
