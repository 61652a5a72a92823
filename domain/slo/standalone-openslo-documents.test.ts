import { describe, expect, it } from "vitest";
import {
  buildStandaloneOpenSloExport,
  collectStandaloneOpenSloDocuments,
  keepRedactedSecrets,
  REDACTED,
  redactOpenSloSpec,
} from "./standalone-openslo-documents.ts";

const TEXT = `apiVersion: openslo/v1
kind: DataSource
metadata: { name: TestDataSource, displayName: Test Data Source }
spec:
  type: CloudWatch
  connectionDetails: { accessKeyID: accessKey, secretAccessKey: secretAccessKey, region: eu-central-1, auth: { password: hunter2 } }
---
- apiVersion: openslo/v1
  kind: SLI
  metadata: { name: foo-error }
  spec: { thresholdMetric: { metricSource: { type: Prometheus, spec: { query: latency } } } }
- apiVersion: openslo/v1
  kind: SLI
  metadata: { name: foo-error }
  spec: { description: a second of the same name is ignored }
---
apiVersion: openslo/v1
kind: SLI
metadata: { displayName: no name }
spec: {}
`;

describe("collectStandaloneOpenSloDocuments", () => {
  it("reads named SLI and DataSource documents with where they were, the first of a kind and name winning", () => {
    expect(collectStandaloneOpenSloDocuments([{ file: "slis.yaml", text: TEXT }]).map((d) => [d.kind, d.name, d.displayName, d.documentIndex, d.itemIndex])).toEqual([
      ["DataSource", "TestDataSource", "Test Data Source", 0, undefined],
      ["SLI", "foo-error", null, 1, 0],
    ]);
  });
});

describe("redactOpenSloSpec", () => {
  it("replaces secret-looking connectionDetails values of a DataSource, nested ones too, and leaves the rest", () => {
    const spec = { type: "CloudWatch", connectionDetails: { accessKeyID: "a", secretAccessKey: "s", apiKey: "k", token: "t", region: "eu", auth: { password: "p" } } };
    expect(redactOpenSloSpec("DataSource", spec)).toEqual({
      type: "CloudWatch",
      connectionDetails: { accessKeyID: REDACTED, secretAccessKey: REDACTED, apiKey: REDACTED, token: REDACTED, region: "eu", auth: REDACTED },
    });
    expect(redactOpenSloSpec("SLI", spec)).toBe(spec);
  });
});

describe("keepRedactedSecrets", () => {
  it("keeps the stored value where the incoming one is <redacted>, and takes every other change", () => {
    expect(keepRedactedSecrets({ connectionDetails: { token: REDACTED, region: "us" } }, { connectionDetails: { token: "real", region: "eu" } })).toEqual({
      connectionDetails: { token: "real", region: "us" },
    });
    expect(keepRedactedSecrets({ connectionDetails: { token: REDACTED } }, null)).toEqual({ connectionDetails: { token: REDACTED } });
  });
});

describe("buildStandaloneOpenSloExport", () => {
  it("writes OpenSLO v1 documents that read back as the same documents, secrets redacted", () => {
    const documents = collectStandaloneOpenSloDocuments([{ file: "slis.yaml", text: TEXT }]).map(({ kind, name, displayName, spec }) => ({ kind, name, displayName, spec }));
    const text = buildStandaloneOpenSloExport(documents);
    expect(text).not.toContain("hunter2");
    const again = collectStandaloneOpenSloDocuments([{ file: "export.yaml", text }]).map(({ kind, name, displayName, spec }) => ({ kind, name, displayName, spec }));
    expect(again).toEqual(documents.map((document) => ({ ...document, spec: redactOpenSloSpec(document.kind, document.spec) })));
    expect(buildStandaloneOpenSloExport([])).toBe("");
  });
});
