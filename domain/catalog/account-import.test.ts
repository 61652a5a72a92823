import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accountImport, documentKey, type DocumentWriteStatus } from "./account-import.ts";
import type { CatalogDocumentRead, CatalogProblem } from "./catalog-types.ts";

const doc = (documentIndex: number, kind: string, format: CatalogDocumentRead["format"] = "backstage", file = "a.yaml"): CatalogDocumentRead => ({
  file,
  documentIndex,
  format,
  kind,
});
const problem = (documentIndex: number, severity: CatalogProblem["severity"], message: string, file = "a.yaml"): CatalogProblem => ({
  file,
  documentIndex,
  entityRef: `component:default/c${documentIndex}`,
  field: "spec.owner",
  message,
  severity,
});

describe("accountImport", () => {
  it("puts each document in one column: written status first, then rejected (errors), then skipped (warnings or the kind's reason)", () => {
    const accounting = accountImport({
      documents: [doc(0, "Component"), doc(1, "Component"), doc(2, "Component"), doc(3, "Component"), doc(4, "Location"), doc(5, "Resource"), doc(6, "SLO", "openslo")],
      problems: [
        problem(1, "error", 'group "nobody" is not in the catalog; component not imported'),
        problem(2, "warning", "tier banana"),
        problem(3, "error", "slo annotation broken"),
        problem(5, "warning", "Resource is a valid Backstage kind that Plumbline does not import; skipped"),
      ],
      written: new Map<string, DocumentWriteStatus>([
        [documentKey("a.yaml", 0), "imported"],
        [documentKey("a.yaml", 2), "updated"],
        // Written although its SLO annotation was refused: the component itself imported.
        [documentKey("a.yaml", 3), "unchanged"],
        [documentKey("a.yaml", 6), "imported"],
      ]),
    });
    expect(accounting.documentsRead).toBe(7);
    expect(accounting.kinds).toEqual([
      { format: "backstage", kind: "Component", read: 4, imported: 1, updated: 1, unchanged: 1, skipped: 0, rejected: 1 },
      { format: "backstage", kind: "Location", read: 1, imported: 0, updated: 0, unchanged: 0, skipped: 1, rejected: 0 },
      { format: "backstage", kind: "Resource", read: 1, imported: 0, updated: 0, unchanged: 0, skipped: 1, rejected: 0 },
      { format: "openslo", kind: "SLO", read: 1, imported: 1, updated: 0, unchanged: 0, skipped: 0, rejected: 0 },
    ]);
    expect(accounting.notImported).toEqual([
      {
        file: "a.yaml",
        documentIndex: 1,
        format: "backstage",
        kind: "Component",
        entityRef: "component:default/c1",
        outcome: "rejected",
        reason: 'spec.owner: group "nobody" is not in the catalog; component not imported',
      },
      expect.objectContaining({ documentIndex: 4, kind: "Location", outcome: "skipped", reason: expect.stringContaining("points at other files") }),
      expect.objectContaining({ documentIndex: 5, kind: "Resource", outcome: "skipped", reason: expect.stringContaining("does not import") }),
    ]);
  });

  it("gives a YAML syntax error its message as the reason, without the (yaml) field", () => {
    const accounting = accountImport({
      documents: [doc(0, "(unreadable YAML)", "yaml")],
      problems: [{ file: "a.yaml", documentIndex: 0, field: "(yaml)", message: "line 2: unexpected end", severity: "error" }],
      written: new Map(),
    });
    expect(accounting.notImported).toEqual([{ file: "a.yaml", documentIndex: 0, format: "yaml", kind: "(unreadable YAML)", outcome: "rejected", reason: "line 2: unexpected end" }]);
  });

  it("always adds up: every row's columns sum to its read, and the rows to the documents read", () => {
    const kinds = ["Component", "Group", "User", "SLO", "Location"];
    const statuses = ["imported", "updated", "unchanged", "error", "warning", "nothing"] as const;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...kinds), fc.constantFrom(...statuses), fc.constantFrom("a.yaml", "b.yaml")), { maxLength: 60 }), (rows) => {
        const documents = rows.map(([kind, , file], index) => doc(index, kind, kind === "SLO" ? "openslo" : "backstage", file));
        const problems = rows.flatMap(([, status, file], index) => (status === "error" || status === "warning" ? [problem(index, status, status, file)] : []));
        const written = new Map(
          rows.flatMap(([, status, file], index) =>
            status === "imported" || status === "updated" || status === "unchanged" ? [[documentKey(file, index), status] as const] : [],
          ),
        );
        const accounting = accountImport({ documents, problems, written });
        expect(accounting.documentsRead).toBe(rows.length);
        expect(accounting.kinds.reduce((sum, row) => sum + row.read, 0)).toBe(rows.length);
        for (const row of accounting.kinds) {
          expect(row.imported + row.updated + row.unchanged + row.skipped + row.rejected).toBe(row.read);
        }
        const notWritten = accounting.kinds.reduce((sum, row) => sum + row.skipped + row.rejected, 0);
        expect(accounting.notImported).toHaveLength(notWritten);
        expect(accounting.notImported.every((entry) => entry.reason.length > 0)).toBe(true);
      }),
    );
  });
});
