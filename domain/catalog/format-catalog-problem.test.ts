import { describe, expect, it } from "vitest";
import { formatCatalogProblem } from "./format-catalog-problem.ts";

describe("formatCatalogProblem", () => {
  it("names file, document (counted from 1), entity and field", () => {
    const line = formatCatalogProblem({
      file: "catalog/x.yaml",
      documentIndex: 2,
      entityRef: "component:default/checkout",
      field: "spec.owner",
      message: 'no Group named "paymnts" in the catalog',
      severity: "error",
    });
    expect(line).toBe('catalog/x.yaml, document 3 (component:default/checkout), spec.owner: no Group named "paymnts" in the catalog');
  });

  it("leaves out the entity when it is not known, e.g. on a YAML syntax error", () => {
    const line = formatCatalogProblem({ file: "a.yaml", documentIndex: 0, field: "(yaml)", message: "YAML syntax error", severity: "error" });
    expect(line).toBe("a.yaml, document 1, (yaml): YAML syntax error");
  });
});
