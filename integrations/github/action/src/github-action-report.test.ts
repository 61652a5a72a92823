import { describe, expect, it } from "vitest";
import type { TGateResult } from "@/cli/commands/gate-command.ts";
import { gateActionArgs, gateActionOutputs, githubOutputText, renderJobSummary } from "./github-action-report.ts";

const approved: TGateResult = {
  decision: "approved",
  exitCode: 0,
  status: "approved",
  id: "3f1c",
  url: "https://plumbline.example/deploys/3f1c",
  summary: "Approved by Checkout",
  reasons: [{ rule: "dependents-out-of-slo", type: "dependents_out_of_slo", effect: "require_approval", message: "checkout is breached | 0% budget\nleft" }],
  approvals: [{ team: "checkout", teamName: "Checkout", status: "approved", decidedBy: "Priya Raman", comment: "go", because: [] }],
  error: null,
};

describe("gateActionArgs", () => {
  it("passes the inputs as the gate's flags, leaving out empty optional ones", () => {
    expect(gateActionArgs({ INPUT_SERVICE: "payments", INPUT_ENVIRONMENT: " production ", INPUT_VERSION: "1.2.3", INPUT_WAIT: "10m", INPUT_COMMIT: "", INPUT_BREAK_GLASS: "" })).toEqual([
      "--service",
      "payments",
      "--env",
      "production",
      "--version",
      "1.2.3",
      "--wait",
      "10m",
    ]);
    expect(gateActionArgs({ INPUT_SERVICE: "a", INPUT_ENVIRONMENT: "b", INPUT_VERSION: "c", INPUT_BREAK_GLASS: "incident 42" })).toContain("incident 42");
  });
});

describe("githubOutputText", () => {
  it("writes every output in the multiline form, so a value cannot inject another output", () => {
    const text = githubOutputText({ ...gateActionOutputs(approved), "deploy-request-url": "x\ndecision=approved" }, "DELIM");
    expect(text).toContain("decision<<DELIM\napproved\nDELIM\n");
    expect(text).toContain("deploy-request-url<<DELIM\nx\ndecision=approved\nDELIM\n");
    expect(() => githubOutputText({ decision: "a\nDELIM\nstatus<<X" }, "DELIM")).toThrow(/delimiter/);
  });

  it("has empty outputs for an error", () => {
    expect(gateActionOutputs({ ...approved, decision: "error", exitCode: 1, status: null, id: null, url: null, reasons: [], approvals: [], error: "401" })).toEqual({
      decision: "error",
      status: "",
      "deploy-request-id": "",
      "deploy-request-url": "",
    });
  });
});

describe("renderJobSummary", () => {
  it("shows the decision, the link, the reasons and the approvals as one-line table cells", () => {
    const summary = renderJobSummary(approved, { service: "payments", environment: "production", version: "1.2.3" });
    expect(summary).toContain("### Plumbline deploy gate · ✅ Approved");
    expect(summary).toContain("[deploy request](https://plumbline.example/deploys/3f1c)");
    expect(summary).toContain("| dependents-out-of-slo | require_approval | checkout is breached \\| 0% budget left |");
    expect(summary).toContain("| Checkout | approved | Priya Raman — “go” |");
  });

  it("says why when the gate could not be asked, without HTML", () => {
    const summary = renderJobSummary({ ...approved, decision: "error", exitCode: 1, status: null, id: null, url: null, summary: null, reasons: [], approvals: [], error: "<b>401</b> not valid" }, { service: "p", environment: "e", version: "v" });
    expect(summary).toContain("⚠️ The gate could not be asked");
    expect(summary).toContain("> &lt;b&gt;401&lt;/b&gt; not valid");
  });
});
