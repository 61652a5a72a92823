import { describe, expect, it } from "vitest";
import { effectiveStatus, gateDecisionOf, statusFromApprovals, transitionForCancel, transitionForDeployEvent } from "./deploy-status.ts";

describe("statusFromApprovals", () => {
  it.each([
    { approvals: ["pending"], expected: "pending" },
    { approvals: ["approved", "pending"], expected: "pending" },
    { approvals: ["approved", "approved"], expected: "approved" },
    { approvals: ["approved", "rejected"], expected: "rejected" },
    { approvals: ["pending", "rejected"], expected: "rejected" },
    { approvals: ["expired", "approved"], expected: "pending" },
    { approvals: [], expected: "pending" },
  ] as const)("$approvals → $expected", ({ approvals, expected }) => {
    expect(statusFromApprovals(approvals)).toBe(expected);
  });
});

describe("transitionForDeployEvent", () => {
  it.each([
    { status: "approved", type: "started", expected: { kind: "unchanged", status: "approved" } },
    { status: "approved", type: "succeeded", expected: { kind: "change", from: "approved", to: "deployed" } },
    { status: "approved", type: "failed", expected: { kind: "change", from: "approved", to: "failed" } },
    { status: "failed", type: "succeeded", expected: { kind: "change", from: "failed", to: "deployed" } },
    { status: "deployed", type: "succeeded", expected: { kind: "unchanged", status: "deployed" } },
    { status: "deployed", type: "failed", expected: { kind: "change", from: "deployed", to: "failed" } },
  ] as const)("$status + $type", ({ status, type, expected }) => {
    expect(transitionForDeployEvent(status, type)).toEqual(expected);
  });

  it.each(["pending", "rejected", "expired", "cancelled"] as const)("refuses reports on a %s request", (status) => {
    const result = transitionForDeployEvent(status, "succeeded");
    expect(result.kind).toBe("conflict");
    expect(result.kind === "conflict" && result.message).toContain(status);
  });
});

describe("transitionForCancel", () => {
  it.each([
    { status: "pending", kind: "change" },
    { status: "approved", kind: "change" },
    { status: "cancelled", kind: "unchanged" },
    { status: "rejected", kind: "conflict" },
    { status: "deployed", kind: "conflict" },
    { status: "expired", kind: "conflict" },
  ] as const)("$status → $kind", ({ status, kind }) => {
    expect(transitionForCancel(status).kind).toBe(kind);
  });
});

describe("effectiveStatus", () => {
  const now = new Date("2026-11-23T12:00:00Z");
  it("reads a pending request past its expiry as expired", () => {
    expect(effectiveStatus("pending", new Date("2026-11-23T11:59:59Z"), now)).toBe("expired");
    expect(effectiveStatus("pending", now, now)).toBe("expired");
  });
  it("leaves everything else alone", () => {
    expect(effectiveStatus("pending", new Date("2026-11-23T12:00:01Z"), now)).toBe("pending");
    expect(effectiveStatus("pending", null, now)).toBe("pending");
    expect(effectiveStatus("approved", new Date("2026-11-23T11:00:00Z"), now)).toBe("approved");
  });
});

describe("gateDecisionOf", () => {
  it.each([
    ["pending", "pending"],
    ["approved", "approved"],
    ["deployed", "approved"],
    ["failed", "approved"],
    ["rejected", "rejected"],
    ["expired", "rejected"],
    ["cancelled", "rejected"],
  ] as const)("%s → %s", (status, decision) => {
    expect(gateDecisionOf(status)).toBe(decision);
  });
});
