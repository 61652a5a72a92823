import { describe, expect, it } from "vitest";
import { ZDeployRequestInput } from "./gate.schemas.ts";
import { hashDeployRequest } from "./hash-deploy-request.ts";

const hash = (body: unknown) => hashDeployRequest(ZDeployRequestInput.parse(body));
const base = { service: "payments", environment: "production", version: "1.42.0", commit: "9f2c1ab", requestedBy: "ci" };

describe("hashDeployRequest (Idempotency-Key body comparison)", () => {
  it("is a stable sha-256 hex digest", () => {
    expect(hash(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(hash(base)).toBe(hash({ ...base }));
  });

  it("ignores field order, surrounding whitespace, case of environment and commit, and empty optional fields", () => {
    const same = [
      { requestedBy: "ci", commit: "9f2c1ab", version: "1.42.0", environment: "production", service: "payments" },
      { ...base, environment: " Production " },
      { ...base, commit: "9F2C1AB" },
      { ...base, ciUrl: "" },
      { ...base, ciUrl: null },
      { ...base, service: "Payments" },
    ];
    for (const body of same) expect(hash(body)).toBe(hash(base));
  });

  it.each([
    { field: "service", value: "ledger" },
    { field: "environment", value: "staging" },
    { field: "version", value: "1.42.1" },
    { field: "commit", value: "9f2c1ac" },
    { field: "requestedBy", value: "someone-else" },
    { field: "ciUrl", value: "https://ci.example/1" },
    { field: "breakGlassReason", value: "incident 42" },
  ])("differs when $field differs", ({ field, value }) => {
    expect(hash({ ...base, [field]: value })).not.toBe(hash(base));
  });

  it("tells a missing optional field from a present one", () => {
    const { commit: _commit, ...withoutCommit } = base;
    expect(hash(withoutCommit)).not.toBe(hash(base));
  });
});
