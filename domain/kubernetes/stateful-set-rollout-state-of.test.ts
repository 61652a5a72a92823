import { describe, expect, it } from "vitest";
import { statefulSetRolloutStateOf, type StatefulSetRolloutInput } from "./stateful-set-rollout-state-of.ts";

describe("statefulSetRolloutStateOf", () => {
  const rolling = { type: "RollingUpdate" };
  const cases: { label: string; input: StatefulSetRolloutInput; state: string; message?: RegExp }[] = [
    { label: "no status yet", input: { generation: 1, desiredReplicas: 3, updateStrategy: rolling, status: undefined }, state: "unknown" },
    {
      label: "all ready on one revision",
      input: { generation: 2, desiredReplicas: 3, updateStrategy: rolling, status: { observedGeneration: 2, readyReplicas: 3, updatedReplicas: 3, currentRevision: "db-1", updateRevision: "db-1" } },
      state: "complete",
    },
    {
      label: "update strategy defaults to RollingUpdate",
      input: { generation: 2, desiredReplicas: 1, updateStrategy: undefined, status: { observedGeneration: 2, readyReplicas: 1, currentRevision: "db-1", updateRevision: "db-1" } },
      state: "complete",
    },
    {
      label: "generation not yet observed",
      input: { generation: 3, desiredReplicas: 3, updateStrategy: rolling, status: { observedGeneration: 2, readyReplicas: 3, currentRevision: "db-1", updateRevision: "db-1" } },
      state: "progressing",
      message: /generation 3/,
    },
    {
      label: "pods not ready",
      input: { generation: 2, desiredReplicas: 3, updateStrategy: rolling, status: { observedGeneration: 2, readyReplicas: 2, currentRevision: "db-1", updateRevision: "db-1" } },
      state: "progressing",
      message: /2 of 3 replicas are ready/,
    },
    {
      label: "rolling to a new revision",
      input: { generation: 3, desiredReplicas: 3, updateStrategy: rolling, status: { observedGeneration: 3, readyReplicas: 3, updatedReplicas: 1, currentRevision: "db-1", updateRevision: "db-2" } },
      state: "progressing",
      message: /revision db-2/,
    },
    {
      label: "partitioned rollout done above the partition",
      input: { generation: 3, desiredReplicas: 3, updateStrategy: { type: "RollingUpdate", partition: 2 }, status: { observedGeneration: 3, readyReplicas: 3, updatedReplicas: 1, currentRevision: "db-1", updateRevision: "db-2" } },
      state: "complete",
    },
    {
      label: "partitioned rollout still going",
      input: { generation: 3, desiredReplicas: 4, updateStrategy: { type: "RollingUpdate", partition: 2 }, status: { observedGeneration: 3, readyReplicas: 4, updatedReplicas: 1, currentRevision: "db-1", updateRevision: "db-2" } },
      state: "progressing",
    },
    {
      label: "OnDelete is not tracked",
      input: { generation: 3, desiredReplicas: 3, updateStrategy: { type: "OnDelete" }, status: { observedGeneration: 3, readyReplicas: 3 } },
      state: "unknown",
      message: /OnDelete/,
    },
  ];

  it.each(cases)("$label → $state", ({ input, state, message }) => {
    const result = statefulSetRolloutStateOf(input);
    expect(result.state).toBe(state);
    if (message !== undefined) expect(result.message).toMatch(message);
    if (state === "complete") expect(result.message).toBeNull();
  });
});
