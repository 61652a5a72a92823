import { describe, expect, it } from "vitest";
import { followLocations, globToRegExp, resolveRelativeTarget, type LocationDocument } from "./follow-locations.ts";
import { parseCatalogFile } from "./parse-catalog-file.ts";

const location = (file: string, targets: string[], type: string | null = null): LocationDocument => ({
  file,
  documentIndex: 0,
  entityRef: `location:default/${file}`,
  type,
  targets,
});

describe("resolveRelativeTarget", () => {
  it.each([
    ["catalog/all.yaml", "./teams.yaml", "catalog/teams.yaml"],
    ["catalog/all.yaml", "components/web.yaml", "catalog/components/web.yaml"],
    ["catalog/sub/a.yaml", "../all.yaml", "catalog/all.yaml"],
    ["all.yaml", "./x/../y.yaml", "y.yaml"],
    ["all.yaml", "../outside.yaml", null],
  ])("%s + %s → %s", (from, target, expected) => {
    expect(resolveRelativeTarget(from, target)).toBe(expected);
  });
});

describe("globToRegExp", () => {
  it.each([
    ["catalog/*.yaml", "catalog/a.yaml", true],
    ["catalog/*.yaml", "catalog/sub/a.yaml", false],
    ["catalog/**/*.yaml", "catalog/a.yaml", true],
    ["catalog/**/*.yaml", "catalog/sub/deep/a.yaml", true],
    ["catalog/**/catalog-info.yaml", "catalog/x/catalog-info.yaml", true],
    ["catalog/?.yaml", "catalog/ab.yaml", false],
    ["catalog/*.{yaml,yml}", "catalog/a.yml", true],
    ["catalog/a.yaml", "catalog/aXyaml", false],
  ])("%s matches %s: %s", (glob, file, matches) => {
    expect(globToRegExp(glob).test(file)).toBe(matches);
  });
});

describe("followLocations", () => {
  const files = ["c/all.yaml", "c/teams.yaml", "c/components/web.yaml", "c/components/api.yaml", "c/components/nested/deep.yaml"];

  it("follows relative targets and globs among the import's files", () => {
    const { problems, followed } = followLocations([location("c/all.yaml", ["./teams.yaml", "./components/*.yaml"])], files);
    expect(problems).toEqual([]);
    expect(followed.get("c/all.yaml#0")).toEqual(["c/components/api.yaml", "c/components/web.yaml", "c/teams.yaml"]);
  });

  it("reports remote targets as not followed, and targets that name no file of the import", () => {
    const { problems, followed } = followLocations(
      [
        location("c/all.yaml", ["https://github.com/backstage/backstage/blob/master/packages/catalog-model/examples/all.yaml", "./missing.yaml", "./nothing/*.yaml"]),
        location("c/teams.yaml", ["./other.yaml"], "url"),
      ],
      files,
    );
    expect(followed.get("c/all.yaml#0")).toEqual([]);
    expect(problems.map((problem) => [problem.file, problem.severity, problem.message.split(":")[0]])).toEqual([
      ["c/all.yaml", "warning", '"https'],
      ["c/all.yaml", "warning", '"./missing.yaml"'],
      ["c/all.yaml", "warning", '"./nothing/*.yaml"'],
      ["c/teams.yaml", "warning", '"./other.yaml"'],
    ]);
    expect(problems[0]?.message).toContain("remote target not followed");
    expect(problems[1]?.message).toContain("is no file of this import (looked for c/missing.yaml)");
  });

  it("detects a cycle and reports it once, on the Location that closes it", () => {
    const { problems } = followLocations([location("c/all.yaml", ["./teams.yaml"]), location("c/teams.yaml", ["./all.yaml"])], files);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "c/teams.yaml", field: "spec.targets", severity: "warning" });
    expect(problems[0]?.message).toContain("cycle: c/all.yaml → c/teams.yaml → c/all.yaml");
  });

  it("reads Location documents from a file with target and targets, as Backstage's examples write them", () => {
    const text = `apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: example-groups
spec:
  type: file
  target: ./acme/org.yaml
---
apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: example-components
  namespace: examples
spec:
  targets:
    - ./components/*.yaml
    - ./apis/petstore-api.yaml
`;
    expect(parseCatalogFile("examples/all.yaml", text).locations).toEqual([
      { file: "examples/all.yaml", documentIndex: 0, entityRef: "location:default/example-groups", type: "file", targets: ["./acme/org.yaml"] },
      { file: "examples/all.yaml", documentIndex: 1, entityRef: "location:examples/example-components", type: null, targets: ["./components/*.yaml", "./apis/petstore-api.yaml"] },
    ]);
  });
});
