import path from "node:path";
import { describe, expect, it } from "vitest";
import { readCompositeAction } from "@/integrations/github/testing/run-composite-action.ts";

// The action's behaviour is tested against the running app (server/gate/deploy-gate-api.integration.test.ts);
// this checks its declaration.
describe("integrations/github/action/action.yml", () => {
  const action = readCompositeAction(path.join(process.cwd(), "integrations", "github", "action"));

  it("is a composite action with the documented inputs and outputs", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs)).toEqual(["service", "environment", "version", "wait", "url", "token", "commit", "break-glass"]);
    expect(Object.entries(action.inputs).filter(([, input]) => input.required).map(([name]) => name)).toEqual(["service", "environment", "version", "url", "token"]);
    expect(action.inputs.wait?.default).toBe("30m");
    expect(Object.keys(action.outputs)).toEqual(["decision", "status", "deploy-request-url", "deploy-request-id"]);
    for (const input of Object.values(action.inputs)) expect(input.description).toEqual(expect.any(String));
  });

  it("passes inputs to its script through env only (no expression inside run, so no script injection)", () => {
    for (const step of action.runs.steps) {
      expect(step.run).toBeDefined();
      expect(step.run).not.toContain("${{");
      expect(step.shell).toBe("bash");
    }
  });
});
