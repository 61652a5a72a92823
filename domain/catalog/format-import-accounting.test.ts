import { describe, expect, it } from "vitest";
import { formatImportAccounting } from "./format-import-accounting.ts";

describe("formatImportAccounting", () => {
  it("prints one aligned row per kind, a total, and every document not imported with its reason", () => {
    const lines = formatImportAccounting({
      documentsRead: 4,
      kinds: [
        { format: "backstage", kind: "Component", read: 2, imported: 1, updated: 0, unchanged: 0, skipped: 0, rejected: 1 },
        { format: "backstage", kind: "Location", read: 1, imported: 0, updated: 0, unchanged: 0, skipped: 1, rejected: 0 },
        { format: "openslo", kind: "SLO", read: 1, imported: 0, updated: 0, unchanged: 1, skipped: 0, rejected: 0 },
      ],
      notImported: [
        { file: "a.yaml", documentIndex: 1, format: "backstage", kind: "Component", entityRef: "component:default/orphan", outcome: "rejected", reason: "spec.owner: unknown group" },
        { file: "a.yaml", documentIndex: 2, format: "backstage", kind: "Location", outcome: "skipped", reason: "points at other files" },
      ],
    });
    expect(lines).toEqual([
      "kind           read  imported  updated  unchanged  skipped  rejected",
      "Component         2         1        0          0        0         1",
      "Location          1         0        0          0        1         0",
      "SLO (OpenSLO)     1         0        0          1        0         0",
      "total             4         1        0          1        1         1",
      "rejected: a.yaml, document 2 (component:default/orphan): spec.owner: unknown group",
      "skipped: a.yaml, document 3 (Location): points at other files",
    ]);
  });
});
