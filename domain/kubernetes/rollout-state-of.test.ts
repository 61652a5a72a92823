import { describe, expect, it } from "vitest";
import { rolloutStateOf, type DeploymentRolloutInput } from "./rollout-state-of.ts";

const progressingCondition = (reason: string, message = "") => ({ type: "Progressing", status: reason === "ProgressDeadlineExceeded" ? "False" : "True", reason, message });

describe("rolloutStateOf", () => {
  const cases: { label: string; input: DeploymentRolloutInput; state: string; message?: RegExp | null }[] = [
    { label: "no status yet", input: { generation: 1, desiredReplicas: 3, status: undefined }, state: "unknown", message: /not reported/ },
    { label: "status without observedGeneration", input: { generation: 1, desiredReplicas: 3, status: {} }, state: "unknown" },
    {
      label: "all replicas updated and available at the observed generation",
      input: { generation: 4, desiredReplicas: 3, status: { observedGeneration: 4, replicas: 3, updatedReplicas: 3, availableReplicas: 3 } },
      state: "complete",
      message: null,
    },
    {
      label: "observedGeneration ahead of generation still counts as observed",
      input: { generation: 4, desiredReplicas: 3, status: { observedGeneration: 5, replicas: 3, updatedReplicas: 3, availableReplicas: 3 } },
      state: "complete",
    },
    {
      label: "spec.replicas defaults to 1",
      input: { generation: 1, desiredReplicas: undefined, status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 } },
      state: "complete",
    },
    {
      label: "scaled to zero",
      input: { generation: 2, desiredReplicas: 0, status: { observedGeneration: 2 } },
      state: "complete",
    },
    {
      label: "controller has not seen the new spec",
      input: { generation: 5, desiredReplicas: 3, status: { observedGeneration: 4, replicas: 3, updatedReplicas: 3, availableReplicas: 3 } },
      state: "progressing",
      message: /observe generation 5/,
    },
    {
      label: "a stale deadline from the previous generation is not a failure",
      input: { generation: 5, desiredReplicas: 3, status: { observedGeneration: 4, conditions: [progressingCondition("ProgressDeadlineExceeded", "old")] } },
      state: "progressing",
    },
    {
      label: "progress deadline exceeded",
      input: {
        generation: 5,
        desiredReplicas: 3,
        status: { observedGeneration: 5, replicas: 4, updatedReplicas: 1, availableReplicas: 3, conditions: [progressingCondition("ProgressDeadlineExceeded", 'ReplicaSet "checkout-7d9" has timed out progressing.')] },
      },
      state: "failed",
      message: /timed out progressing/,
    },
    {
      label: "new replicas not all updated",
      input: { generation: 5, desiredReplicas: 3, status: { observedGeneration: 5, replicas: 4, updatedReplicas: 1, availableReplicas: 3, conditions: [progressingCondition("ReplicaSetUpdated")] } },
      state: "progressing",
      message: /1 of 3 new replicas/,
    },
    {
      label: "old replicas still terminating",
      input: { generation: 5, desiredReplicas: 3, status: { observedGeneration: 5, replicas: 4, updatedReplicas: 3, availableReplicas: 3 } },
      state: "progressing",
      message: /1 old replicas/,
    },
    {
      label: "updated replicas not yet available",
      input: { generation: 5, desiredReplicas: 3, status: { observedGeneration: 5, replicas: 3, updatedReplicas: 3, availableReplicas: 2 } },
      state: "progressing",
      message: /2 of 3 updated replicas are available/,
    },
    {
      label: "a replica failure explains why it is stuck",
      input: {
        generation: 2,
        desiredReplicas: 3,
        status: { observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 1, conditions: [{ type: "ReplicaFailure", status: "True", reason: "FailedCreate", message: "exceeded quota: compute" }] },
      },
      state: "progressing",
      message: /exceeded quota/,
    },
    {
      label: "paused",
      input: { generation: 2, desiredReplicas: 3, status: { observedGeneration: 2, replicas: 3, updatedReplicas: 1, conditions: [progressingCondition("DeploymentPaused")] } },
      state: "progressing",
      message: /paused/,
    },
  ];

  it.each(cases)("$label → $state", ({ input, state, message }) => {
    const result = rolloutStateOf(input);
    expect(result.state).toBe(state);
    if (message === null) expect(result.message).toBeNull();
    else if (message !== undefined) expect(result.message).toMatch(message);
  });
});
