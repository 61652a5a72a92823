import { describe, expect, it } from "vitest";
import { deploymentStatusEvent } from "@/integrations/github/testing/deployment-protection-rule-event.ts";
import { deployEventForStatus, ZDeploymentStatusEvent } from "./deployment-status-event.ts";

describe("deployment_status events", () => {
  it("reads the state, the environment and the workflow run of GitHub's documented payload", () => {
    const event = ZDeploymentStatusEvent.parse(deploymentStatusEvent({ apiUrl: "https://api.github.com", repository: "acme/payments", runId: 42, environment: "production", installationId: 7, state: "success" }));
    expect(event).toMatchObject({ deployment_status: { state: "success", log_url: "https://github.com/acme/payments/actions/runs/42/job/1" }, deployment: { environment: "production" }, workflow_run: { id: "42" }, installation: { id: "7" } });
  });

  it("maps GitHub's states to the gate's deploy events; the others say nothing about the outcome", () => {
    expect(["in_progress", "success", "failure", "error", "queued", "pending", "waiting", "inactive"].map(deployEventForStatus)).toEqual(["started", "succeeded", "failed", "failed", null, null, null, null]);
  });
});
